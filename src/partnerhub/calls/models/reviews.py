"""Review: organisers assign reviewers to proposals; reviewers score each criterion.

A reviewer is never assigned a proposal of a municipality they act for
(conflict of interest) and sees the others' scores only after submitting
their own (`calls.services.reviews`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calls import Criterion
from .proposals import Proposal

SCORE_MIN, SCORE_MAX = 0, 5


class ReviewAssignment(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("review submitted"), null=True, blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["proposal", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"],
                name="review_assignment_once",
                violation_error_message=_("This reviewer is already assigned to this proposal."),
            )
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.proposal}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class CriterionScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    passed = models.BooleanField(_("met"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assignment", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="criterion_score_once_per_review"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="criterion_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score if self.score is not None else self.passed}"
