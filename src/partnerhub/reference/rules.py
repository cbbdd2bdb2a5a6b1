"""Permissions on reference data (predicates live in `accounts/predicates.py`).

Municipalities and organisations are public; an organiser or an
administrator-member may edit them. Countries, DAC lists and SDGs are loaded
from the versioned CSV files and are public to read; changing them is not a
permission anybody gets here (only superusers, through Django's own checks).
"""

import rules

from partnerhub.accounts.predicates import (
    is_admin_of_municipality,
    is_admin_of_organisation,
    is_organiser,
)

rules.add_perm("reference", is_organiser)

for model in ("country", "daclist", "daclistentry", "dacchange", "sdggoal", "sdgtarget"):
    rules.add_perm(f"reference.view_{model}", rules.always_allow)

rules.add_perm("reference.view_municipality", rules.always_allow)
rules.add_perm("reference.add_municipality", is_organiser)
rules.add_perm("reference.change_municipality", is_organiser | is_admin_of_municipality)
rules.add_perm("reference.delete_municipality", is_organiser)

rules.add_perm("reference.view_organisation", rules.always_allow)
rules.add_perm("reference.add_organisation", is_organiser)
rules.add_perm("reference.change_organisation", is_organiser | is_admin_of_organisation)
rules.add_perm("reference.delete_organisation", is_organiser)
