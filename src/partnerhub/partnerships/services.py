"""Every write to partnerships goes through here (views, admin, API, demo alike)."""

from django.db import transaction

from partnerhub.core.services import audit_record
from partnerhub.reference.models import Municipality

from .models import Partnership, PartnershipStatus, validate_partners


@transaction.atomic
def partnership_create(
    *,
    german_municipality: Municipality,
    partners: list[Municipality],
    kind: str,
    since_year: int | None = None,
    status: str = PartnershipStatus.ACTIVE,
    description: str = "",
    is_sample: bool = False,
    by=None,
) -> Partnership:
    """Create a partnership after checking both sides; raises ValidationError with field errors."""
    partnership = Partnership(
        german_municipality=german_municipality,
        kind=kind,
        since_year=since_year,
        status=status,
        description=description,
        is_sample=is_sample,
    )
    partnership.full_clean()
    validate_partners(german_municipality, partners)
    partnership.save()
    partnership.partners.set(partners)
    audit_record(subject=partnership, action="partnership.created", actor=by, to_state=status)
    return partnership


@transaction.atomic
def partnership_set_partners(
    *, partnership: Partnership, partners: list[Municipality], by=None
) -> Partnership:
    validate_partners(partnership.german_municipality, partners)
    before = sorted(partnership.partners.values_list("pk", flat=True))
    partnership.partners.set(partners)
    after = sorted(p.pk for p in partners)
    if before != after:
        audit_record(
            subject=partnership,
            action="partnership.partners_changed",
            actor=by,
            from_state=",".join(map(str, before)),
            to_state=",".join(map(str, after)),
        )
    return partnership
