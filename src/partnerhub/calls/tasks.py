"""Background jobs of calls: e-mails to applicants, in the applicant's language."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Proposal


def _subject(kind: str, proposal: Proposal) -> str:
    subjects = {
        "submitted": _("Your proposal has been submitted: %(title)s"),
        "decided": _("Decision on your proposal: %(title)s"),
    }
    return subjects[kind] % {"title": proposal.title}


@task()
def send_proposal_mail(proposal_id: int, kind: str) -> bool:
    proposal = (
        Proposal.objects.select_related("call", "created_by", "municipality")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or proposal.created_by is None or not proposal.created_by.email:
        return False
    with translation.override(proposal.created_by.preferred_language):
        message = EmailMessage(
            subject=_subject(kind, proposal),
            body=render_to_string("calls/email/proposal.txt", {"kind": kind, "proposal": proposal}),
            to=[proposal.created_by.email],
        )
    if kind == "submitted" and proposal.submitted_document:
        with proposal.submitted_document.open("rb") as document:
            message.attach(f"proposal-{proposal.pk}.pdf", document.read(), "application/pdf")
    message.send()
    return True


@task()
def file_submitted_proposal(proposal_id: int) -> bool:
    """Keep a PDF of exactly what was submitted, then send it to the applicant."""
    from .documents import proposal_pdf

    proposal = Proposal.objects.select_related("call", "created_by").filter(pk=proposal_id).first()
    if proposal is None or not proposal.is_submitted:
        return False
    proposal.submitted_document.save(
        f"proposal-{proposal.pk}.pdf", proposal_pdf(proposal), save=False
    )
    proposal.save(update_fields=["submitted_document"])
    return send_proposal_mail.call(proposal.pk, "submitted")


@task()
def run_participant_selection(run_id: int) -> str:
    """Compute a participant selection run (`services.selection_run_execute`); never raises."""
    from .services.selection_runs import selection_run_execute

    return selection_run_execute(run_id=run_id)
