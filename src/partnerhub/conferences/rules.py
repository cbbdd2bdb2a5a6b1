"""Permissions on partnership conferences (predicates live in `accounts/predicates.py`).

Series and editions are public; organisers maintain them and see the rotation
planner. A member of a municipality may express interest in hosting for that
municipality (organisers may record one for any municipality); only organisers
accept or decline it.
"""

import rules

from partnerhub.accounts.predicates import (
    is_member_of_any_municipality,
    is_member_of_municipality,
    is_organiser,
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
