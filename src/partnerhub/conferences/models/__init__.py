"""Models of the partnership conferences, one module per area.

* `editions`: series, editions and their parts, interest in hosting
* `registration`: registration forms (delegations) and registrations
* `programme`: rooms, time slots, sessions, speakers, workshop preferences and assignments
* `grants`: travel grant applications and their lines
"""

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
    "SeriesKind",
    "SessionKind",
    "Speaker",
    "TimeSlot",
    "TravelGrantApplication",
    "TravelGrantLine",
    "WorkshopAssignment",
    "WorkshopPreference",
]
