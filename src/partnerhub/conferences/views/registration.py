"""The registration form and the participant's own pages.

* `register`: one form for a whole delegation (the German side, optionally the
  partner municipality's delegates), with the eligibility of each partner
  municipality shown before submitting; `registration_group`: where everybody
  of a submitted form stands.
* `my_registrations`: the registrations a logged-in person may see.
* The participant's page by link (`registration_by_token`: the token is the
  capability, no account needed), in the participant's language unless the
  visitor chose one: status, their data, the follow-up, cancelling, the visa
  invitation letter.

Views only parse the request, ask `queries`, call `services` and render; the
service's errors are put back onto the form fields they concern.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerhub.accounts.consent import current_consent_text
from partnerhub.core.pdf import pdf_response

from .. import letters, queries, services
from ..badges import certificate_availability
from ..forms_registration import (
    MAX_PEOPLE_PER_SIDE,
    FollowUpForm,
    GermanPersonFormSet,
    ParticipantDataForm,
    PartnerPersonFormSet,
    RegistrationForm,
)
from ..models import ParticipantType

PERSON_KEY = re.compile(r"^people\[(\d+)\]\.(\w+)$")
SIDES = {"german": "german_municipality", "partner": "partner_municipality"}


def _by(request):
    """The person acting, or None for a visitor with only the link."""
    return request.user if request.user.is_authenticated else None


def _edition(series: str, number: int):
    edition = queries.edition_detail(series=series, number=number)
    if edition is None:
        raise Http404
    return edition


# --- The delegation form -------------------------------------------------------------


def _registration_forms(request, edition, data=None):
    """The form, its two formsets and what the template needs to explain them."""
    user = request.user
    german = queries.german_municipalities_for(user).select_related("country")
    german_list = list(german)
    partner_groups = queries.partner_municipality_groups(m.pk for m in german_list)
    candidates = [m for group in partner_groups for m in group.municipalities]
    eligibilities = queries.partner_eligibilities(edition, candidates)
    reasons = {str(pk): e.message for pk, e in eligibilities.items() if not e.eligible}
    consent = current_consent_text()
    organisations = queries.organisations_for(user)
    has_organisations = organisations.exists()

    initial, first_person = {}, {}
    if data is None:
        if len(german_list) == 1:
            initial["german_municipality"] = german_list[0]
        if not queries.is_registered(edition, user):
            first_person = {
                "participant_type": ParticipantType.GERMAN_MUNICIPALITY
                if german_list or not has_organisations
                else ParticipantType.CIVIL_SOCIETY,
                "full_name": user.full_name,
                "email": user.email,
                "job_title": user.job_title,
                "language": user.preferred_language,
            }
    form = RegistrationForm(
        data,
        initial=initial,
        german_municipalities=german,
        partner_groups=partner_groups,
        partner_reasons=reasons,
        consent_text=consent,
        may_override=user.has_perm("conferences.admit_ineligible_partner", edition),
    )
    german_people = GermanPersonFormSet(
        data,
        prefix="german",
        initial=[first_person] if first_person else None,
        form_kwargs={"organisations": organisations if has_organisations else None},
    )
    partner_people = PartnerPersonFormSet(data, prefix="partner")
    return {
        "edition": edition,
        "form": form,
        "german_people": german_people,
        "partner_people": partner_people,
        "consent": consent,
        "formsets": [german_people, partner_people],
        "ineligible": _ineligible_by_reason(candidates, eligibilities),
        "max_people": MAX_PEOPLE_PER_SIDE,
        "has_errors": False,
    }


def _ineligible_by_reason(candidates, eligibilities) -> list[dict]:
    """The partner municipalities that cannot be invited, one entry per reason (country)."""
    entries: dict[str, dict] = {}
    for municipality in candidates:
        eligibility = eligibilities[municipality.pk]
        if not eligibility.eligible:
            entry = entries.setdefault(eligibility.message, {"message": eligibility.message})
            entry.setdefault("names", []).append(municipality.name)
    return list(entries.values())


def _render_form(request, context):
    """Render the delegation form, with its error summary when something is wrong."""
    form = context["form"]
    context["has_errors"] = bool(form.errors) or any(
        formset.non_form_errors() or any(person.errors for person in formset)
        for formset in context["formsets"]
    )
    return render(request, "conferences/registration/form.html", context)


def _with_another_row(post, side: str):
    """The posted data with one more (empty) row on one side of the form."""
    data = post.copy()
    key = f"{side}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    total = max(0, min(total, MAX_PEOPLE_PER_SIDE - 1))
    data[key] = str(total + 1)
    defaults = {"language": "en" if side == "partner" else "de"}
    if side == "german":
        defaults["participant_type"] = ParticipantType.GERMAN_MUNICIPALITY
    for name, value in defaults.items():
        data.setdefault(f"{side}-{total}-{name}", value)
    return data, total


def _silence(context) -> None:
    """Show the bound forms again without validating them (after "add a person")."""
    form = context["form"]
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for formset in (context["german_people"], context["partner_people"]):
        formset._errors = []
        formset._non_form_errors = ErrorList()
        for person_form in formset.forms:
            person_form._errors = ErrorDict()
            person_form.cleaned_data = {}


def _add_once(form, field, messages_) -> None:
    present = form.errors.get(field, []) if field else form.non_field_errors()
    new = [m for m in messages_ if m not in present]
    if new:
        form.add_error(field, new)


def _apply_submit_errors(error: ValidationError, form, people_forms) -> None:
    """Put the service's errors onto the form, the person's row, or the form as a whole."""
    if not hasattr(error, "error_dict"):
        _add_once(form, None, error.messages)
        return
    for key, messages_ in error.message_dict.items():
        match = PERSON_KEY.match(key)
        if match is None:
            if key == "reason" and "override_reason" in form.fields:
                key = "override_reason"
            _add_once(form, key if key in form.fields else None, messages_)
            continue
        index, field = int(match.group(1)), match.group(2)
        if index >= len(people_forms):
            _add_once(form, None, messages_)
            continue
        person_form = people_forms[index]
        if field == "municipality":
            _add_once(form, SIDES[person_form.side], messages_)
        elif field in person_form.fields:
            _add_once(person_form, field, messages_)
        else:
            _add_once(person_form, None, messages_)


def _check_partner_chosen(form, partner_forms) -> None:
    """A friendlier message at once: partner delegates need their municipality."""
    chosen = form.cleaned_data.get("partner_municipality")
    if partner_forms and chosen is None and "partner_municipality" not in form.errors:
        form.add_error(
            "partner_municipality",
            _("Choose the partner municipality of the partner delegates."),
        )


@login_required
def register(request, series, number):
    """One form for a delegation: the German side, the partner's delegates, consent."""
    edition = _edition(series, number)
    if not edition.registration_is_open() and not request.user.has_perm(
        "conferences.manage_registrations"
    ):
        return render(
            request,
            "conferences/registration/not_open.html",
            {"edition": edition, "box": queries.registration_box(edition, request.user)},
        )
    if request.method != "POST":
        return _render_form(request, _registration_forms(request, edition))

    side = request.POST.get("add")
    if side in SIDES:
        data, new_index = _with_another_row(request.POST, side)
        context = _registration_forms(request, edition, data)
        _silence(context)
        formset = context[f"{side}_people"]
        if new_index < len(formset.forms):
            formset.forms[new_index].fields["full_name"].widget.attrs["autofocus"] = True
        return _render_form(request, context)

    context = _registration_forms(request, edition, request.POST)
    group = _submit(request, edition, context)
    if group is None:
        return _render_form(request, context)
    messages.success(request, _("Thank you: the registration has been sent."))
    return redirect("conferences:registration_group", group.pk)


def _submit(request, edition, context):
    """Validate the posted form and register through the service; the group, or None with
    the errors put onto the form."""
    form = context["form"]
    german_people, partner_people = context["german_people"], context["partner_people"]
    valid = [form.is_valid(), german_people.is_valid(), partner_people.is_valid()]
    german_forms = german_people.filled_forms() if valid[1] else []
    partner_forms = partner_people.filled_forms() if valid[2] else []
    if valid[0]:
        _check_partner_chosen(form, partner_forms)
    if not all(valid) or form.errors:
        return None
    people_forms = [*german_forms, *partner_forms]
    german = form.cleaned_data.get("german_municipality")
    partner = form.cleaned_data.get("partner_municipality")
    germany = queries.germany()
    try:
        return services.registration_submit(
            edition=edition,
            by=request.user,
            submission_key=form.cleaned_data["submission_key"],
            people=[
                person.service_values(
                    german_municipality=german, partner_municipality=partner, germany=germany
                )
                for person in people_forms
            ],
            consent_text=context["consent"],
            german_municipality=german,
            partner_municipality=partner,
            partnership=queries.partnership_between(german, partner),
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
    except ValidationError as error:
        _apply_submit_errors(error, form, people_forms)
    except PermissionDenied as error:
        _add_once(form, None, [str(error) or _("You may not register these people.")])
    return None


@login_required
@never_cache
def registration_group(request, pk):
    """After submitting: who is confirmed, on the waiting list or awaiting approval."""
    group, registrations = queries.group_registrations_visible_to(pk, request.user)
    if group is None or not registrations:
        raise Http404
    return render(
        request,
        "conferences/registration/group.html",
        {"group": group, "edition": group.edition, "registrations": registrations},
    )


@login_required
@never_cache
def my_registrations(request):
    return render(
        request,
        "conferences/registration/mine.html",
        {"editions": queries.registrations_by_edition(request.user)},
    )


# --- The participant's page by link ---------------------------------------------------


def _registration(request, token):
    """The registration of the link, with the page in the participant's language.

    The visitor's own choice (the language cookie, set by the language switcher
    or at log-in) wins over the participant's language.
    """
    registration = queries.registration_by_token(token)
    if registration is None:
        raise Http404
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen not in dict(settings.LANGUAGES):
        translation.activate(registration.language)
        request.LANGUAGE_CODE = registration.language
    return registration


def _page(request, registration, *, data_form=None, follow_up_form=None):
    if data_form is None and registration.is_active:
        data_form = ParticipantDataForm(registration=registration)
    if follow_up_form is None and registration.follow_up_is_open:
        follow_up_form = FollowUpForm()
    return render(
        request,
        "conferences/registration/participant.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "data_form": data_form,
            "follow_up_form": follow_up_form,
            "visa_offered": letters.visa_letter_offered(registration),
            "visa_available": letters.visa_letter_available(registration),
            "visa_missing": letters.visa_letter_missing(registration),
            "certificate": certificate_availability(registration),
            "workshops": queries.assigned_workshops(registration),
        },
    )


def _apply_errors(error: ValidationError, form) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@never_cache
def registration_by_token(request, token):
    """The participant's own page: status, data, follow-up, cancel, visa letter."""
    return _page(request, _registration(request, token))


@require_POST
@never_cache
def registration_update(request, token):
    registration = _registration(request, token)
    form = ParticipantDataForm(request.POST, registration=registration)
    if form.is_valid():
        try:
            services.registration_update(
                registration=registration, by=_by(request), token=token, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your details have been saved."))
            return redirect("conferences:registration_by_token", token)
    return _page(request, queries.registration_by_token(token), data_form=form)


@require_POST
@never_cache
def registration_follow_up(request, token):
    registration = _registration(request, token)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.registration_follow_up_submit(
                registration=registration, by=_by(request), token=token, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your travel details have been sent."))
            return redirect("conferences:registration_by_token", token)
    return _page(request, queries.registration_by_token(token), follow_up_form=form)


@never_cache
def registration_cancel(request, token):
    """A confirmation step (GET), then the cancellation (POST)."""
    registration = _registration(request, token)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=_by(request), token=token)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("conferences:registration_by_token", token)
    return render(
        request,
        "conferences/registration/cancel.html",
        {"registration": registration, "edition": registration.edition},
    )


@never_cache
def visa_letter(request, token):
    """The visa invitation letter (PDF), for a confirmed partner delegate with passport details."""
    registration = _registration(request, token)
    if not letters.visa_letter_offered(registration):
        raise Http404
    missing = letters.visa_letter_missing(registration)
    if missing:
        for reason in missing:
            messages.error(request, reason)
        return redirect("conferences:registration_by_token", token)
    return pdf_response(
        letters.visa_letter_pdf(registration), letters.visa_letter_filename(registration)
    )


urlpatterns = [
    path("<slug:series>/<int:number>/register/", register, name="register"),
    path("registration/form/<int:pk>/", registration_group, name="registration_group"),
    path("my-registrations/", my_registrations, name="my_registrations"),
    path("registration/<str:token>/", registration_by_token, name="registration_by_token"),
    path("registration/<str:token>/edit/", registration_update, name="registration_update"),
    path(
        "registration/<str:token>/follow-up/", registration_follow_up, name="registration_follow_up"
    ),
    path("registration/<str:token>/cancel/", registration_cancel, name="registration_cancel"),
    path("registration/<str:token>/visa-letter.pdf", visa_letter, name="visa_letter"),
]
