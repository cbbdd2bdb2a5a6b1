"""Permissions on publications and orders.

The catalogue is public. Anybody, logged in or not, may order printed copies;
an order's page is reached with its secret link. Organisers manage the
catalogue (admin) and fulfil orders; nobody else sees the list of orders.
"""

import rules

from partnerhub.accounts.predicates import is_organiser

rules.add_perm("publications", is_organiser)
rules.add_perm("publications.view_publication", rules.always_allow)
rules.add_perm("publications.add_publication", is_organiser)
rules.add_perm("publications.change_publication", is_organiser)
rules.add_perm("publications.delete_publication", is_organiser)
rules.add_perm("publications.view_unpublished", is_organiser)

rules.add_perm("publications.manage_orders", is_organiser)
rules.add_perm("publications.view_publicationorder", is_organiser)
# Orders change only through the services (ship, cancel): not in the admin.
rules.add_perm("publications.add_publicationorder", rules.always_deny)
rules.add_perm("publications.change_publicationorder", rules.always_deny)
rules.add_perm("publications.delete_publicationorder", rules.always_deny)
