"""Permissions of the core app: the audit trail is for organisers."""

import rules

from partnerhub.accounts.predicates import is_organiser

rules.add_perm("core", is_organiser)
rules.add_perm("core.view_auditevent", is_organiser)
