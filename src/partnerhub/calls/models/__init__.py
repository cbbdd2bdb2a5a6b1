"""Models of calls and learning processes, one module per area."""

from .calls import SECTIONS, AutoCheck, Call, Criterion, CriterionKind, ThemeField
from .learning import (
    DialogueEvent,
    EventParticipant,
    EventTask,
    FollowUpActivity,
    FollowUpKind,
    LearningProcess,
    Origin,
    ParticipantStatus,
    TaskOwner,
)
from .proposals import Decision, Proposal, ProposalStatus, ProposedActor
from .reviews import SCORE_MAX, SCORE_MIN, CriterionScore, ReviewAssignment
from .selection_runs import SelectionMode, SelectionRun, SelectionRunStatus, SelectionStage

__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "SECTIONS",
    "AutoCheck",
    "Call",
    "Criterion",
    "CriterionKind",
    "CriterionScore",
    "Decision",
    "DialogueEvent",
    "EventParticipant",
    "EventTask",
    "FollowUpActivity",
    "FollowUpKind",
    "LearningProcess",
    "Origin",
    "ParticipantStatus",
    "Proposal",
    "ProposalStatus",
    "ProposedActor",
    "ReviewAssignment",
    "SelectionMode",
    "SelectionRun",
    "SelectionRunStatus",
    "SelectionStage",
    "TaskOwner",
    "ThemeField",
]
