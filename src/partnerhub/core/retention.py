"""Retention: personal data of past events is anonymised a set time after the event ended.

Why: participants give their details (name, e-mail address, needs, passport
number for a visa letter, travel plans) for one event. Once it is long over
the platform no longer needs them, but the organisers still need the figures
(how many came, from which countries and municipalities, of which type, with
which status). So retention *anonymises* rows instead of deleting them: the
personal fields are blanked, the fields that statistics count stay.

How long: `settings.RETENTION_DAYS_AFTER_EVENT` (environment variable of the
same name, default 730 days) after the event's last day. A date known only to
the month or year ends on the last day of that month or year.

Like `accounts.privacy`, it is a registry, so that each app contributes its
part and none is forgotten:

    from partnerhub.core import retention

    def purge_orders(cutoff: datetime.date, *, dry_run: bool) -> int:
        due = Order.objects.filter(shipped_on__lt=cutoff).exclude(name="")
        count = due.count()
        if not dry_run:
            due.update(name="", street="", email="")
        return count

    retention.register("publication_orders", _("orders of publications"), purge_orders)

Contract of a purger `purge(cutoff, *, dry_run) -> int`:

* `cutoff` is a date: everything whose event (or delivery …) ended *before*
  it is due;
* it returns how many records it anonymised (or, with `dry_run`, would
  anonymise) and changes nothing when `dry_run` is true;
* it is idempotent: records already anonymised are not counted again;
* it runs inside the transaction of `purge_personal_data`, so an exception
  rolls every part back.

`manage.py purge_personal_data [--dry-run]` and the task
`core.tasks.purge_personal_data_task` (for a scheduler) both call
`purge_personal_data()`. The parts for conference registrations, travel
grants and dialogue-event participants are registered here (the apps can take
them over into their own `apps.py`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

Purger = Callable[..., int]
logger = logging.getLogger(__name__)

# Written into a name field instead of the name: the same in every language.
ANONYMISED = "–"


@dataclass(frozen=True)
class RetentionPart:
    key: str
    label: str
    purge: Purger


_parts: dict[str, RetentionPart] = {}
_defaults_loaded = False


def register(key: str, label: str, purge: Purger) -> None:
    if key in _parts:
        raise ValueError(f"A retention part named {key!r} is already registered.")
    _parts[key] = RetentionPart(key=key, label=label, purge=purge)


def unregister(key: str) -> None:
    _parts.pop(key, None)


@contextmanager
def registered(key: str, label: str, purge: Purger) -> Iterator[None]:
    """Register a part for the duration of a `with` block (for tests)."""
    register(key, label, purge)
    try:
        yield
    finally:
        unregister(key)


def parts() -> list[RetentionPart]:
    """The registered parts, the built-in ones first."""
    _load_defaults()
    return list(_parts.values())


def retention_days() -> int:
    return int(settings.RETENTION_DAYS_AFTER_EVENT)


def cutoff_date(today: datetime.date | None = None) -> datetime.date:
    """Events whose last day is before this date are due."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=retention_days())


def purge_personal_data(
    *, today: datetime.date | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Run every part in one transaction; returns the count per part's key."""
    cutoff = cutoff_date(today)
    with transaction.atomic():
        counts = {part.key: part.purge(cutoff, dry_run=dry_run) for part in parts()}
    logger.info(
        "Retention%s: events ended before %s: %s",
        " (dry run)" if dry_run else "",
        cutoff.isoformat(),
        ", ".join(f"{key} {count}" for key, count in counts.items()),
    )
    return counts


# --- Built-in parts -----------------------------------------------------------------------


def ended_edition_ids(cutoff: datetime.date) -> list[int]:
    """Editions whose last day (at its precision) is before `cutoff` (two queries)."""
    from partnerhub.conferences.dates import period_end
    from partnerhub.conferences.models import Edition

    result = []
    for edition in Edition.objects.prefetch_related("parts").only("pk"):
        parts_ = list(edition.parts.all())
        if not parts_:
            continue
        last_day = max(period_end(p.start, p.end, p.precision) for p in parts_)
        if last_day < cutoff:
            result.append(edition.pk)
    return result


def _count_or_update(queryset, dry_run: bool, **values) -> int:
    count = queryset.count()
    if count and not dry_run:
        queryset.update(**values)
    return count


def purge_conference_registrations(cutoff: datetime.date, *, dry_run: bool) -> int:
    """Blank who the person is and what they needed; type, country, body and status stay."""
    from partnerhub.conferences.models import Registration

    personal = (
        ~Q(full_name=ANONYMISED)
        | ~Q(email="")
        | ~Q(job_title="")
        | ~Q(diet="")
        | ~Q(diet_note="")
        | ~Q(accessibility_needs="")
        | ~Q(passport_number="")
        | Q(date_of_birth__isnull=False)
        | Q(nationality__isnull=False)
        | ~Q(travel_details="")
        | Q(arrival_at__isnull=False)
        | Q(departure_at__isnull=False)
        | Q(person__isnull=False)
    )
    due = Registration.objects.filter(edition_id__in=ended_edition_ids(cutoff)).filter(personal)
    return _count_or_update(
        due,
        dry_run,
        full_name=ANONYMISED,
        email="",
        job_title="",
        diet="",
        diet_note="",
        accessibility_needs="",
        passport_number="",
        date_of_birth=None,
        nationality=None,
        travel_details="",
        arrival_at=None,
        departure_at=None,
        person=None,
    )


def purge_travel_grants(cutoff: datetime.date, *, dry_run: bool) -> int:
    """Blank the free texts of travel grant applications; categories and amounts stay."""
    from partnerhub.conferences.models import TravelGrantApplication, TravelGrantLine

    applications = TravelGrantApplication.objects.filter(
        registration__edition_id__in=ended_edition_ids(cutoff)
    )
    due = applications.filter(~Q(justification="") | ~Q(note_to_applicant=""))
    lines = TravelGrantLine.objects.filter(application__in=applications).exclude(description="")
    count = due.count()
    if not dry_run:
        due.update(justification="", note_to_applicant="")
        lines.update(description="")
    return count


def purge_dialogue_event_participants(cutoff: datetime.date, *, dry_run: bool) -> int:
    """Nominations and participants of dialogue events: name, e-mail, function, nominator go.

    Country, municipality, institution and status stay (the participant mix is computed
    from them).
    """
    from partnerhub.calls.models import DialogueEvent, EventParticipant
    from partnerhub.calls.queries.learning import event_last_day

    ended = [
        event.pk
        for event in DialogueEvent.objects.only("pk", "starts_on", "duration_days")
        if event_last_day(event) < cutoff
    ]
    personal = ~Q(full_name=ANONYMISED) | ~Q(email="") | ~Q(function="") | ~Q(nominated_by="")
    due = EventParticipant.objects.filter(event_id__in=ended).filter(personal)
    return _count_or_update(
        due, dry_run, full_name=ANONYMISED, email="", function="", nominated_by=""
    )


def _load_defaults() -> None:
    global _defaults_loaded
    if _defaults_loaded:
        return
    _defaults_loaded = True
    from django.utils.translation import gettext_lazy as _

    builtin = {
        "conference_registrations": (
            _("participants of conferences"),
            purge_conference_registrations,
        ),
        "conference_travel_grants": (_("travel grant applications"), purge_travel_grants),
        "dialogue_event_participants": (
            _("participants and nominations of dialogue events"),
            purge_dialogue_event_participants,
        ),
    }
    # The built-in parts come first, whatever registered before they were loaded.
    earlier = dict(_parts)
    _parts.clear()
    for key, (label, purge) in builtin.items():
        if key not in earlier:
            _parts[key] = RetentionPart(key=key, label=label, purge=purge)
    _parts.update(earlier)
