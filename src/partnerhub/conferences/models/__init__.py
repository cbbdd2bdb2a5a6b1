"""Models of the partnership conferences, one module per area.

* `editions`: series, editions and their parts, interest in hosting
* `registration`: registration forms (delegations) and registrations
* `programme`: rooms, time slots, sessions, speakers, workshop preferences and assignments
* `grants`: travel grant applications and their lines
* `assignment_runs`: the solver's workshop assignment runs (review, publication)
"""

from .assignment_runs import AssignmentPolicy, AssignmentRun, RunStage, RunStatus
from .editions import (
    ROTATION_REGIONS,
    ConferenceSeries,
    Edition,
    EditionPart,
    EditionStatus,
    HostingInterest,
    InterestStatus,
    SeriesKind,
)
from .grants import GrantCategory, GrantStatus, TravelGrantApplication, TravelGrantLine
from .programme import (
    AssignmentSource,
    ProgrammeSession,
    Room,
    SessionKind,
    Speaker,
    TimeSlot,
    WorkshopAssignment,
    WorkshopPreference,
)
from .registration import (
    ACTIVE_STATUSES,
    INTERPRETATION_CHOICES,
    Diet,
    ParticipantType,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "INTERPRETATION_CHOICES",
    "ROTATION_REGIONS",
    "AssignmentPolicy",
    "AssignmentRun",
    "AssignmentSource",
    "ConferenceSeries",
    "Diet",
    "Edition",
    "EditionPart",
    "EditionStatus",
    "GrantCategory",
    "GrantStatus",
    "HostingInterest",
    "InterestStatus",
    "ParticipantType",
    "ProgrammeSession",
    "Registration",
    "RegistrationGroup",
    "RegistrationStatus",
    "Room",
    "RunStage",
    "RunStatus",
    "SeriesKind",
    "SessionKind",
    "Speaker",
    "TimeSlot",
    "TravelGrantApplication",
    "TravelGrantLine",
    "WorkshopAssignment",
    "WorkshopPreference",
]
