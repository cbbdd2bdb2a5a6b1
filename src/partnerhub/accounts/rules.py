"""Permissions on people and memberships (predicates live in `predicates.py`).

The bare app label ("accounts") is the module permission the admin asks for
before it shows the app at all; organisers get it, nobody else.
"""

import rules

from .predicates import is_organiser, is_self

rules.add_perm("accounts", is_organiser)

rules.add_perm("accounts.view_person", is_self | is_organiser)
rules.add_perm("accounts.change_person", is_self | is_organiser)
rules.add_perm("accounts.add_person", is_organiser)
# People are erased (anonymised), never deleted: deletion would take their
# memberships and history with them and break statistics.
rules.add_perm("accounts.delete_person", rules.always_deny)
rules.add_perm("accounts.export_person", is_self | is_organiser)
rules.add_perm("accounts.erase_person", is_self | is_organiser)

rules.add_perm("accounts.view_membership", is_organiser)
rules.add_perm("accounts.add_membership", is_organiser)
rules.add_perm("accounts.change_membership", is_organiser)
rules.add_perm("accounts.delete_membership", is_organiser)
