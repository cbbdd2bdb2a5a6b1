"""Every write to partnerships goes through here (views, admin, API, demo alike).

Rules, all checked here (one transaction per function, an audit entry per change):

* the German side lies in Germany; at least one partner, none in Germany
  (`models.Partnership.clean`, `models.validate_partners`);
* themes from `reference.Theme`, SDGs 1–17, descriptions in de/en/fr/es of at most
  `MAX_DESCRIPTION` characters;
* no second partnership of the same kind between the same German municipality
  and one of the same partners (`check_not_duplicate`);
* a person who is not an organiser registers only partnerships of a
  municipality they currently act for, on either side (`partnership_register`);
* a new partner municipality lies outside Germany, has a name not yet in the
  registry for its country, and both coordinates or neither
  (`partner_municipality_create`);
* contacts are roles with a functional address of one of the partnership's
  municipalities, never a person's name (`partnership_set_contacts`);
* a partnership that other records still depend on (e.g. a climate partnership
  of the project) cannot be deleted (`partnership_delete`);
* the stored search document (names of both sides, descriptions) is recomputed
  by every function here that changes it (`search.refresh_search_vectors`).

`by=None` means the system (demo loader, commands); a person passed as `by` must
hold the permission (`partnerships.change_partnership`, `…delete_partnership`).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import current_memberships, is_organiser
from partnerhub.core.services import audit_record
from partnerhub.reference.models import (
    LANGUAGE_CODES,
    Municipality,
    MunicipalityKind,
    SdgGoal,
)

from .models import (
    Partnership,
    PartnershipContact,
    PartnershipKind,
    PartnershipStatus,
    validate_partners,
)
from .search import refresh_search_vectors

MAX_DESCRIPTION = 5000
MAX_CONTACTS = 10
GERMANY = "DE"


# --- helpers -----------------------------------------------------------------


def _sdg_goals(sdgs) -> list[SdgGoal]:
    """SDGs given as goals or numbers; unknown numbers are refused."""
    numbers = sorted({getattr(goal, "pk", goal) for goal in (sdgs or [])})
    try:
        numbers = [int(number) for number in numbers]
    except (TypeError, ValueError):
        raise ValidationError({"sdgs": _("Choose SDGs from 1 to 17.")}) from None
    goals = list(SdgGoal.objects.filter(number__in=numbers).order_by("number"))
    if len(goals) != len(numbers):
        raise ValidationError({"sdgs": _("Choose SDGs from 1 to 17.")})
    return goals


def _apply_descriptions(partnership: Partnership, descriptions: dict[str, str] | None) -> None:
    errors = {}
    for code, text in (descriptions or {}).items():
        if code not in LANGUAGE_CODES:
            errors.setdefault("descriptions", []).append(
                _("Descriptions are possible in German, English, French and Spanish.")
            )
            continue
        text = (text or "").strip()
        if len(text) > MAX_DESCRIPTION:
            errors[f"description_{code}"] = _(
                "At most %(limit)d characters (this text has %(count)d)."
            ) % {"limit": MAX_DESCRIPTION, "count": len(text)}
        setattr(partnership, f"description_{code}", text)
    if errors:
        raise ValidationError(errors)


def check_not_duplicate(
    german_municipality: Municipality, partners, kind: str, exclude_pk=None
) -> None:
    existing = Partnership.objects.filter(
        german_municipality=german_municipality,
        kind=kind,
        partners__in=[partner.pk for partner in partners],
    )
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    if existing.exists():
        raise ValidationError(
            {
                "partners": _(
                    "This partnership is already in the registry: the same German "
                    "municipality, partner and kind."
                )
            }
        )


def _check_may_change(by, partnership: Partnership, perm: str = "change_partnership") -> None:
    if by is not None and not by.has_perm(f"partnerships.{perm}", partnership):
        raise PermissionDenied(_("You may not change this partnership."))


def acts_for(by, municipality: Municipality) -> bool:
    """The person currently acts for `municipality` (any role)."""
    return municipality.pk in current_memberships(by).municipalities


# --- municipalities of the partner side -----------------------------------------


def _unique_slug(name: str, country_id: str) -> str:
    base = (slugify(f"{name}-{country_id}") or "municipality")[:170]
    slug, number = base, 2
    while Municipality.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def partner_municipality_create(
    *,
    name: str,
    kind: str,
    country,
    latitude=None,
    longitude=None,
    languages: list[str] | None = None,
    is_sample: bool = False,
    by=None,
) -> Municipality:
    """Add a municipality of the partner side (outside Germany) to the registry."""
    name = (name or "").strip()
    country_id = getattr(country, "pk", country) or ""
    errors = {}
    if not name:
        errors["name"] = _("Give the name of the partner municipality.")
    if country_id == GERMANY:
        errors["country"] = _(
            "A partner municipality lies outside Germany; German municipalities are "
            "added by the organisers."
        )
    if kind not in MunicipalityKind.values:
        errors["kind"] = _("Choose a type from the list.")
    if (
        name
        and country_id
        and Municipality.objects.filter(name__iexact=name, country_id=country_id).exists()
    ):
        errors["name"] = _(
            "%(name)s is already in the registry: choose it from the list of partner "
            "municipalities."
        ) % {"name": name}
    if errors:
        raise ValidationError(errors)
    municipality = Municipality(
        name=name,
        slug=_unique_slug(name, country_id),
        kind=kind,
        country_id=country_id,
        latitude=latitude,
        longitude=longitude,
        languages=list(languages or []),
        is_sample=is_sample,
    )
    municipality.full_clean()
    municipality.save()
    audit_record(subject=municipality, action="municipality.created", actor=by, to_state=name)
    return municipality


# --- partnerships -------------------------------------------------------------


@transaction.atomic
def partnership_create(
    *,
    german_municipality: Municipality,
    partners: list[Municipality],
    kind: str,
    since_year: int | None = None,
    status: str = PartnershipStatus.ACTIVE,
    themes: list[str] | None = None,
    sdgs=None,
    descriptions: dict[str, str] | None = None,
    contacts: list[dict] | None = None,
    is_sample: bool = False,
    by=None,
) -> Partnership:
    """Create a partnership after checking both sides; raises ValidationError with field errors."""
    partnership = Partnership(
        german_municipality=german_municipality,
        kind=kind,
        since_year=since_year,
        status=status,
        themes=list(themes or []),
        is_sample=is_sample,
    )
    _apply_descriptions(partnership, descriptions)
    partnership.full_clean()
    validate_partners(german_municipality, partners)
    check_not_duplicate(german_municipality, partners, kind)
    goals = _sdg_goals(sdgs)
    partnership.save()
    partnership.partners.set(partners)
    partnership.sdgs.set(goals)
    refresh_search_vectors([partnership.pk])
    audit_record(subject=partnership, action="partnership.created", actor=by, to_state=status)
    if contacts:
        _set_contacts(partnership, contacts, by)
    return partnership


@transaction.atomic
def partnership_register(
    *,
    by,
    german_municipality: Municipality | None,
    partners: list[Municipality],
    new_partner: dict | None = None,
    **fields,
) -> Partnership:
    """A person registers a partnership of a municipality they act for (organisers: any).

    `new_partner` (name, kind, country, latitude, longitude) adds a partner
    municipality that is not yet in the registry, in the same transaction.
    """
    partners = list(partners)
    if german_municipality is None:
        raise ValidationError(
            {"german_municipality": _("Choose the German municipality of the partnership.")}
        )
    if not is_organiser(by):
        own = {german_municipality.pk, *(partner.pk for partner in partners)}
        if not own & set(current_memberships(by).municipalities):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "You can register partnerships of a municipality you act for only: "
                        "it must be the German side or one of the partners."
                    )
                }
            )
    if new_partner:
        try:
            created = partner_municipality_create(by=by, **new_partner)
        except ValidationError as error:
            raise ValidationError(
                {f"new_partner_{key}": value for key, value in error.message_dict.items()}
            ) from None
        partners.append(created)
    return partnership_create(
        german_municipality=german_municipality, partners=partners, by=by, **fields
    )


UPDATABLE = ("kind", "since_year", "status", "themes")


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    by=None,
    kind: str | None = None,
    since_year: int | None = None,
    status: str | None = None,
    themes: list[str] | None = None,
    sdgs=None,
    descriptions: dict[str, str] | None = None,
    partners: list[Municipality] | None = None,
    contacts: list[dict] | None = None,
) -> Partnership:
    """Change a partnership (both sides keep it up to date; organisers curate).

    `None` leaves a value as it is, except `since_year`, which is always set.
    """
    _check_may_change(by, partnership)
    before = Partnership.objects.get(pk=partnership.pk)
    if kind is not None:
        partnership.kind = kind
    partnership.since_year = since_year
    if status is not None:
        partnership.status = status
    if themes is not None:
        partnership.themes = list(themes)
    _apply_descriptions(partnership, descriptions)
    partnership.full_clean()
    new_partners = list(partners) if partners is not None else list(partnership.partners.all())
    check_not_duplicate(
        partnership.german_municipality, new_partners, partnership.kind, exclude_pk=partnership.pk
    )
    goals = _sdg_goals(sdgs) if sdgs is not None else None
    partnership.save()
    changed = [
        field
        for field in (*UPDATABLE, *(f"description_{code}" for code in LANGUAGE_CODES))
        if getattr(before, field) != getattr(partnership, field)
    ]
    if goals is not None:
        old = sorted(before.sdgs.values_list("number", flat=True))
        if old != [goal.number for goal in goals]:
            partnership.sdgs.set(goals)
            changed.append("sdgs")
    if before.status != partnership.status:
        audit_record(
            subject=partnership,
            action="partnership.status_changed",
            actor=by,
            from_state=before.status,
            to_state=partnership.status,
        )
    if changed:
        audit_record(
            subject=partnership, action="partnership.updated", actor=by, note=",".join(changed)
        )
    # Permission checked once above: a side that leaves the partnership may still save.
    if partners is not None:
        _set_partners(partnership, new_partners, by)
    if contacts is not None:
        _set_contacts(partnership, contacts, by)
    refresh_search_vectors([partnership.pk])
    return partnership


@transaction.atomic
def partnership_set_status(*, partnership: Partnership, status: str, by=None) -> Partnership:
    """Organisers (and both sides) set the status: active, dormant, ended."""
    return partnership_update(
        partnership=partnership, status=status, since_year=partnership.since_year, by=by
    )


@transaction.atomic
def partnership_set_partners(
    *, partnership: Partnership, partners: list[Municipality], by=None
) -> Partnership:
    _check_may_change(by, partnership)
    _set_partners(partnership, partners, by)
    refresh_search_vectors([partnership.pk])
    return partnership


def _set_partners(partnership: Partnership, partners, by) -> Partnership:
    validate_partners(partnership.german_municipality, partners)
    before = sorted(partnership.partners.values_list("pk", flat=True))
    after = sorted(p.pk for p in partners)
    if before != after:
        partnership.partners.set(partners)
        audit_record(
            subject=partnership,
            action="partnership.partners_changed",
            actor=by,
            from_state=",".join(map(str, before)),
            to_state=",".join(map(str, after)),
        )
    return partnership


def _clean_contacts(partnership: Partnership, contacts: list[dict]) -> list[PartnershipContact]:
    sides = {partnership.german_municipality_id, *partnership.partners.values_list("pk", flat=True)}
    if len(contacts) > MAX_CONTACTS:
        raise ValidationError(
            {"contacts": _("At most %(limit)d contact roles.") % {"limit": MAX_CONTACTS}}
        )
    errors: dict[str, list[str]] = {}
    rows = []
    for index, contact in enumerate(contacts):
        role = (contact.get("role") or "").strip()
        email = (contact.get("email") or "").strip()
        municipality = contact.get("municipality")
        municipality_id = getattr(municipality, "pk", municipality)
        key = f"contacts[{index}]"
        if not role:
            errors.setdefault(f"{key}.role", []).append(
                _("Name the role (e.g. International relations office), not a person.")
            )
        elif len(role) > 160:
            errors.setdefault(f"{key}.role", []).append(_("At most 160 characters."))
        if email:
            try:
                EmailValidator(message=_("Enter a valid e-mail address."))(email)
            except ValidationError as error:
                errors.setdefault(f"{key}.email", []).extend(error.messages)
        if municipality_id not in sides:
            errors.setdefault(f"{key}.municipality", []).append(
                _("A contact belongs to one of the partnership's municipalities.")
            )
        rows.append(
            PartnershipContact(
                partnership=partnership,
                municipality_id=municipality_id,
                role=role,
                email=email,
                position=index,
            )
        )
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def partnership_set_contacts(
    *, partnership: Partnership, contacts: list[dict], by=None
) -> Partnership:
    """Replace the contact roles: dicts with municipality, role and (functional) email."""
    _check_may_change(by, partnership)
    return _set_contacts(partnership, contacts, by)


def _set_contacts(partnership: Partnership, contacts: list[dict], by) -> Partnership:
    rows = _clean_contacts(partnership, contacts)
    before = [
        (c.municipality_id, c.role, c.email)
        for c in partnership.contacts.order_by("position", "pk")
    ]
    after = [(c.municipality_id, c.role, c.email) for c in rows]
    if before != after:
        partnership.contacts.all().delete()
        PartnershipContact.objects.bulk_create(rows)
        audit_record(
            subject=partnership,
            action="partnership.contacts_changed",
            actor=by,
            from_state=len(before),
            to_state=len(after),
        )
    return partnership


@transaction.atomic
def partnership_delete(*, partnership: Partnership, by=None) -> None:
    """Organisers delete a partnership that nothing else depends on."""
    _check_may_change(by, partnership, "delete_partnership")
    audit_record(
        subject=partnership,
        action="partnership.deleted",
        actor=by,
        from_state=partnership.status,
        note=str(partnership),
    )
    try:
        with transaction.atomic():
            partnership.delete()
    except ProtectedError:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "This partnership cannot be deleted: other records depend on it "
                    "(e.g. its climate partnership in the project). Set its status to "
                    "“ended” instead."
                )
            }
        ) from None


__all__ = [
    "PartnershipKind",
    "acts_for",
    "partner_municipality_create",
    "partnership_create",
    "partnership_delete",
    "partnership_register",
    "partnership_set_contacts",
    "partnership_set_partners",
    "partnership_set_status",
    "partnership_update",
]
