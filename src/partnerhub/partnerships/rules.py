"""Permissions on partnerships (predicates live in `accounts/predicates.py`).

Partnerships are public. Either side may keep its partnership up to date: a
member of the German municipality or of any partner municipality. Any
municipality member may register a new one; only organisers delete.
"""

import rules

from partnerhub.accounts.predicates import (
    is_member_of_any_municipality,
    is_member_of_municipality,
    is_member_of_partnership,
    is_organiser,
)

rules.add_perm("partnerships", is_organiser)

rules.add_perm("partnerships.view_partnership", rules.always_allow)
rules.add_perm("partnerships.add_partnership", is_organiser | is_member_of_any_municipality)
rules.add_perm("partnerships.change_partnership", is_organiser | is_member_of_partnership)
rules.add_perm("partnerships.delete_partnership", is_organiser)

# Partner matchmaking (partnerships/matchmaking.py): a municipality's members and organisers
# see its suggestions and hide it from others' suggestions.
rules.add_perm("partnerships.view_suggestions", is_organiser | is_member_of_municipality)
rules.add_perm("partnerships.hide_from_suggestions", is_organiser | is_member_of_municipality)
