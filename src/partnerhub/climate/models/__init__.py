"""Climate partnerships: the project, its phases, the partnerships taking part, their joint
action programmes (versions, fields of action, targets, measures), yearly progress reports
and expert secondments. Models hold data and invariants of one record; rules across records
live in `climate.services`."""

from .programmes import (
    ActionProgramme,
    Currency,
    FieldOfAction,
    Measure,
    MeasureStatus,
    ProgrammeStatus,
    ProgrammeVersion,
    Side,
    Target,
    TargetKind,
    Unit,
)
from .project import ClimatePartnership, ClimateProject, ProjectPhase
from .reports import IndicatorValue, MeasureProgress, ProgressReport
from .secondments import (
    Direction,
    ExpertSecondment,
    SecondmentCost,
    SecondmentStatus,
)

__all__ = [
    "ActionProgramme",
    "ClimatePartnership",
    "ClimateProject",
    "Currency",
    "Direction",
    "ExpertSecondment",
    "FieldOfAction",
    "IndicatorValue",
    "Measure",
    "MeasureProgress",
    "MeasureStatus",
    "ProgrammeStatus",
    "ProgrammeVersion",
    "ProgressReport",
    "ProjectPhase",
    "SecondmentCost",
    "SecondmentStatus",
    "Side",
    "Target",
    "TargetKind",
    "Unit",
]
