"""Schemas of /api/v1/calls, /api/v1/proposals and /api/v1/learning-processes.

Input: municipalities by slug, countries by ISO 3166-1 alpha-2 code, SDGs by
number. What the schema can say (types, lengths that the database enforces,
known theme fields, SDG numbers 1–17) it says, and a body that breaks it is a
400; every rule of a call (deadline, applicant, partner countries, limits per
section) is left to `calls.services`, whose refusals are 422 with the messages
keyed by field, e.g. `actors[0].country` or `topic_background`.
"""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, model_validator

from partnerhub.api.schemas import Language, lang_field
from partnerhub.calls.models import SECTIONS, ThemeField

# Longest text a section may have in a request; the call's own limits are far below
# (the service answers those with its message), this only keeps bodies sane.
MAX_SECTION_BODY = 50_000
MAX_ACTORS = 50


def _storable(value: str) -> str:
    """Text the database can store: no NUL characters, nothing that is not valid UTF-8."""
    if "\x00" in value:
        raise ValueError("Text may not contain NUL (0x00) characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("Text must be valid Unicode (no lone surrogates).") from error
    return value


Text = Annotated[str, AfterValidator(_storable)]
SdgNumber = Annotated[int, Field(ge=1, le=17)]

ThemeFieldChoice = Enum("ThemeFieldChoice", {value: value for value in ThemeField.values}, type=str)


# --- Output ---------------------------------------------------------------------------


class ChoiceOut(Schema):
    value: str
    label: str


class MunicipalityRef(Schema):
    slug: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")


class CriterionOut(Schema):
    number: int
    title: str
    kind: str = Field(description="scored (0–5) or pass_fail.")
    kind_display: str
    weight: float
    auto_check: str | None = Field(
        description="For pass/fail criteria the data of a proposal decides by itself."
    )


class SectionOut(Schema):
    name: str = Field(description="The field of the proposal, e.g. topic_background.")
    label: str
    limit: int | None = Field(description="Characters at most; null: no limit of its own.")


class CallOut(Schema):
    id: int
    slug: str
    title: str
    deadline: datetime = Field(
        description="ISO 8601 with the offset of German time; late from the next second on."
    )
    deadline_passed: bool
    is_open: bool = Field(description="Published, opened and before the deadline: now.")
    opens_at: datetime | None
    selection_by: date | None
    events_from: date | None
    theme_fields: list[ChoiceOut]
    is_published: bool
    is_sample: bool = Field(description="Invented for the demo.")


class CallDetailOut(CallOut):
    text: str
    eligible_kinds: list[ChoiceOut] = Field(description="Kinds of German municipal bodies.")
    criteria: list[CriterionOut]
    sections: list[SectionOut]
    total_limit: int = Field(description="Characters of the four sections in all.")
    max_upload_mb: int
    contact: str = Field(description="A role and a functional address.")


class CallRef(Schema):
    id: int
    slug: str
    title: str
    deadline: datetime


class ActorOut(Schema):
    municipality: MunicipalityRef | None
    name: str
    country: str
    contact_role: str


class ProposalOut(Schema):
    id: int
    call: CallRef
    municipality: MunicipalityRef
    status: str = Field(description="draft, submitted or withdrawn.")
    status_display: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    title: str
    theme_field: str | None
    climate_focus: bool
    sdgs: list[int]
    topic_background: str
    learning_and_contribution: str
    knowledge_transfer: str
    further_goals: str
    characters: int
    commits_to_follow_up: bool
    has_municipal_support: bool
    contact_role: str
    actors: list[ActorOut]
    decision: str | None = Field(description="selected, reserve, rejected; null until decided.")
    decision_display: str | None
    decision_reason: str
    decided_at: datetime | None
    missing: dict[str, list[str]] = Field(
        description="What keeps the proposal from being submitted, by field (empty: complete)."
    )


class DialogueEventOut(Schema):
    starts_on: date
    ends_on: date = Field(description="The last day: 2.5 days are three calendar days.")
    duration_days: float
    place: str
    working_language: str
    min_participants: int
    max_participants: int


class FollowUpOut(Schema):
    kind: str
    kind_display: str
    title: str
    starts_on: date
    ends_on: date | None
    place: str


class ParticipantCountsOut(Schema):
    """Selected participants of the dialogue event by origin, computed from their countries."""

    germany: int
    global_south: int = Field(description="From an ODA recipient on the event's first day.")
    other_industrialised: int
    total: int


class LearningProcessOut(Schema):
    id: int
    title: str
    host: MunicipalityRef
    theme_field: ChoiceOut
    sdgs: list[int]
    starts_on: date
    ends_on: date
    is_sample: bool = Field(description="Invented for the demo.")
    dialogue_event: DialogueEventOut | None
    follow_ups: list[FollowUpOut]
    participants: ParticipantCountsOut


# --- Input ----------------------------------------------------------------------------


class ActorIn(Schema):
    """A municipal actor from another country: a municipality on record, or a name and country."""

    municipality: Text | None = Field(None, max_length=180, description="Municipality slug.")
    name: Text = Field("", max_length=200, description="When the municipality is not on record.")
    country: Text | None = Field(
        None, max_length=2, description="ISO 3166-1 alpha-2; default: the municipality's country."
    )
    contact_role: Text = Field("", max_length=200, description="A function, not a name.")


class _ProposalFields(Schema):
    title: Text | None = Field(None, max_length=200)
    theme_field: ThemeFieldChoice | None = Field(
        None, description="One of the call's theme fields."
    )
    climate_focus: bool | None = None
    sdgs: list[SdgNumber] | None = Field(None, max_length=17, description="SDG numbers.")
    topic_background: Text | None = Field(None, max_length=MAX_SECTION_BODY)
    learning_and_contribution: Text | None = Field(None, max_length=MAX_SECTION_BODY)
    knowledge_transfer: Text | None = Field(None, max_length=MAX_SECTION_BODY)
    further_goals: Text | None = Field(None, max_length=MAX_SECTION_BODY)
    commits_to_follow_up: bool | None = None
    has_municipal_support: bool | None = None
    contact_role: Text | None = Field(None, max_length=200, description="A function, not a name.")
    actors: list[ActorIn] | None = Field(None, max_length=MAX_ACTORS)

    @model_validator(mode="after")
    def _only_theme_field_may_be_null(self):
        """null clears the theme field; any other field is left out to keep it, never null."""
        nulls = sorted(
            name
            for name in self.model_fields_set
            if name != "theme_field" and getattr(self, name) is None
        )
        if nulls:
            raise ValueError(f"These fields may not be null: {', '.join(nulls)}.")
        return self


class ProposalIn(_ProposalFields):
    """A new draft for a municipality you act for."""

    municipality: Text = Field(max_length=180, description="Slug of the applicant municipality.")
    title: Text = Field(max_length=200)


class ProposalPatchIn(_ProposalFields):
    """Only the fields sent change; `actors` and `sdgs` replace the whole list."""


PROPOSAL_INPUT_FIELDS = (
    "title",
    "theme_field",
    "climate_focus",
    "sdgs",
    *SECTIONS,
    "commits_to_follow_up",
    "has_municipal_support",
    "contact_role",
    "actors",
)


class CallFilters(Schema):
    lang: Language | None = lang_field()


class LearningProcessFilters(Schema):
    theme_field: ThemeFieldChoice | None = Field(
        None, description="Only learning processes in this theme field."
    )
    event_from: date | None = Field(None, description="Dialogue events on or after this day.")
    event_until: date | None = Field(None, description="Dialogue events on or before this day.")
    lang: Language | None = lang_field()
