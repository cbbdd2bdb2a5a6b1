"""Pages of the review: reviewers score; organisers assign, read the ranking and decide.

* `reviews/`: the proposals assigned to the logged-in reviewer, with the state of
  each review and the progress; never a proposal of the reviewer's own
  municipality, even if an assignment row existed. 50 rows a page (`?page=`),
  filtered by `?show=open|submitted|all`; the progress counts all of them.
* `reviews/<id>/`: the proposal (read-only) and the scoring form; only the
  assigned reviewer, free of a conflict of interest. The other reviewers'
  scores appear once the reviewer's own review is submitted.
* `<call>/review/`: the organisers' review board (assign by hand or
  automatically, unassign); `<call>/ranking/`: the ranking with decisions, 25
  proposals a page (`?page=`), filtered by `?decision=undecided|selected|…`;
  ranks and figures are those of the whole ranking. After a decision the
  organiser comes back to the page that holds the proposal.

A page number that is not a number shows the first page, one out of range the
nearest page that exists.

Views only parse the request, ask `queries` or call `services`, and render. A
rule broken by an action comes back from the service as a ValidationError and
is shown next to the form, with the input kept; it is never a 500.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import queries, ranking, services
from ..forms_learning import LearningProcessCreateForm
from ..forms_reviews import AssignReviewerForm, AutoAssignForm, DecisionForm, ReviewForm
from ..models import SECTIONS, Decision, Proposal, ProposalStatus, ReviewAssignment

REVIEW = "calls.review_proposal"
MANAGE = "calls.manage_reviews"
DECIDE = "calls.decide_proposal"
PER_PAGE = 50  # rows of a reviewer's list
RANKING_PER_PAGE = 25  # proposals of the ranking, each with its reviews and decision form
REVIEW_FILTER_LABELS = {
    "open": gettext_lazy("Open"),
    "submitted": gettext_lazy("Submitted"),
    "all": gettext_lazy("All"),
}
DECISION_FILTER_LABELS = {
    "": gettext_lazy("all"),
    queries.UNDECIDED: gettext_lazy("undecided"),
    **dict(Decision.choices),
}


def reviewer_only(view):
    """Log in first (anonymous → log-in page), then only people in the pool of reviewers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("calls.view_my_reviews"):
            raise PermissionDenied(_("This page is for reviewers."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def organiser_only(view):
    """Log in first (anonymous → log-in page), then the permission (others → 403)."""
    return login_required(permission_required(MANAGE, raise_exception=True)(view))


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _page(items, number, per_page: int) -> Page:
    """One page of `items`; not a number → the first page, out of range → the nearest one."""
    paginator = Paginator(items, per_page)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    return paginator.page(min(max(wanted, 1), paginator.num_pages))


def _choice(value, choices, default: str) -> str:
    return value if value in choices else default


def _query(**params) -> QueryDict:
    """The parameters a list's page links keep (those with a value)."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value:
            query[key] = value
    return query


def _call(slug: str):
    call = queries.call_for_review(slug)
    if call is None:
        raise Http404
    return call


# --- Reviewers ---------------------------------------------------------------------------


def _progress(queue, next_assignment) -> dict:
    """How far the reviewer is (over all assignments), and the next review to do."""
    return {
        "total": queue.total,
        "submitted": queue.submitted,
        "open": queue.open,
        "next": next_assignment,
    }


@reviewer_only
def my_reviews(request):
    show = _choice(request.GET.get("show"), queries.REVIEW_FILTERS, "all")
    queue = queries.reviewer_queue(request.user)
    page_obj = _page(queue.ids(show), request.GET.get("page"), PER_PAGE)
    next_id = queue.next_id()
    loaded = queries.reviewer_assignments_by_pk(
        request.user, [*page_obj.object_list, *([next_id] if next_id else [])]
    )
    counts = queue.counts()
    return render(
        request,
        "calls/reviews/my_reviews.html",
        {
            "assignments": [loaded[pk] for pk in page_obj.object_list if pk in loaded],
            "page_obj": page_obj,
            "page_query": _query(show="" if show == "all" else show),
            "page_path": reverse("calls:my_reviews"),
            "progress": _progress(queue, loaded.get(next_id)),
            "show": show,
            "filters": [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in REVIEW_FILTER_LABELS.items()
            ],
        },
    )


def _review_comparison(criteria, mine, others) -> list[dict]:
    """Per criterion: the reviewer's own score and each other reviewer's, side by side."""
    own = {score.criterion_id: score for score in mine.scores.all()}
    theirs = [{s.criterion_id: s for s in other.scores.all()} for other in others]
    return [
        {
            "criterion": criterion,
            "mine": own.get(criterion.pk),
            "others": [scores.get(criterion.pk) for scores in theirs],
        }
        for criterion in criteria
    ]


def _review_total(criteria, assignment) -> float | None:
    data = [
        ranking.CriterionData(
            id=c.pk, number=c.number, title="", scored=c.is_scored, weight=float(c.weight)
        )
        for c in criteria
    ]
    return ranking.weighted_score(data, {s.criterion_id: s.score for s in assignment.scores.all()})


@login_required
def review(request, assignment_pk):
    """Score one proposal: draft or submit; afterwards, see the others' scores."""
    assignment = queries.review_assignment(assignment_pk)
    if assignment is None:
        raise Http404
    proposal = assignment.proposal
    if assignment.reviewer_id != request.user.pk or not request.user.has_perm(REVIEW, proposal):
        raise PermissionDenied(_("Only the assigned reviewer scores this proposal."))
    criteria = list(proposal.call.criteria.all())
    auto = {criterion.pk: services.auto_check(criterion, proposal) for criterion in criteria}
    saved = {score.criterion_id: score for score in assignment.scores.all()}
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        saved=saved,
        auto=auto,
        initial={"overall_comment": assignment.overall_comment},
    )
    if request.method == "POST":
        if assignment.is_submitted:
            messages.error(request, _("You have already submitted this review."))
            return redirect("calls:review", assignment.pk)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.review_save(
                    assignment=assignment,
                    by=request.user,
                    scores=form.scores(),
                    overall_comment=form.cleaned_data["overall_comment"],
                    submit=submit,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your review has been submitted. "
                            "You now see the other reviewers' scores."
                        ),
                    )
                else:
                    messages.success(request, _("Your draft has been saved."))
                return redirect("calls:review", assignment.pk)
    others = queries.other_reviews(assignment)
    queue = queries.reviewer_queue(request.user)
    next_id = queue.next_id(assignment.pk)
    found = queries.reviewer_assignments_by_pk(request.user, [next_id]) if next_id else {}
    return render(
        request,
        "calls/reviews/review.html",
        {
            "assignment": assignment,
            "proposal": proposal,
            "criteria": criteria,
            "actors": list(proposal.actors.all()),
            "sdgs": list(proposal.sdgs.all()),
            "sections": [
                (Proposal._meta.get_field(name).verbose_name, getattr(proposal, name))
                for name in SECTIONS
            ],
            "form": form,
            "others": others,
            "comparison": _review_comparison(criteria, assignment, others)
            if assignment.is_submitted
            else [],
            "own_total": _review_total(criteria, assignment) if assignment.is_submitted else None,
            "other_totals": [_review_total(criteria, other) for other in others],
            "progress": _progress(queue, found.get(next_id)),
        },
    )


# --- Organisers: the review board ---------------------------------------------------------


def _board_rows(request, call, *, bind: int | None = None):
    """The board's proposals with an assignment form each; `bind` binds one to the POST."""
    proposals = queries.review_board(call)
    pool = queries.reviewer_pool()
    conflicts = queries.reviewer_conflicts(pool)
    rows, target = [], None
    for proposal in proposals:
        conflicted = {pk for pk, towns in conflicts.items() if proposal.municipality_id in towns}
        data = request.POST if bind == proposal.pk else None
        form = AssignReviewerForm(
            data,
            prefix=f"assign-{proposal.pk}",
            reviewers=pool,
            conflicted=conflicted,
            assigned={a.reviewer_id for a in proposal.assignments.all()},
        )
        rows.append({"proposal": proposal, "form": form})
        if data is not None:
            target = (proposal, form)
    return rows, pool, target


def _render_board(request, call, rows, pool, *, auto_form=None):
    return render(
        request,
        "calls/reviews/board.html",
        {
            "call": call,
            "rows": rows,
            "pool": pool,
            "auto_form": auto_form or AutoAssignForm(prefix="auto"),
        },
    )


def _board_url(call, proposal=None) -> str:
    url = reverse("calls:review_board", args=[call.slug])
    return f"{url}#proposal-{proposal.pk}" if proposal else url


@organiser_only
def review_board(request, slug):
    call = _call(slug)
    rows, pool, _target = _board_rows(request, call)
    return _render_board(request, call, rows, pool)


@organiser_only
@require_POST
def review_assign(request, slug, pk):
    call = _call(slug)
    rows, pool, target = _board_rows(request, call, bind=pk)
    if target is None:
        raise Http404
    proposal, form = target
    if form.is_valid():
        reviewer = next(r for r in pool if r.pk == form.cleaned_data["reviewer"])
        try:
            services.review_assign(proposal=proposal, reviewer=reviewer, by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(name)s now reviews “%(title)s”.")
                % {"name": reviewer.full_name or reviewer.email, "title": proposal.title},
            )
            return redirect(_board_url(call, proposal))
    return _render_board(request, call, rows, pool)


@organiser_only
@require_POST
def review_unassign(request, slug, assignment_pk):
    call = _call(slug)
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("proposal", "reviewer"),
        pk=assignment_pk,
        proposal__call=call,
    )
    try:
        services.review_unassign(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s no longer reviews “%(title)s”.")
            % {
                "name": assignment.reviewer.full_name or assignment.reviewer.email,
                "title": assignment.proposal.title,
            },
        )
    return redirect(_board_url(call, assignment.proposal))


@organiser_only
@require_POST
def reviews_assign_automatically(request, slug):
    call = _call(slug)
    form = AutoAssignForm(request.POST, prefix="auto")
    if form.is_valid():
        try:
            plan = services.reviews_assign_automatically(
                call=call, by=request.user, per_proposal=form.cleaned_data["per_proposal"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                ngettext("%(count)d assignment made.", "%(count)d assignments made.", len(plan.new))
                % {"count": len(plan.new)},
            )
            short = Proposal.objects.filter(pk__in=plan.short).select_related("municipality")
            for proposal in short:
                missing = plan.short[proposal.pk]
                messages.warning(
                    request,
                    ngettext(
                        "“%(title)s” (%(applicant)s): %(count)d reviewer missing; there are "
                        "not enough reviewers free of a conflict of interest.",
                        "“%(title)s” (%(applicant)s): %(count)d reviewers missing; there are "
                        "not enough reviewers free of a conflict of interest.",
                        missing,
                    )
                    % {
                        "title": proposal.title,
                        "applicant": proposal.municipality.name,
                        "count": missing,
                    },
                )
            return redirect(_board_url(call))
    rows, pool, _target = _board_rows(request, call)
    return _render_board(request, call, rows, pool, auto_form=form)


# --- Organisers: ranking and decisions ----------------------------------------------------


def _ranking_url(call, *, decision: str = "", page: int = 1, proposal=None) -> str:
    url = reverse("calls:ranking", args=[call.slug])
    query = _query(decision=decision, page=page if page > 1 else None).urlencode()
    url = f"{url}?{query}" if query else url
    return f"{url}#proposal-{proposal.pk}" if proposal else url


def _place_in_ranking(page, decision: str, pk: int) -> tuple[str, int] | None:
    """The filter and page that show proposal `pk`: within `decision` if it is there, else all."""
    for shown in (decision, ""):
        items = page.with_decision(shown)
        for index, item in enumerate(items):
            if item.proposal.id == pk:
                return shown, index // RANKING_PER_PAGE + 1
    return None


def _render_ranking(request, call, *, bound: tuple[int, DecisionForm] | None = None):
    """A page of the ranking; with `bound`, the page that holds that proposal and its form."""
    page = queries.ranking_for(call)
    decision = _choice(request.GET.get("decision", ""), queries.DECISION_FILTERS, "")
    number = request.GET.get("page")
    if bound is not None:
        place = _place_in_ranking(page, decision, bound[0])
        if place is not None:
            decision, number = place
    page_obj = _page(page.with_decision(decision), number, RANKING_PER_PAGE)
    may_decide = request.user.has_perm(DECIDE)
    rows = []
    for row in queries.ranking_rows(page, page_obj.object_list):
        proposal = row.proposal
        if bound and bound[0] == proposal.pk:
            form = bound[1]
        else:
            form = DecisionForm(
                prefix=f"decide-{proposal.pk}",
                initial={"decision": proposal.decision, "reason": proposal.decision_reason},
            )
        has_process = hasattr(proposal, "learning_process")
        rows.append(
            {
                "item": row.item,
                "proposal": proposal,
                "form": form,
                "process": proposal.learning_process if has_process else None,
                "process_form": LearningProcessCreateForm(prefix=f"process-{proposal.pk}")
                if proposal.decision == Decision.SELECTED and not has_process
                else None,
            }
        )
    counts = page.decision_counts()
    return render(
        request,
        "calls/reviews/ranking.html",
        {
            "call": call,
            "page": page,
            "page_obj": page_obj,
            "page_query": _query(decision=decision),
            "page_path": reverse("calls:ranking", args=[call.slug]),
            "rows": rows,
            "may_decide": may_decide,
            "threshold": ranking.OUTLIER_THRESHOLD,
            "decision": decision,
            "decide_query": _query(decision=decision).urlencode(),
            "filters": [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in DECISION_FILTER_LABELS.items()
            ],
        },
    )


@organiser_only
def ranking_page(request, slug):
    return _render_ranking(request, _call(slug))


@login_required
@require_POST
def proposal_decide(request, slug, pk):
    """Decide from the ranking; back to the page (and filter, `?decision=`) that holds it."""
    call = _call(slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("municipality"),
        pk=pk,
        call=call,
        status=ProposalStatus.SUBMITTED,
    )
    if not request.user.has_perm(DECIDE, proposal):
        raise PermissionDenied(_("Only organisers decide on proposals."))
    form = DecisionForm(request.POST, prefix=f"decide-{proposal.pk}")
    if form.is_valid():
        try:
            services.proposal_decide(
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("“%(title)s”: %(decision)s. The applicant is told by e-mail.")
                % {
                    "title": proposal.title,
                    "decision": Decision(form.cleaned_data["decision"]).label,
                },
            )
            decision = _choice(request.GET.get("decision", ""), queries.DECISION_FILTERS, "")
            place = _place_in_ranking(queries.ranking_for(call), decision, proposal.pk)
            shown, number = place or ("", 1)
            return redirect(_ranking_url(call, decision=shown, page=number, proposal=proposal))
    return _render_ranking(request, call, bound=(proposal.pk, form))


urlpatterns = [
    path("reviews/", my_reviews, name="my_reviews"),
    path("reviews/<int:assignment_pk>/", review, name="review"),
    path("<slug:slug>/review/", review_board, name="review_board"),
    path(
        "<slug:slug>/review/assign-automatically/",
        reviews_assign_automatically,
        name="reviews_assign_automatically",
    ),
    path("<slug:slug>/review/proposals/<int:pk>/assign/", review_assign, name="review_assign"),
    path(
        "<slug:slug>/review/assignments/<int:assignment_pk>/unassign/",
        review_unassign,
        name="review_unassign",
    ),
    path("<slug:slug>/ranking/", ranking_page, name="ranking"),
    path("<slug:slug>/ranking/<int:pk>/decide/", proposal_decide, name="proposal_decide"),
]
