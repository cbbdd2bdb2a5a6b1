"""PDF documents of calls: the proposal exactly as submitted."""

from django.core.files.base import ContentFile
from django.utils import translation

from partnerhub.core.pdf import render_pdf

from .models import Proposal


def proposal_pdf(proposal: Proposal) -> ContentFile:
    """The submitted proposal, in the submitter's language, as a PDF file."""
    language = proposal.created_by.preferred_language if proposal.created_by else "de"
    with translation.override(language):
        pdf = render_pdf(
            "calls/pdf/proposal.html",
            {
                "proposal": proposal,
                "call": proposal.call,
                "actors": list(proposal.actors.select_related("country", "municipality")),
                "sdgs": list(proposal.sdgs.all()),
            },
        )
    return ContentFile(pdf)
