"""Permissions on partnership conferences (predicates live in `accounts/predicates.py`).

Series and editions are public; organisers maintain them and see the rotation
planner. A member of a municipality may express interest in hosting for that
municipality (organisers may record one for any municipality); only organisers
accept or decline it.
"""

import rules

from partnerhub.accounts.predicates import (
    acts_for_registration,
    is_member_of_any_municipality,
    is_member_of_municipality,
    is_organiser,
    is_person,
    is_registrant,
)

rules.add_perm("conferences", is_organiser)

for model in ("conferenceseries", "edition", "editionpart"):
    rules.add_perm(f"conferences.view_{model}", rules.always_allow)
    rules.add_perm(f"conferences.add_{model}", is_organiser)
    rules.add_perm(f"conferences.change_{model}", is_organiser)
    rules.add_perm(f"conferences.delete_{model}", is_organiser)

rules.add_perm("conferences.view_rotation", is_organiser)

# The object of add_hostinginterest is the municipality that offers to host.
rules.add_perm("conferences.add_hostinginterest", is_organiser | is_member_of_municipality)
rules.add_perm("conferences.view_hostinginterest", is_organiser)
rules.add_perm("conferences.change_hostinginterest", is_organiser)
rules.add_perm("conferences.delete_hostinginterest", is_organiser)
rules.add_perm("conferences.decide_hostinginterest", is_organiser)

# The page with the form: whoever may offer for at least one municipality.
rules.add_perm("conferences.offer_hosting", is_organiser | is_member_of_any_municipality)

# --- Registration ---------------------------------------------------------------
# Any logged-in person may register (the edition is the object); whether
# registration is open and who is eligible is decided by services.registration.
rules.add_perm("conferences.register_for_edition", is_person)
# Organisers run registration: lists, approval, exports, badges, check-in, e-mails.
rules.add_perm("conferences.manage_registrations", is_organiser)
rules.add_perm("conferences.admit_ineligible_partner", is_organiser)

_own_registration = is_organiser | is_registrant | acts_for_registration
rules.add_perm("conferences.view_registration", _own_registration)
rules.add_perm("conferences.change_registration", _own_registration)
rules.add_perm("conferences.cancel_registration", _own_registration)
rules.add_perm("conferences.add_registration", is_person)
rules.add_perm("conferences.delete_registration", is_organiser)
rules.add_perm("conferences.view_registrationgroup", is_organiser)
rules.add_perm("conferences.change_registrationgroup", is_organiser)

# --- Programme and travel grants --------------------------------------------
for model in ("room", "timeslot", "programmesession", "speaker"):
    rules.add_perm(f"conferences.view_{model}", rules.always_allow)
    rules.add_perm(f"conferences.add_{model}", is_organiser)
    rules.add_perm(f"conferences.change_{model}", is_organiser)
    rules.add_perm(f"conferences.delete_{model}", is_organiser)
rules.add_perm("conferences.assign_workshops", is_organiser)
# The object is the registration whose preferences or grant it is.
rules.add_perm("conferences.rank_workshops", _own_registration)
rules.add_perm("conferences.apply_for_travel_grant", _own_registration)
rules.add_perm("conferences.decide_travel_grant", is_organiser)
