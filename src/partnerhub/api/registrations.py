"""Registration for conference editions through the API, for the caller (token or session).

* `POST /api/v1/editions/{id}/registrations`: one registration form (a
  delegation, optionally with its partner's delegation), with exactly the rules
  of the web form, because both call `conferences.services.registration_submit`.
  Send an `Idempotency-Key` header (or `submission_key` in the body): sending
  the same key again returns the first result (200) instead of registering
  again (201). Keys belong to the caller: another person's key never matches.
* `GET /api/v1/registrations`: the registrations the caller may see
  (`conferences.view_registration`: their own, those they submitted, those of
  their municipalities; organisers all), in a fixed number of queries.
* `POST /api/v1/registrations/{id}/cancel`: cancel one; the place goes to the
  first person on the waiting list.
* `GET /api/v1/consent-text` (public): the text people agree to, and its version,
  which a registration must send as `consent_version`.

Errors (see `api/errors.py`): 401 without a valid token or session, 403 when
the caller may not, 404 for an unknown edition, registration or a municipality,
organisation or country named in the body, 400 for a body that does not match
the schema, 422 when a rule refuses (messages keyed by field, e.g.
`people[1].email`), all in the request's language.
"""

import hashlib
import uuid
from datetime import datetime
from enum import Enum

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema, Status
from pydantic import field_validator

from partnerhub.accounts.consent import (
    current_consent_text,
    current_consent_text_from,
    current_consent_text_id,
)
from partnerhub.accounts.models import LANGUAGE_CHOICES
from partnerhub.api.auth import api_auth
from partnerhub.api.errors import NotFoundInBody
from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.conferences import services
from partnerhub.conferences.models import (
    INTERPRETATION_CHOICES,
    Diet,
    Edition,
    ParticipantType,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from partnerhub.conferences.queries import viewable_registrations, with_waiting_positions
from partnerhub.partnerships.models import Partnership
from partnerhub.reference.models import Country, Municipality, Organisation

router = Router(tags=["registrations"], auth=api_auth)


def _choices(name: str, values) -> type[Enum]:
    return Enum(name, {value or "none": value for value in values}, type=str)


ParticipantTypeChoice = _choices("ParticipantTypeChoice", ParticipantType.values)
LanguageChoice = _choices("LanguageChoice", [code for code, _label in LANGUAGE_CHOICES])
DietChoice = _choices("DietChoice", Diet.values)
InterpretationChoice = _choices(
    "InterpretationChoice", ["", *(code for code, _label in INTERPRETATION_CHOICES)]
)
StatusChoice = _choices("StatusChoice", RegistrationStatus.values)

MAX_PEOPLE = 50
MAX_KEY_LENGTH = 200


# --- Schemas ----------------------------------------------------------------------


class NoNullCharacters(Schema):
    """Text never contains NUL characters (PostgreSQL refuses them): a 400, not a 500."""

    @field_validator("*", mode="after")
    @classmethod
    def no_null_characters(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Null characters are not allowed.")
        return value


class PersonIn(NoNullCharacters):
    """One person of the form; municipality and organisation by slug, country by ISO code."""

    participant_type: ParticipantTypeChoice
    full_name: str = Field(max_length=150)
    email: str = Field("", max_length=254, description="Empty if the person has none.")
    language: LanguageChoice = Field(LanguageChoice("de"), description="Language for e-mails.")
    job_title: str = Field("", max_length=150)
    municipality: str | None = Field(None, max_length=220, description="Municipality slug.")
    organisation: str | None = Field(None, max_length=220, description="Organisation slug.")
    country: str | None = Field(
        None,
        max_length=2,
        description="ISO 3166-1 alpha-2; default: the municipality's country.",
    )
    diet: DietChoice = DietChoice("")
    diet_note: str = Field("", max_length=200)
    accessibility_needs: str = Field("", max_length=2000)
    interpretation_language: InterpretationChoice = InterpretationChoice("")
    needs_visa_letter: bool = False


class RegistrationIn(NoNullCharacters):
    german_municipality: str | None = Field(
        None, max_length=220, description="Slug of the German municipality registering."
    )
    partner_municipality: str | None = Field(
        None, max_length=220, description="Slug of the partner municipality (joint registration)."
    )
    people: list[PersonIn] = Field(max_length=MAX_PEOPLE)
    consent_version: str = Field(
        max_length=20,
        description="The consent text version the people agreed to; must be the current one.",
    )
    submission_key: str | None = Field(
        None,
        max_length=MAX_KEY_LENGTH,
        description="Instead of the Idempotency-Key header.",
    )
    override_reason: str = Field(
        "",
        max_length=2000,
        description="Organisers only: why a partner that is not eligible is admitted.",
    )


class RegistrationOut(Schema):
    id: int
    edition: int
    edition_title: str
    group: int
    full_name: str
    email: str
    participant_type: str
    language: str
    municipality: str | None = Field(description="Municipality slug.")
    organisation: str | None = Field(description="Organisation slug.")
    country: str
    status: str
    status_display: str
    waiting_list_position: int | None = Field(
        description="1 for the next person to get a place; null unless on the waiting list."
    )
    registered_at: datetime


class RegistrationGroupOut(Schema):
    id: int
    edition: int
    german_municipality: str | None
    partner_municipality: str | None
    is_joint: bool
    submitted_at: datetime
    eligibility_override_reason: str
    registrations: list[RegistrationOut]


class ConsentTextOut(Schema):
    version: str = Field(description="Send it as consent_version when you register people.")
    text: str = Field(description="In the requested language (or English, then German).")
    texts: dict[str, str] = Field(description="The text in every language it exists in.")


class RegistrationPageOut(Schema):
    count: int
    items: list[RegistrationOut]


class ConsentFilters(Schema):
    lang: Language | None = lang_field()


class RegistrationFilters(Schema):
    edition: int | None = Field(None, ge=1, description="Only this edition (id).")
    status: StatusChoice | None = Field(None, description="Only registrations in this status.")
    limit: int = Field(100, ge=1, le=500, description="At most this many items (1–500).")
    offset: int = Field(0, ge=0, description="Skip this many items (for the next page).")


# --- Reads --------------------------------------------------------------------------


def _rows(registrations: QuerySet[Registration]) -> list[Registration]:
    """Everything a row shows, with waiting-list positions (`queries.with_waiting_positions`)."""
    rows = list(
        registrations.select_related("edition__series", "group", "municipality", "organisation")
    )
    return with_waiting_positions(rows)


def _registration(registration: Registration) -> dict:
    waiting = registration.status == RegistrationStatus.WAITLISTED
    return {
        "id": registration.pk,
        "edition": registration.edition_id,
        "edition_title": registration.edition.display_title,
        "group": registration.group_id,
        "full_name": registration.full_name,
        "email": registration.email,
        "participant_type": registration.participant_type,
        "language": registration.language,
        "municipality": registration.municipality.slug if registration.municipality else None,
        "organisation": registration.organisation.slug if registration.organisation else None,
        "country": registration.country_id,
        "status": registration.status,
        "status_display": registration.get_status_display(),
        "waiting_list_position": registration.waiting_position if waiting else None,
        "registered_at": registration.created_at,
    }


def _group(group: RegistrationGroup) -> dict:
    """The form with its registrations.

    A form just registered carries its saved registrations
    (`registration_submit` returns them as `new_registrations`, with the
    edition, municipality and organisation objects they were made with), so the
    answer is built without reading them again; a form loaded from the database
    (`_load_group`) reads them in one query.
    """
    new = getattr(group, "new_registrations", None)
    if new is not None:
        registrations = with_waiting_positions(list(new))
    else:
        registrations = _rows(group.registrations.order_by("id"))
    return {
        "id": group.pk,
        "edition": group.edition_id,
        "german_municipality": group.german_municipality.slug
        if group.german_municipality
        else None,
        "partner_municipality": group.partner_municipality.slug
        if group.partner_municipality
        else None,
        "is_joint": group.is_joint,
        "submitted_at": group.submitted_at,
        "eligibility_override_reason": group.eligibility_override_reason,
        "registrations": [_registration(r) for r in registrations],
    }


def _edition_and_earlier_form(
    edition_id: int, submission_key: str | None
) -> tuple[Edition | None, int | None, int | None]:
    """The edition (with its series), the id of the form sent earlier with this
    submission key (None if there is none, or no key) and the id of the stored
    consent text in force (None if not stored yet); in one query."""
    editions = Edition.objects.select_related("series").filter(pk=edition_id).order_by()
    editions = editions.annotate(current_consent_id=current_consent_text_id())
    if submission_key:
        earlier = RegistrationGroup.objects.filter(
            edition=OuterRef("pk"), submission_key=submission_key
        )
        editions = editions.annotate(earlier_form=Subquery(earlier.order_by().values("pk")[:1]))
    edition = editions.first()
    if edition is None:
        return None, None, None
    return edition, getattr(edition, "earlier_form", None), edition.current_consent_id


def _load_group(pk: int) -> RegistrationGroup:
    return RegistrationGroup.objects.select_related(
        "german_municipality", "partner_municipality"
    ).get(pk=pk)


# --- Input ------------------------------------------------------------------------


def _caller_key(person, key: str) -> str:
    """The caller's idempotency key as a submission key: per person, and at most 64 characters."""
    digest = hashlib.sha256(f"{person.pk}:{key}".encode()).hexdigest()
    return f"api:{digest[:60]}"


def _lookup(model, field: str, values: set[str]) -> dict:
    """One query for every object the body names."""
    values = {value for value in values if value}
    if not values:
        return {}
    objects = model.objects.filter(**{f"{field}__in": values}).order_by()
    return {getattr(obj, field): obj for obj in objects}


def _resolve(payload: RegistrationIn) -> tuple[dict, list[dict]]:
    """Turn slugs and codes into objects (404 naming the field for an unknown one)."""
    municipality_slugs = {payload.german_municipality, payload.partner_municipality}
    municipality_slugs |= {person.municipality for person in payload.people}
    municipalities = _lookup(Municipality, "slug", municipality_slugs)
    organisations = _lookup(Organisation, "slug", {p.organisation for p in payload.people})
    countries = _lookup(Country, "iso2", {p.country.upper() for p in payload.people if p.country})

    def municipality(field: str, slug: str | None):
        if not slug:
            return None
        if slug not in municipalities:
            raise NotFoundInBody(
                field, _("No municipality with the slug %(slug)s.") % {"slug": repr(slug)}
            )
        return municipalities[slug]

    form = {
        "german_municipality": municipality("german_municipality", payload.german_municipality),
        "partner_municipality": municipality("partner_municipality", payload.partner_municipality),
    }
    people = []
    for index, person in enumerate(payload.people):
        values = person.model_dump(mode="json")  # choices as their values
        values["municipality"] = municipality(f"people[{index}].municipality", person.municipality)
        if person.organisation:
            if person.organisation not in organisations:
                raise NotFoundInBody(
                    f"people[{index}].organisation",
                    _("No organisation with the slug %(slug)s.")
                    % {"slug": repr(person.organisation)},
                )
            values["organisation"] = organisations[person.organisation]
        if person.country:
            code = person.country.upper()
            if code not in countries:
                raise NotFoundInBody(
                    f"people[{index}].country",
                    _("No country with the code %(code)s.") % {"code": repr(person.country)},
                )
            values["country"] = countries[code]
        else:
            values.pop("country")  # the service takes the municipality's country
        people.append(values)
    return form, people


def _partnership(german: Municipality | None, partner: Municipality | None):
    """The partnership between the two municipalities of a joint registration, if recorded."""
    if german is None or partner is None:
        return None
    return Partnership.objects.filter(german_municipality=german, partners=partner).first()


# --- Endpoints ----------------------------------------------------------------------

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get(
    "/consent-text",
    auth=None,
    response={200: ConsentTextOut, 400: ErrorOut},
    summary="The consent text for registrations",
)
def consent_text(request, filters: Query[ConsentFilters]):
    """The text people agree to before they are registered, and its version.

    Show it to everybody you register; send its `version` as `consent_version`.
    """
    consent = current_consent_text()
    with translation.override(filters.lang.value if filters.lang else translation.get_language()):
        text = consent.text
    texts = {code: getattr(consent, f"text_{code}") for code in ("de", "en", "fr", "es")}
    texts = {code: value for code, value in texts.items() if value}
    return {"version": consent.version, "text": text, "texts": texts}


@router.post(
    "/editions/{edition_id}/registrations",
    response={200: RegistrationGroupOut, 201: RegistrationGroupOut, **ERRORS},
    summary="Register people for an edition",
)
def register(
    request,
    payload: RegistrationIn,
    edition_id: int = Path(..., description="Id of the edition (`id` in /editions)."),
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=MAX_KEY_LENGTH,
        description="Repeat it to get the first result instead of registering twice.",
    ),
):
    """Register one form: a delegation, optionally together with its partner's delegation.

    The same rules as the web form apply (registration open, eligible partner
    country on the edition's first day and in the series' region, consent, one
    registration per e-mail address, your own municipality only; organisers may
    admit an ineligible partner with `override_reason`). Each person gets a
    place while there are places, else a place on the waiting list. Answers 201
    with the new registrations, or 200 with the first result for a repeated key.
    """
    person = request.auth
    key = (idempotency_key or payload.submission_key or "").strip()
    submission_key = _caller_key(person, key or uuid.uuid4().hex)
    # Without a key the submission key is new: no form can have been sent with it before.
    edition, earlier_form, consent_id = _edition_and_earlier_form(
        edition_id, submission_key if key else None
    )
    if edition is None:
        raise Http404(_("No conference edition with the id %(id)s.") % {"id": edition_id})
    if earlier_form is not None:
        return Status(200, _group(_load_group(earlier_form)))
    consent = current_consent_text_from(consent_id)
    if payload.consent_version.strip() != consent.version:
        message = _(
            "The consent text has changed: the current version is %(version)s. Show that "
            "version to the people you register and send it as consent_version."
        ) % {"version": consent.version}
        return Status(422, {"detail": message, "fields": {"consent_version": [message]}})
    form, people = _resolve(payload)
    group = services.registration_submit(
        edition=edition,
        by=person,
        submission_key=submission_key,
        people=people,
        consent_text=consent,
        partnership=_partnership(form["german_municipality"], form["partner_municipality"]),
        override_reason=payload.override_reason,
        earlier_form_checked=True,  # none with this key, or the key is new (see above)
        **form,
    )
    if getattr(group, "new_registrations", None) is None:
        # The same key, sent again while the first request was still at work: its result.
        return Status(200, _group(_load_group(group.pk)))
    return Status(201, _group(group))


@router.get(
    "/registrations",
    response={200: RegistrationPageOut, 400: ErrorOut, 401: ErrorOut},
    summary="My registrations",
)
def list_registrations(request, filters: Query[RegistrationFilters]):
    """The registrations you may see, newest first: your own, those you submitted, those of
    your municipalities (organisers: all). Filter by `edition` and `status`; page with
    `limit` and `offset`."""
    registrations = viewable_registrations(request.auth)
    if filters.edition is not None:
        registrations = registrations.filter(edition_id=filters.edition)
    if filters.status is not None:
        registrations = registrations.filter(status=filters.status.value)
    registrations = registrations.order_by("-created_at", "-id")
    count = registrations.count()
    page = _rows(registrations[filters.offset : filters.offset + filters.limit])
    return {"count": count, "items": [_registration(r) for r in page]}


@router.post(
    "/registrations/{registration_id}/cancel",
    response={200: RegistrationOut, **ERRORS},
    summary="Cancel a registration",
)
def cancel_registration(
    request,
    registration_id: int = Path(..., description="Id of the registration (from /registrations)."),
):
    """Cancel one registration you may change; a place set free goes to the waiting list."""
    registration = (
        Registration.objects.select_related("group", "edition").filter(pk=registration_id).first()
    )
    if registration is None:
        raise Http404(_("No registration with the id %(id)s.") % {"id": registration_id})
    services.registration_cancel(registration=registration, by=request.auth)
    return _registration(_rows(Registration.objects.filter(pk=registration_id))[0])
