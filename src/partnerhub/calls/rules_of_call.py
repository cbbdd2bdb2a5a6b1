"""The rules of a call that decide whether a proposal may be submitted (DOMAIN.md §2).

One place for each rule, used by the form (to show what is missing), the
submit service and the API alike. Messages are in the active language.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerhub.core.files import upload_problem
from partnerhub.reference.models import Municipality
from partnerhub.reference.queries import oda_statuses_for

from .models import SECTIONS, Call, Proposal

GERMANY = "DE"
PDF_MAGIC = b"%PDF-"


def applicant_problems(call: Call, municipality: Municipality) -> list[str]:
    """Only German municipal bodies of the kinds the call names may apply."""
    if not municipality.is_german:
        return [_("Only German municipalities and municipal companies may apply.")]
    if municipality.kind not in call.eligible_kinds:
        return [
            _("This call is not open to %(kind)s applicants.")
            % {"kind": municipality.get_kind_display()}
        ]
    return []


def deadline_passed(call: Call, now=None) -> bool:
    """Late from the first second after the deadline (stored in UTC, set in German time)."""
    return (now or timezone.now()) > call.deadline


def deadline_display(call: Call) -> str:
    return date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")


def partner_country_problems(call: Call, countries, *, recipients=None) -> list[str]:
    """At least two further countries besides Germany, at least one of the Global South.

    "Global South" means an ODA recipient on the day of the deadline. A caller
    that checks many proposals passes `recipients`, the ISO codes of every ODA
    recipient on that day (`reference.queries.oda_statuses_on`), read once.
    """
    further = {country.iso2: country for country in countries if country.iso2 != GERMANY}
    problems = []
    if len(further) < 2:
        problems.append(
            _(
                "Name municipal actors from at least two further countries besides Germany, "
                "at least one of them from the Global South."
            )
        )
    on = timezone.localtime(call.deadline).date()
    if recipients is None:
        statuses = oda_statuses_for(further.values(), on)
        recipients = {iso2 for iso2, status in statuses.items() if status.eligible}
    if further and not set(further) & set(recipients):
        problems.append(
            _(
                "At least one of the further countries must be in the Global South, i.e. an ODA "
                "recipient on the deadline (%(date)s); not so: %(countries)s."
            )
            % {
                "date": date_format(on, "DATE_FORMAT"),
                "countries": ", ".join(sorted(c.name for c in further.values())),
            }
        )
    return problems


def section_problems(call: Call, proposal: Proposal, *, require_all: bool) -> dict[str, str]:
    """Per section: too long (always), or empty (when submitting)."""
    problems = {}
    for section in SECTIONS:
        text = getattr(proposal, section) or ""
        limit = call.limit_for(section)
        if limit and len(text) > limit:
            problems[section] = ngettext(
                "At most %(limit)d character (now %(count)d).",
                "At most %(limit)d characters (now %(count)d).",
                limit,
            ) % {"limit": limit, "count": len(text)}
        elif require_all and not text.strip():
            problems[section] = _("This section is required.")
    total = proposal.characters
    if call.total_limit and total > call.total_limit:
        problems["__all__"] = _(
            "The four sections may have %(limit)d characters in all, about two pages "
            "(now %(count)d)."
        ) % {"limit": call.total_limit, "count": total}
    return problems


def pdf_upload_problem(upload, max_mb: int) -> str:
    """An upload must be a PDF by its content, not its name, and within the size limit.

    The check itself is the one for every upload (core.files.upload_problem).
    """
    if upload.size > max_mb * 1024 * 1024:
        return _("The file is larger than %(size)d MB.") % {"size": max_mb}
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(PDF_MAGIC):
        return _("The file is not a PDF document.")
    return upload_problem(upload, kinds=("pdf",), max_bytes=max_mb * 1024 * 1024)
