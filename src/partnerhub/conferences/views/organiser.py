"""Pages: the organisers' tools for an edition (JOURNEYS.md, Lea).

Dashboard and registration settings, the participant list with filters and
actions, exports, badges, check-in at the registration desk, certificates of
attendance, e-mail to a group and statistics. Every page here is for people
with `conferences.manage_registrations` (anonymous people are sent to log in,
everybody else gets 403), except the participant's own certificate, which is
reached with the registration's link (`access_token`).

Views only parse the request, ask `queries` or call `services`, and render. A
rule broken by an action (approving somebody already confirmed) comes back
from the service as a ValidationError and is shown as a message; it is never
a 500.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerhub.core.exports import FORMATS, table_response
from partnerhub.core.pdf import pdf_response

from .. import badges, mailing, participant_export, queries, services, statistics
from ..forms_organiser import (
    CheckInSearchForm,
    DeclineForm,
    GroupMailForm,
    ParticipantFilterForm,
    RegistrationSettingsForm,
)
from ..models import Registration, RegistrationStatus

MANAGE = "conferences.manage_registrations"
MAIL_SAMPLE_SIZE = 5
S = RegistrationStatus


def organiser_only(view):
    """Log in first (anonymous → log-in page), then the permission (others → 403)."""
    return login_required(permission_required(MANAGE, raise_exception=True)(view))


def _edition(series: str, number: int):
    edition = queries.edition_for_organisers(series, number)
    if edition is None:
        raise Http404
    return edition


def _url(name: str, edition, *args, query: dict | None = None) -> str:
    url = reverse(f"conferences:{name}", args=[edition.series.slug, edition.number, *args])
    return f"{url}?{urlencode(query)}" if query else url


def _next(request, default: str) -> str:
    """Back to where the action was started (only addresses on this site)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _filter_form(request, edition) -> ParticipantFilterForm:
    return ParticipantFilterForm(
        request.GET,
        countries=queries.participant_countries(edition),
        municipalities=queries.participant_municipalities(edition),
    )


# --- Dashboard --------------------------------------------------------------------

# Pages of the other organiser tools, shown when they exist (name, label).
OTHER_TOOLS = (
    ("programme_manage", gettext_lazy("Programme")),
    ("workshop_assign", gettext_lazy("Workshop assignment")),
    ("travel_grants", gettext_lazy("Travel grants")),
)


def _other_tools(edition) -> list[tuple[str, str]]:
    tools = []
    for name, label in OTHER_TOOLS:
        try:
            tools.append((label, _url(name, edition)))
        except NoReverseMatch:
            continue
    return tools


@organiser_only
def edition_manage(request, series, number):
    """Where registration stands, links to every tool, and the registration settings."""
    edition = _edition(series, number)
    form = RegistrationSettingsForm.for_edition(edition, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edition_registration_configure(
                edition=edition,
                by=request.user,
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                capacity=data["capacity"],
                is_moderated=data["is_moderated"],
                status=data["status"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The registration settings have been saved."))
            return redirect(_url("edition_manage", edition))
    return render(
        request,
        "conferences/organiser/dashboard.html",
        {
            "edition": edition,
            "counts": queries.edition_counts(edition),
            "form": form,
            "other_tools": _other_tools(edition),
        },
    )


# --- Participant list, detail and actions ---------------------------------------------


@organiser_only
def participant_list(request, series, number):
    edition = _edition(series, number)
    form = _filter_form(request, edition)
    filters = form.filters()
    registrations = queries.participants(edition, **filters)
    query = form.query_params()
    return render(
        request,
        "conferences/organiser/participants.html",
        {
            "edition": edition,
            "filter_form": form,
            "ignored": form.ignored(),
            "is_filtered": bool(filters),
            "registrations": list(registrations),
            "counts": queries.edition_counts(edition, registrations),
            "query": urlencode(query),
            "statuses": S,
        },
    )


@organiser_only
def participant_detail(request, series, number, pk):
    edition = _edition(series, number)
    registration = queries.participant_detail(edition, pk)
    if registration is None:
        raise Http404
    return render(
        request,
        "conferences/organiser/participant_detail.html",
        {
            "edition": edition,
            "registration": registration,
            "events": _with_state_labels(queries.registration_audit_events(registration)),
            "check_in_path": badges.check_in_path(edition, registration),
            "statuses": S,
        },
    )


def _with_state_labels(events) -> list:
    """Audit events with the statuses in words (other states as they were recorded)."""
    labels = dict(S.choices)
    events = list(events)
    for event in events:
        event.from_label = labels.get(event.from_state, event.from_state)
        event.to_label = labels.get(event.to_state, event.to_state)
    return events


ACTIONS = ("approve", "decline", "cancel", "reopen")


def _act(request, action: str, registration: Registration) -> str:
    """Call the service for `action`; return the message of success (raise on failure)."""
    by = request.user
    if action == "approve":
        registration = services.registration_approve(registration=registration, by=by)
        return _("%(name)s: the registration is now %(status)s.") % {
            "name": registration.full_name,
            "status": registration.get_status_display(),
        }
    if action == "decline":
        form = DeclineForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give a reason when you decline."))
        services.registration_decline(
            registration=registration, by=by, reason=form.cleaned_data["reason"]
        )
        return _("%(name)s: the registration has been declined.") % {"name": registration.full_name}
    if action == "cancel":
        services.registration_cancel(registration=registration, by=by)
        return _("%(name)s: the registration has been cancelled.") % {
            "name": registration.full_name
        }
    services.registration_follow_up_reopen(registration=registration, by=by)
    return _("%(name)s: the follow-up form is open again; the person has been told.") % {
        "name": registration.full_name
    }


@require_POST
@organiser_only
def participant_action(request, series, number, pk, action):
    edition = _edition(series, number)
    if action not in ACTIONS:
        raise Http404
    registration = Registration.objects.filter(edition=edition, pk=pk).first()
    if registration is None:
        raise Http404
    try:
        message = _act(request, action, registration)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, message)
    return redirect(_next(request, _url("participants", edition)))


# --- Export, badges, certificates --------------------------------------------------------


@organiser_only
def participants_export(request, series, number, fmt):
    if fmt not in FORMATS:
        raise Http404
    edition = _edition(series, number)
    registrations = queries.participants(edition, **_filter_form(request, edition).filters())
    return table_response(
        fmt,
        f"participants-{series}-{number}",
        participant_export.headers(),
        participant_export.rows(registrations),
    )


@organiser_only
def participants_badges(request, series, number):
    """Badges of the confirmed participants matching the filters, 8 per A4 page."""
    edition = _edition(series, number)
    form = _filter_form(request, edition)
    registrations = list(queries.participants(edition, **form.filters()).filter(status=S.CONFIRMED))
    if not registrations:
        messages.error(request, _("No confirmed participant matches the filters: no badges."))
        return redirect(_url("participants", edition, query=form.query_params()))
    return pdf_response(badges.badges_pdf(edition, registrations), f"badges-{series}-{number}.pdf")


@organiser_only
def participants_certificates(request, series, number):
    """Certificates of attendance of the checked-in participants matching the filters."""
    edition = _edition(series, number)
    form = _filter_form(request, edition)
    registrations = list(
        queries.participants(edition, **form.filters()).filter(checked_in_at__isnull=False)
    )
    if not registrations:
        messages.error(
            request, _("No checked-in participant matches the filters: no certificates.")
        )
        return redirect(_url("participants", edition, query=form.query_params()))
    return pdf_response(
        badges.certificates_pdf(edition, registrations), f"certificates-{series}-{number}.pdf"
    )


def certificate(request, token):
    """The participant's own certificate, through their registration's link."""
    registration = queries.registration_for_certificate(token)
    if registration is None:
        raise Http404
    availability = badges.certificate_availability(registration)
    if not availability.available:
        return render(
            request,
            "conferences/organiser/certificate_unavailable.html",
            {
                "registration": registration,
                "edition": registration.edition,
                "availability": availability,
            },
        )
    edition = registration.edition
    return pdf_response(
        badges.certificates_pdf(edition, [registration]),
        f"certificate-{edition.series.slug}-{edition.number}.pdf",
    )


# --- Check-in ------------------------------------------------------------------------------


@organiser_only
def check_in(request, series, number):
    """The registration desk: find a confirmed participant by name and check them in."""
    edition = _edition(series, number)
    form = CheckInSearchForm(request.GET)
    query = form.query()
    rows = [
        (registration, badges.check_in_path(edition, registration))
        for registration in queries.check_in_list(edition, query)
    ]
    return render(
        request,
        "conferences/organiser/check_in.html",
        {
            "edition": edition,
            "form": form,
            "query": query,
            "rows": rows,
            "counts": queries.edition_counts(edition),
        },
    )


@organiser_only
def check_in_code(request, series, number, code):
    """What a badge's QR code opens: who it is, and a button to check them in."""
    edition = _edition(series, number)
    pk = badges.registration_pk_from_code(code)
    registration = queries.participant_for_check_in(pk) if pk is not None else None
    if registration is None or registration.edition_id != edition.pk:
        return render(
            request,
            "conferences/organiser/check_in_code.html",
            {
                "edition": edition,
                "invalid": registration is None,
                "other_edition": registration.edition if registration is not None else None,
            },
            status=404,
        )
    if request.method == "POST":
        try:
            registration, first = services.registration_check_in(
                registration=registration, by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            if first:
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.full_name}
                )
            else:
                messages.info(
                    request,
                    _("%(name)s was already checked in.") % {"name": registration.full_name},
                )
        return redirect(_next(request, request.path))
    return render(
        request,
        "conferences/organiser/check_in_code.html",
        {"edition": edition, "registration": registration, "statuses": S},
    )


# --- E-mail to a group ----------------------------------------------------------------------


def _mail_send(request, edition, form, recipients, query) -> int | None:
    """Send, if the recipients are still those previewed; errors go into the form."""
    expected = form.cleaned_data["expected_count"]
    if expected is None:
        form.add_error(None, _("Look at the preview before you send the e-mail."))
        return None
    if expected != len(recipients):
        form.add_error(
            None,
            _(
                "The number of recipients has changed from %(before)s to %(now)s; "
                "check the preview and send again."
            )
            % {"before": expected, "now": len(recipients)},
        )
        return None
    subjects, bodies = form.texts()
    try:
        return mailing.group_mail_send(
            edition=edition,
            by=request.user,
            registrations=recipients,
            subjects=subjects,
            bodies=bodies,
            description=urlencode(query),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
    return None


@organiser_only
def participants_mail(request, series, number):
    """Write to the participants matching the filters: write, preview, confirm, send."""
    edition = _edition(series, number)
    filter_form = _filter_form(request, edition)
    filters = filter_form.filters()
    query = filter_form.query_params()
    recipients = queries.mail_recipients(edition, **filters)
    form = GroupMailForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        subjects, bodies = form.texts()
        preview = mailing.group_mail_preview(recipients, subjects, bodies, MAIL_SAMPLE_SIZE)
        if "send" in request.POST:
            count = _mail_send(request, edition, form, recipients, query)
            if count is not None:
                messages.success(
                    request,
                    _("Your e-mail is being sent to %(count)s people.") % {"count": count},
                )
                return redirect(_url("participants", edition, query=query))
    return render(
        request,
        "conferences/organiser/mail.html",
        {
            "edition": edition,
            "filter_form": filter_form,
            "ignored": filter_form.ignored(),
            "query": urlencode(query),
            "recipients": recipients,
            "recipient_sample": recipients[:MAIL_SAMPLE_SIZE],
            "form": form,
            "preview": preview,
        },
    )


# --- Statistics ---------------------------------------------------------------------------------


@organiser_only
def edition_statistics(request, series, number):
    edition = _edition(series, number)
    return render(
        request,
        "conferences/organiser/statistics.html",
        {
            "edition": edition,
            "statistics": statistics.edition_statistics(edition),
            "counts": queries.edition_counts(edition),
        },
    )


EDITION = "<slug:series>/<int:number>"
urlpatterns = [
    path(f"{EDITION}/manage/", edition_manage, name="edition_manage"),
    path(f"{EDITION}/participants/", participant_list, name="participants"),
    path(
        f"{EDITION}/participants/export.<str:fmt>",
        participants_export,
        name="participants_export",
    ),
    path(f"{EDITION}/participants/badges.pdf", participants_badges, name="badges"),
    path(
        f"{EDITION}/participants/certificates.pdf",
        participants_certificates,
        name="certificates",
    ),
    path(f"{EDITION}/participants/mail/", participants_mail, name="participants_mail"),
    path(f"{EDITION}/participants/<int:pk>/", participant_detail, name="participant"),
    *(
        path(
            f"{EDITION}/participants/<int:pk>/{action}/",
            participant_action,
            {"action": action},
            name=f"participant_{action}",
        )
        for action in ACTIONS
    ),
    path(f"{EDITION}/check-in/", check_in, name="check_in"),
    path(f"{EDITION}/check-in/<str:code>/", check_in_code, name="check_in_code"),
    path(f"{EDITION}/statistics/", edition_statistics, name="statistics"),
    path("registration/<str:token>/certificate.pdf", certificate, name="certificate"),
]
