"""Proposals: a German municipal body offers a topic and hosts a dialogue event (DOMAIN.md §2).

A proposal is a draft until it is submitted; its applicant can edit and submit
it until the deadline, and withdraw it. The organiser's decision (selected,
rejected, reserve) comes with a reason. Every rule is enforced by
`calls.services.proposals`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Country, Municipality, SdgGoal

from .calls import SECTIONS, Call, ThemeField


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Decision(models.TextChoices):
    SELECTED = "selected", _("selected")
    RESERVE = "reserve", _("reserve")
    REJECTED = "rejected", _("not selected")


def private_upload_path(instance, filename: str) -> str:
    """Uploads live outside any public URL; a view checks permissions before serving them."""
    return f"private/calls/{instance.call_id}/proposal-{instance.pk or 'new'}/{filename}"


class Proposal(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    title = models.CharField(_("topic"), max_length=200)
    theme_field = models.CharField(
        _("theme field"), max_length=40, choices=ThemeField.choices, blank=True
    )
    climate_focus = models.BooleanField(_("focus on climate and sustainability"), default=False)
    sdgs = models.ManyToManyField(SdgGoal, verbose_name=_("SDGs"), blank=True, related_name="+")
    topic_background = models.TextField(
        _("The topic and its background (challenges, opportunities)"), blank=True
    )
    learning_and_contribution = models.TextField(
        _("What you want to learn from the exchange and what you can contribute"), blank=True
    )
    knowledge_transfer = models.TextField(
        _("Contribution to knowledge transfer and competence building"), blank=True
    )
    further_goals = models.TextField(
        _("Further goals of the exchange (e.g. solutions for a local challenge)"), blank=True
    )
    commits_to_follow_up = models.BooleanField(
        _("We are willing to take part in follow-up activities"), default=False
    )
    has_municipal_support = models.BooleanField(
        _("The topic and our engagement are supported by the municipality"), default=False
    )
    support_letter = models.FileField(
        _("letter of support (PDF)"), upload_to=private_upload_path, blank=True
    )
    contact_role = models.CharField(
        _("responsible contact (function)"),
        max_length=200,
        blank=True,
        help_text=_("The function of the person responsible, e.g. head of the climate unit."),
    )
    submitted_document = models.FileField(
        _("submitted document (PDF)"), upload_to=private_upload_path, blank=True
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["call", "-submitted_at", "-created_at"]

    def __str__(self):
        return f"{self.title} ({self.municipality})"

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    def section_texts(self) -> dict[str, str]:
        return {section: getattr(self, section) for section in SECTIONS}

    @property
    def characters(self) -> int:
        return sum(len(text) for text in self.section_texts().values())


class ProposedActor(models.Model):
    """A municipal actor from another country that the applicant proposes for the exchange."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="actors"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(
        _("name of the municipality or municipal company"), max_length=200, blank=True
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    contact_role = models.CharField(_("contact (function)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("proposed actor")
        verbose_name_plural = _("proposed actors")
        ordering = ["proposal", "id"]

    def __str__(self):
        return f"{self.display_name} ({self.country_id})"

    @property
    def display_name(self) -> str:
        return self.municipality.name if self.municipality_id else self.name
