"""Forms of the review pages; the rules themselves live in `services.reviews`.

A form checks only the shape of the input (a score is one of 0–5, a reason is
given) so that the page can answer with a message next to the field; the
service checks again and its ValidationError is shown the same way
(`add_service_errors`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import SCORE_MAX, SCORE_MIN, Decision

MET, NOT_MET = "yes", "no"


class ServiceErrorsMixin:
    """Show a service's ValidationError next to the fields it names, the rest on top."""

    service_fields: dict[str, str] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            name = self.service_fields.get(key, key)
            self.add_error(name if name in self.fields else None, messages)


def _met_from_choice(value: str) -> bool:
    return value == MET


class ReviewForm(ServiceErrorsMixin, forms.Form):
    """One score (0–5) or met/not met per criterion, each with a comment; an overall comment.

    Pass/fail criteria that the data of the proposal decides are pre-filled
    with the data's answer (`auto`), as long as the reviewer has not answered.
    """

    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, saved=None, auto=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        saved = saved or {}
        auto = auto or {}
        self.auto = auto
        self.service_fields = {}
        rows = {}
        for criterion in self.criteria:
            previous = saved.get(criterion.pk)
            if criterion.is_scored:
                name = f"c{criterion.pk}_score"
                self.fields[name] = forms.TypedChoiceField(
                    label=_("Score for criterion %(number)d (0 = not at all, 5 = fully)")
                    % {"number": criterion.number},
                    choices=[
                        ("", _("not scored yet")),
                        *((value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)),
                    ],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                if previous is not None and previous.score is not None:
                    self.initial[name] = previous.score
            else:
                name = f"c{criterion.pk}_passed"
                self.fields[name] = forms.TypedChoiceField(
                    label=_("Criterion %(number)d met?") % {"number": criterion.number},
                    choices=[(MET, _("met")), (NOT_MET, _("not met"))],
                    coerce=_met_from_choice,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
                answer = previous.passed if previous is not None else None
                if answer is None:
                    answer = auto.get(criterion.pk)
                if answer is not None:
                    self.initial[name] = MET if answer else NOT_MET
            comment = f"c{criterion.pk}_comment"
            self.fields[comment] = forms.CharField(
                label=_("Comment on criterion %(number)d") % {"number": criterion.number},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if previous is not None:
                self.initial[comment] = previous.comment
            self.service_fields[f"scores[{criterion.number}]"] = name
            rows[criterion.pk] = (name, comment)
        self._rows = rows
        # The overall comment last, after the criteria.
        self.fields["overall_comment"] = self.fields.pop("overall_comment")

    def rows(self) -> list[dict]:
        """Per criterion: the criterion, its value field, its comment field, the data's answer."""
        return [
            {
                "criterion": criterion,
                "value": self[self._rows[criterion.pk][0]],
                "comment": self[self._rows[criterion.pk][1]],
                "auto": self.auto.get(criterion.pk),
            }
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, dict]:
        """{criterion id: {score, passed, comment}} for `services.review_save`."""
        data = self.cleaned_data
        result = {}
        for criterion in self.criteria:
            value_name, comment_name = self._rows[criterion.pk]
            value = data.get(value_name)
            entry = {"comment": data.get(comment_name, "")}
            entry["score" if criterion.is_scored else "passed"] = value
            result[criterion.pk] = entry
        return result


class AssignReviewerForm(ServiceErrorsMixin, forms.Form):
    """Choose a reviewer from the pool for one proposal."""

    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int, empty_value=None)
    service_fields = {"reviewer": "reviewer"}

    def __init__(self, *args, reviewers, conflicted=(), assigned=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a reviewer"))]
        for reviewer in reviewers:
            if reviewer.pk in assigned:
                continue
            label = reviewer.full_name or reviewer.email
            if reviewer.pk in conflicted:
                label = _("%(name)s (acts for the applicant)") % {"name": label}
            choices.append((reviewer.pk, label))
        self.fields["reviewer"].choices = choices
        self.fields["reviewer"].error_messages["invalid_choice"] = _(
            "Choose a reviewer from the pool who is not yet assigned to this proposal."
        )


class AutoAssignForm(ServiceErrorsMixin, forms.Form):
    per_proposal = forms.IntegerField(
        label=_("Reviewers per proposal"), min_value=1, max_value=10, initial=2
    )


class DecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant is told this reason by e-mail, in their language."),
    )
