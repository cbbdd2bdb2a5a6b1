"""Permissions on climate partnerships, action programmes, reports and secondments.

Only members of the two partner municipalities write and approve their programme:
a member of the German municipality approves for the German side, a member of a
partner municipality for the partner side. Organisers curate (edit, adopt, remind,
decide on secondments) but approve for neither side. The public sees adopted
versions only (and the ones a later adoption replaced); drafts and agreed versions
are visible to the partners and organisers.

The predicates accept any climate record (climate partnership, programme, version,
report, secondment) and walk up to the partnership, so pages must load
`…partnership__german_municipality` and prefetch `partners` (the queries do).
"""

import rules

from partnerhub.accounts.predicates import (
    current_memberships,
    is_member_of_partnership,
    is_organiser,
)

from .models.programmes import PUBLIC_STATUSES


def partnership_of(obj):
    """The partnerships.Partnership behind any climate record (or None)."""
    if obj is None:
        return None
    for attribute in ("climate_partnership", "programme", "version"):
        if hasattr(obj, f"{attribute}_id") and not hasattr(obj, "partnership_id"):
            return partnership_of(getattr(obj, attribute))
    return getattr(obj, "partnership", None)


@rules.predicate
def is_climate_partner(user, obj) -> bool:
    """Member of the German municipality or of a partner municipality of the partnership."""
    return is_member_of_partnership(user, partnership_of(obj))


@rules.predicate
def is_german_side(user, obj) -> bool:
    partnership = partnership_of(obj)
    if partnership is None:
        return False
    return partnership.german_municipality_id in current_memberships(user).municipalities


@rules.predicate
def is_partner_side(user, obj) -> bool:
    partnership = partnership_of(obj)
    if partnership is None:
        return False
    municipality_ids = current_memberships(user).municipalities
    return any(partner.pk in municipality_ids for partner in partnership.partners.all())


@rules.predicate
def is_public_version(user, version) -> bool:
    return version is not None and version.status in PUBLIC_STATUSES


@rules.predicate
def is_submitted_report(user, report) -> bool:
    return report is not None and report.submitted_at is not None


rules.add_perm("climate", is_organiser)
# Project pages are public; curating the project is the organisers'.
rules.add_perm("climate.manage_project", is_organiser)
# Objects: a programme version.
rules.add_perm("climate.view_version", is_public_version | is_organiser | is_climate_partner)
rules.add_perm("climate.edit_programme", is_organiser | is_climate_partner)
rules.add_perm("climate.approve_german_side", is_german_side)
rules.add_perm("climate.approve_partner_side", is_partner_side)
rules.add_perm("climate.adopt_programme", is_organiser | is_german_side)
# Objects: a programme (drafts of it) or a report.
rules.add_perm("climate.view_drafts", is_organiser | is_climate_partner)
rules.add_perm("climate.report_progress", is_organiser | is_climate_partner)
rules.add_perm("climate.view_report", is_submitted_report | is_organiser | is_climate_partner)
# Objects: a climate partnership or a secondment.
rules.add_perm("climate.request_secondment", is_climate_partner)
rules.add_perm("climate.view_secondment", is_organiser | is_climate_partner)
rules.add_perm("climate.report_secondment", is_climate_partner)
rules.add_perm("climate.decide_secondment", is_organiser)
