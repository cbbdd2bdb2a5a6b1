"""Background jobs of the conferences: e-mails to participants.

Jobs take primary keys (they may run in a worker process) and are started with
`core.jobs.enqueue`, i.e. only after the transaction that caused them commits.
Each e-mail is written in the participant's language, whatever the language of
whoever caused it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Registration, RegistrationStatus


def _subject(kind: str, registration: Registration) -> str:
    edition = registration.edition.display_title
    subjects = {
        "received": {
            RegistrationStatus.CONFIRMED: _("Your registration is confirmed: %(edition)s"),
            RegistrationStatus.WAITLISTED: _("You are on the waiting list: %(edition)s"),
            RegistrationStatus.PENDING: _("We have received your registration: %(edition)s"),
        }.get(registration.status, _("Your registration: %(edition)s")),
        "confirmed": _("Your registration is confirmed: %(edition)s"),
        "waitlisted": _("You are on the waiting list: %(edition)s"),
        "promoted": _("A place has become free for you: %(edition)s"),
        "declined": _("Your registration could not be accepted: %(edition)s"),
        "cancelled": _("Your registration is cancelled: %(edition)s"),
        "changed": _("Your registration has been changed: %(edition)s"),
        "follow_up_reopened": _("Please check your travel details again: %(edition)s"),
    }
    return subjects[kind] % {"edition": edition}


def registration_link(registration: Registration) -> str:
    """The participant's own page, reachable without an account."""
    path = reverse("conferences:registration_by_token", args=[registration.access_token])
    return f"{settings.SITE_URL}{path}"


def _recipients(registration: Registration) -> list[str]:
    """The person, else whoever registered them (partner delegates may have no address)."""
    if registration.email:
        return [registration.email]
    submitter = registration.group.submitted_by
    return [submitter.email] if submitter and submitter.email else []


@task()
def send_registration_mail(registration_id: int, kind: str) -> bool:
    registration = (
        Registration.objects.select_related("edition__series", "group__submitted_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    recipients = _recipients(registration)
    if not recipients:
        return False
    with translation.override(registration.language):
        subject = _subject(kind, registration)
        body = render_to_string(
            "conferences/email/registration.txt",
            {
                "kind": kind,
                "registration": registration,
                "edition": registration.edition,
                "link": registration_link(registration),
                "for_someone_else": not registration.email,
            },
        )
    EmailMessage(subject=subject, body=body, to=recipients).send()
    return True


@task()
def send_travel_grant_mail(application_id: int) -> bool:
    """Tell the applicant the decision on their travel grant, in their language."""
    from .models import TravelGrantApplication

    application = (
        TravelGrantApplication.objects.select_related(
            "registration__edition__series", "registration__group__submitted_by"
        )
        .prefetch_related("lines")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    registration = application.registration
    recipients = _recipients(registration)
    if not recipients:
        return False
    path = reverse("conferences:travel_grant", args=[registration.access_token])
    with translation.override(registration.language):
        subject = _("Decision on your travel grant: %(edition)s") % {
            "edition": registration.edition.display_title
        }
        body = render_to_string(
            "conferences/email/travel_grant.txt",
            {
                "application": application,
                "registration": registration,
                "edition": registration.edition,
                "lines": list(application.lines.all()),
                "link": f"{settings.SITE_URL}{path}",
                "for_someone_else": not registration.email,
            },
        )
    EmailMessage(subject=subject, body=body, to=recipients).send()
    return True


@task()
def run_workshop_assignment(run_id: int) -> str:
    """Compute a workshop assignment run (`services.assignment_run_execute`); never raises."""
    from .services.assignment_runs import assignment_run_execute

    return assignment_run_execute(run_id=run_id)
