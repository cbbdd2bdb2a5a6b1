"""Registration: submit, approve, decline, cancel, complete, follow up, check in.

Places are allocated by one rule, `_statuses_for` (confirmed while places are
left, then the waiting list; for a new form in SQL, `places.py`), always with
the edition's row locked (`Edition.objects.locked`, `places.settle_form_places`):
on PostgreSQL `SELECT … FOR NO KEY UPDATE` makes concurrent registrations for
the same edition queue behind each other; SQLite runs every transaction
IMMEDIATE, which serialises writers anyway. So the count of confirmed
registrations read under the lock cannot change before the transaction writes,
and an edition never confirms more people than it has places.

Errors about one person of a form are keyed `people[<index>].<field>` so that
the form and the API can show them next to that person.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.models import ConsentPurpose, ConsentText, Person
from partnerhub.core.jobs import enqueue
from partnerhub.core.services import audit_record
from partnerhub.reference.models import Municipality

from ..eligibility import partner_eligibility
from ..models import (
    ACTIVE_STATUSES,
    Edition,
    ParticipantType,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from ..tasks import send_registration_mail
from .places import settle_form_places

__all__ = [
    "PARTICIPANT_EDITABLE_FIELDS",
    "PERSON_FIELDS",
    "edition_registration_configure",
    "places_left",
    "places_taken",
    "promote_from_waiting_list",
    "registration_approve",
    "registration_cancel",
    "registration_check_in",
    "registration_decline",
    "registration_follow_up_reopen",
    "registration_follow_up_submit",
    "registration_submit",
    "registration_update",
    "registrations_erase_for_person",
    "registrations_export_for_person",
]

# What a form (or the API) may say about each person it registers.
PERSON_FIELDS = (
    "participant_type",
    "full_name",
    "email",
    "language",
    "job_title",
    "municipality",
    "organisation",
    "country",
    "diet",
    "diet_note",
    "accessibility_needs",
    "interpretation_language",
    "needs_visa_letter",
)
# What a participant may change later, through their link or their account.
PARTICIPANT_EDITABLE_FIELDS = (
    "full_name",
    "language",
    "job_title",
    "diet",
    "diet_note",
    "accessibility_needs",
    "interpretation_language",
    "needs_visa_letter",
    "passport_number",
    "date_of_birth",
    "nationality",
)
FOLLOW_UP_FIELDS = ("arrival_at", "departure_at", "travel_details")

S = RegistrationStatus


# --- Places -------------------------------------------------------------------


def places_taken(edition: Edition) -> int:
    """Confirmed registrations."""
    confirmed = Registration.objects.filter(edition_id=edition.pk, status=S.CONFIRMED)
    return confirmed.order_by().count()


def places_left(edition: Edition) -> int | None:
    """Free places, or None when the edition has no limit."""
    if edition.capacity is None:
        return None
    return max(edition.capacity - places_taken(edition), 0)


def _allocate(edition: Edition, people: int) -> list[str]:
    """The status of each of `people` new claims on a place. Call with the edition locked."""
    return _statuses_for(people, left=places_left(edition))


def _statuses_for(people: int, *, left: int | None) -> list[str]:
    """CONFIRMED while places are left (None: no limit), then WAITLISTED, in order."""
    confirmed = people if left is None else min(left, people)
    return [S.CONFIRMED] * confirmed + [S.WAITLISTED] * (people - confirmed)


def _set_status(registration: Registration, status: str, *, by, note: str = "") -> None:
    previous = registration.status
    registration.status = status
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at"])
    audit_record(
        subject=registration,
        action="registration.status",
        actor=by,
        from_state=previous,
        to_state=status,
        note=note,
    )


def _mail(registration: Registration, kind: str) -> None:
    enqueue(send_registration_mail, registration.pk, kind)


# --- Permission ----------------------------------------------------------------


def _may(by, perm: str, registration: Registration, token: str = "") -> bool:
    """A person with the permission, or whoever holds the registration's link."""
    if token and token == registration.access_token:
        return True
    return by is not None and by.has_perm(perm, registration)


def _require(by, perm: str, registration: Registration, token: str = "") -> None:
    if not _may(by, perm, registration, token):
        raise PermissionDenied(_("You may not change this registration."))


def _is_organiser(by, obj: Edition | Registration) -> bool:
    """Whether `by` runs registration (for the edition or registration `obj`).

    Asked with an object: `manage_registrations` is a rule of
    the platform (`conferences/rules.py`), not one of Django's model
    permissions, so Django's ModelBackend could never grant it, and without an
    object it would read the person's user and group permissions (two queries)
    only to say no. Superusers pass either way.
    """
    return by is not None and by.has_perm("conferences.manage_registrations", obj)


# --- Submit --------------------------------------------------------------------


def _person_key(index: int, field: str) -> str:
    return f"people[{index}].{field}"


def _check_form(
    *,
    edition: Edition,
    by,
    people: Sequence[dict],
    consent_text: ConsentText | None,
    german_municipality: Municipality | None,
    partner_municipality: Municipality | None,
    override_reason: str,
) -> bool:
    """Check the rules of the whole form; return whether an organiser admits a partner."""
    if not by.has_perm("conferences.register_for_edition", edition):
        raise PermissionDenied(_("Log in to register."))
    organiser = _is_organiser(by, edition)
    if not edition.registration_is_open() and not organiser:
        raise ValidationError(_("Registration for this edition is not open."))
    if not people:
        raise ValidationError(_("Register at least one person."))
    if consent_text is None or consent_text.purpose != ConsentPurpose.CONFERENCE_REGISTRATION:
        raise ValidationError({"consent": _("Agree to the processing of your data to register.")})
    if german_municipality is not None:
        if not german_municipality.is_german:
            raise ValidationError(
                {"german_municipality": _("This municipality does not lie in Germany.")}
            )
        if not organiser and not by.has_perm(
            "conferences.add_hostinginterest", german_municipality
        ):
            raise PermissionDenied(_("You may register only for your own municipality."))
    if partner_municipality is not None and partner_municipality.is_german:
        raise ValidationError(
            {"partner_municipality": _("A partner municipality lies outside Germany.")}
        )
    partner_countries = {
        person["municipality"].country
        for person in people
        if person.get("participant_type") == ParticipantType.PARTNER_MUNICIPALITY
        and person.get("municipality") is not None
    }
    if partner_municipality is not None:
        partner_countries.add(partner_municipality.country)
    reasons = []
    for country in sorted(partner_countries, key=lambda c: c.iso2):
        reasons += partner_eligibility(edition=edition, country=country).reasons
    override_reason = override_reason.strip()
    if not reasons:
        return False
    if not override_reason:
        raise ValidationError({"partner_municipality": reasons})
    if not by.has_perm("conferences.admit_ineligible_partner", edition):
        raise PermissionDenied(_("Only organisers may admit a partner that is not eligible."))
    return True


def _account_id_for(email: str, by) -> int | None:
    """The id of the active account with this e-mail address (the submitter's, or another's)."""
    if not email:
        return None
    if by.email and by.email.lower() == email.lower():
        return by.pk
    # In lower case, like the unique index on people's e-mail addresses: `email__iexact`
    # compares in upper case, which that index cannot answer (a scan of every person).
    accounts = Person.objects.alias(email_lower=Lower("email"))
    accounts = accounts.filter(email_lower=email.lower(), is_active=True)
    return accounts.order_by().values_list("pk", flat=True).first()


def _person_errors(error: ValidationError, index: int) -> ValidationError:
    """A registration's errors keyed `people[<index>].<field>` for the form and the API."""
    return ValidationError(
        {_person_key(index, field): messages for field, messages in error.message_dict.items()}
    )


# Foreign keys the caller passes as objects it has just read from the database: checking
# that they exist would cost one query each, for nothing.
_KNOWN_OBJECTS = ("edition", "person", "municipality", "organisation", "country")
_KNOWN_OBJECTS += ("nationality", "consent_text")


def _build_registration(
    *, edition, values: dict, index: int, by, consent_text, now
) -> Registration:
    """A checked, unsaved registration (its form, status and place come under the lock).

    Every rule of a single registration is checked here, before the edition is
    locked: the fields, `Registration.clean()`, and the database constraints
    that need no other row. The constraints across rows (one active
    registration per e-mail address and per person) are left to the unique
    indexes when the row is inserted (`_write_form`); a refused row is reported
    with the constraint's own message (`_refused_form`). So nothing is read
    twice and the lock is held only for writing.
    """
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields for a registration: {sorted(unknown)}")
    values = dict(values)
    municipality = values.get("municipality")
    if municipality is not None and not values.get("country"):
        values.pop("country", None)
        values["country_id"] = municipality.country_id
    registration = Registration(
        edition=edition,
        consent_text=consent_text,
        consent_given_at=now,
        status=S.PENDING,
        **values,
    )
    registration.email = (registration.email or "").strip().lower()
    registration.person_id = _account_id_for(registration.email, by)
    errors = {}
    try:
        registration.clean_fields(
            exclude=[
                "group",  # set under the lock
                *(name for name in _KNOWN_OBJECTS if getattr(registration, f"{name}_id")),
            ]
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        registration.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise _person_errors(ValidationError(errors), index)
    return registration


def _check_duplicates_in_form(registrations: list[Registration]) -> None:
    seen = {}
    for index, registration in enumerate(registrations):
        if registration.email and registration.email in seen:
            raise ValidationError(
                {_person_key(index, "email"): _("This e-mail address appears twice in the form.")}
            )
        seen[registration.email] = index


def _submitted_form(edition: Edition, submission_key: str) -> RegistrationGroup | None:
    """The form submitted earlier with this key, if any (one look-up in the unique index)."""
    forms = RegistrationGroup.objects.filter(edition=edition, submission_key=submission_key)
    return forms.order_by("pk").first()


def _write_form(
    *,
    edition: Edition,
    group: RegistrationGroup,
    registrations: list[Registration],
    by,
    end_transaction: bool,
) -> None:
    """Insert the form and its people, then lock the edition and settle their places.

    Call inside a transaction. Everything goes in first, before the lock: the
    form, its people with the status they get while places are left (nobody
    sees them before the commit), their audit entries and confirmation e-mails
    (`core.jobs`). Under the lock, `places.settle_form_places` moves whoever
    finds no place to the waiting list, in the same statements on both
    databases; on PostgreSQL the lock, those statements and (`end_transaction`)
    the COMMIT are one message. The inserts take a KEY SHARE lock on the
    edition's row, which the lock (NO KEY UPDATE) does not wait for.

    No savepoints: a row that a unique index refuses (the same form again, an
    e-mail address or a person registered already) raises IntegrityError,
    which ends the whole transaction, so nothing of the form stays;
    `registration_submit` finds out why afterwards.
    """
    expected = S.PENDING if edition.is_moderated else S.CONFIRMED
    group.save(force_insert=True)
    audit_entries = []
    for registration in registrations:
        registration.group = group
        registration.status = expected
        registration.save(force_insert=True)
        _mail(registration, "received")  # the job reads the status once this commits
        audit_entries.append(
            audit_record(
                subject=registration,
                action="registration.created",
                actor=by,
                to_state=expected,
                note=group.eligibility_override_reason,
            )
        )
    moved = settle_form_places(group, audit_entries, end_transaction=end_transaction)
    for registration in registrations:
        registration.status = moved.get(registration.pk, expected)


def _refused_form(
    *, edition: Edition, submission_key: str, registrations: list[Registration]
) -> RegistrationGroup | None:
    """After a unique index refused a row of the form (and its transaction was rolled back).

    The same form submitted at the same moment by a second request: the first
    one's group. Otherwise the unique constraint a person breaks is reported
    with its own message, keyed like the other errors of that person (a
    ValidationError); None if neither (the caller re-raises the IntegrityError).
    """
    earlier = _submitted_form(edition, submission_key)
    if earlier is not None:
        return earlier
    for index, registration in enumerate(registrations):
        registration.pk = None  # not saved after all: compare with every other row
        registration._state.adding = True
        try:
            registration.validate_constraints(exclude={"group"})
        except ValidationError as error:
            raise _person_errors(error, index) from None
    return None


def registration_submit(
    *,
    edition: Edition,
    by,
    submission_key: str,
    people: Sequence[dict],
    consent_text: ConsentText | None,
    german_municipality: Municipality | None = None,
    partner_municipality: Municipality | None = None,
    partnership=None,
    override_reason: str = "",
    earlier_form_checked: bool = False,
) -> RegistrationGroup:
    """Register one or more people in one form; the same form submitted twice counts once.

    `people` holds one dict of `PERSON_FIELDS` per person. Each person gets a
    place while there are places (or waits for approval in a moderated
    edition), else a place on the waiting list; everybody with an e-mail
    address gets a confirmation in their language, the submitter a summary.

    The group of a new form comes back with its saved registrations, in the
    order of `people`, as `group.new_registrations` (so that the caller need
    not read them again); the group of a form submitted earlier has none.

    Every rule of the form and of each person is checked before the
    transaction that locks the edition (`_write_form`); the constraints across
    rows (one active registration per e-mail address and per person, one group
    per submission key) are left to the unique indexes at insert.

    `earlier_form_checked=True`: the caller has just looked for a form sent
    with `submission_key` and found none (or made the key itself), so it is
    not looked up again before writing. A form with the same key written in
    the meantime is still found: its unique index refuses the second one
    (`_refused_form`).
    """
    if not submission_key:
        raise ValueError("A submission key is needed to recognise a repeated form.")
    if not earlier_form_checked:
        earlier = _submitted_form(edition, submission_key)
        if earlier is not None:
            return earlier
    admitted = _check_form(
        edition=edition,
        by=by,
        people=people,
        consent_text=consent_text,
        german_municipality=german_municipality,
        partner_municipality=partner_municipality,
        override_reason=override_reason,
    )
    now = timezone.now()
    registrations = [
        _build_registration(
            edition=edition,
            values=values,
            index=index,
            by=by,
            consent_text=consent_text,
            now=now,
        )
        for index, values in enumerate(people)
    ]
    _check_duplicates_in_form(registrations)
    group = RegistrationGroup(
        edition=edition,
        submission_key=submission_key,
        submitted_by=by,
        german_municipality=german_municipality,
        partner_municipality=partner_municipality,
        partnership=partnership,
        eligibility_override_reason=override_reason.strip() if admitted else "",
        eligibility_overridden_by=by if admitted else None,
    )
    # No transaction of the caller's around this one (autocommit is off inside any).
    whole_transaction = connection.get_autocommit()
    try:
        with transaction.atomic():
            _write_form(
                edition=edition,
                group=group,
                registrations=registrations,
                by=by,
                end_transaction=whole_transaction,
            )
    except IntegrityError:
        earlier = _refused_form(
            edition=edition, submission_key=submission_key, registrations=registrations
        )
        if earlier is None:
            raise
        return earlier
    group.new_registrations = registrations
    return group


# --- Decisions by organisers ------------------------------------------------------


@transaction.atomic
def registration_approve(*, registration: Registration, by) -> Registration:
    """Moderated edition: confirm a pending registration, or put it on the waiting list."""
    if not _is_organiser(by, registration):
        raise PermissionDenied(_("Only organisers approve registrations."))
    edition = Edition.objects.locked(registration.edition_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != S.PENDING:
        raise ValidationError(
            _("Only registrations awaiting approval can be approved (this one is %(status)s).")
            % {"status": registration.get_status_display()}
        )
    [status] = _allocate(edition, 1)
    _set_status(registration, status, by=by)
    _mail(registration, registration.status)
    return registration


@transaction.atomic
def registration_decline(*, registration: Registration, by, reason: str) -> Registration:
    """Turn down a pending or waiting registration; the person is told the reason."""
    if not _is_organiser(by, registration):
        raise PermissionDenied(_("Only organisers decline registrations."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason when you decline.")})
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.WAITLISTED):
        raise ValidationError(
            _("Only registrations awaiting approval or on the waiting list can be declined.")
        )
    _set_status(registration, S.DECLINED, by=by, note=reason)
    _mail(registration, "declined")
    return registration


def promote_from_waiting_list(edition: Edition, *, by=None) -> list[Registration]:
    """Give free places to the waiting list, first come first served. Edition must be locked."""
    promoted = []
    waiting = edition.registrations.filter(status=S.WAITLISTED).order_by("created_at", "id")
    for registration in waiting.select_for_update():
        if _allocate(edition, 1) != [S.CONFIRMED]:
            break
        _set_status(registration, S.CONFIRMED, by=by, note="promoted from the waiting list")
        _mail(registration, "promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, by, token: str = "") -> Registration:
    """The participant (or whoever registered them, or an organiser) cancels.

    A place set free goes to the first person on the waiting list.
    """
    _require(by, "conferences.cancel_registration", registration, token)
    edition = Edition.objects.locked(registration.edition_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("This registration is already %(status)s.")
            % {"status": registration.get_status_display()}
        )
    held_place = registration.holds_place
    _set_status(registration, S.CANCELLED, by=by)
    registration.workshop_assignments.all().delete()
    _mail(registration, "cancelled")
    if held_place:
        promote_from_waiting_list(edition, by=by)
    return registration


@transaction.atomic
def edition_registration_configure(
    *,
    edition: Edition,
    by,
    opens_at=None,
    closes_at=None,
    capacity: int | None = None,
    is_moderated: bool = False,
    status: str | None = None,
) -> Edition:
    """Set how an edition takes registrations; more places go to the waiting list at once."""
    if not _is_organiser(by, edition):
        raise PermissionDenied(_("Only organisers configure registration."))
    edition = Edition.objects.locked(edition.pk)
    taken = places_taken(edition)
    if capacity is not None and capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(taken)s people are already confirmed; cancel registrations before "
                    "lowering the places below that."
                )
                % {"taken": taken}
            }
        )
    previous_status = edition.status
    edition.registration_opens_at = opens_at
    edition.registration_closes_at = closes_at
    edition.capacity = capacity
    edition.is_moderated = is_moderated
    if status:
        edition.status = status
    edition.full_clean()
    edition.save()
    audit_record(
        subject=edition,
        action="edition.registration_configured",
        actor=by,
        from_state=previous_status,
        to_state=edition.status,
        note=f"capacity={capacity} moderated={is_moderated}",
    )
    promote_from_waiting_list(edition, by=by)
    return edition


# --- The participant's own data ----------------------------------------------------


@transaction.atomic
def registration_update(
    *, registration: Registration, by, token: str = "", **values
) -> Registration:
    """The participant completes or changes their data (needs, language, visa details)."""
    _require(by, "conferences.change_registration", registration, token)
    unknown = set(values) - set(PARTICIPANT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Fields a participant cannot change: {sorted(unknown)}")
    if not registration.is_active:
        raise ValidationError(_("A cancelled or declined registration cannot be changed."))
    for field, value in values.items():
        setattr(registration, field, value)
    registration.full_clean()
    registration.save()
    audit_record(subject=registration, action="registration.updated", actor=by)
    _mail(registration, "changed")
    return registration


@transaction.atomic
def registration_follow_up_submit(
    *, registration: Registration, by, token: str = "", **values
) -> Registration:
    """After confirmation: travel details, arrival and departure; submitted once."""
    _require(by, "conferences.change_registration", registration, token)
    unknown = set(values) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise ValueError(f"Not follow-up fields: {sorted(unknown)}")
    if not registration.holds_place:
        raise ValidationError(_("The follow-up form opens once your place is confirmed."))
    if registration.follow_up_submitted_at is not None:
        raise ValidationError(
            _("You have already submitted the follow-up form; ask the organisers to reopen it.")
        )
    for field, value in values.items():
        setattr(registration, field, value)
    registration.follow_up_submitted_at = timezone.now()
    registration.full_clean()
    registration.save()
    audit_record(subject=registration, action="registration.follow_up_submitted", actor=by)
    return registration


@transaction.atomic
def registration_follow_up_reopen(*, registration: Registration, by) -> Registration:
    if not _is_organiser(by, registration):
        raise PermissionDenied(_("Only organisers reopen the follow-up form."))
    if registration.follow_up_submitted_at is None:
        raise ValidationError(_("The follow-up form is open already."))
    registration.follow_up_submitted_at = None
    registration.save(update_fields=["follow_up_submitted_at"])
    audit_record(subject=registration, action="registration.follow_up_reopened", actor=by)
    _mail(registration, "follow_up_reopened")
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, by) -> tuple[Registration, bool]:
    """At the registration desk; returns (registration, whether this was the first check-in)."""
    if not _is_organiser(by, registration):
        raise PermissionDenied(_("Only organisers check people in."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.holds_place:
        raise ValidationError(
            _("%(name)s has no confirmed place (%(status)s).")
            % {"name": registration.full_name, "status": registration.get_status_display()}
        )
    if registration.checked_in_at is not None:
        return registration, False
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    audit_record(subject=registration, action="registration.checked_in", actor=by)
    return registration, True


# --- Privacy (registered in apps.py) ----------------------------------------------


def _own_registrations(person):
    return Registration.objects.filter(person=person).select_related("edition__series")


def registrations_export_for_person(person) -> dict:
    fields = ("full_name", "email", "language", "job_title", "participant_type", "status")
    fields += ("diet", "diet_note", "accessibility_needs", "interpretation_language")
    fields += ("needs_visa_letter", "passport_number", "travel_details")
    return {
        "registrations": [
            {
                "edition": str(registration.edition),
                **{field: getattr(registration, field) for field in fields},
                "date_of_birth": (
                    registration.date_of_birth.isoformat() if registration.date_of_birth else None
                ),
                "consent_text": str(registration.consent_text),
                "consent_given_at": registration.consent_given_at.isoformat(),
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in _own_registrations(person).select_related("consent_text")
        ]
    }


def registrations_erase_for_person(person) -> None:
    """Anonymise the person's registrations: counts stay, personal details go."""
    _own_registrations(person).update(
        full_name=_("erased"),
        email="",
        job_title="",
        diet_note="",
        accessibility_needs="",
        passport_number="",
        date_of_birth=None,
        nationality=None,
        travel_details="",
    )
