"""Forms of the programme pages; the rules themselves live in `services.programme`.

The forms only parse input into what the services take (a slot's day and times
become aware datetimes in the conference's time zone) and repeat a check where
that gives a friendlier message next to a field.
"""

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import SdgGoal

from .models import ProgrammeSession, Room, SessionKind, Speaker, TimeSlot
from .models.programme import SESSION_LANGUAGE_CHOICES
from .services.programme import MIN_RANKED_WORKSHOPS, SESSION_TEXT_FIELDS


def slot_label(slot: TimeSlot) -> str:
    """E.g. "Monday, 8 September 2025, 09:00–10:30", in the reader's language and local time."""
    starts = timezone.localtime(slot.starts_at)
    ends = timezone.localtime(slot.ends_at)
    day = f"{formats.date_format(starts, 'l')}, {formats.date_format(starts)}"
    end_day = "" if ends.date() == starts.date() else f"{formats.date_format(ends)} "
    return f"{day}, {starts:%H:%M}–{end_day}{ends:%H:%M}"


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return slot_label(obj)


class SpeakerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.affiliation})" if obj.affiliation else obj.full_name


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    capacity = forms.IntegerField(
        label=_("Seats"),
        required=False,
        min_value=1,
        help_text=_("Empty if not known."),
    )
    accessibility_note = forms.CharField(
        label=_("Accessibility"),
        max_length=200,
        required=False,
        help_text=_("For example: step-free access, induction loop."),
    )

    @classmethod
    def initial_for(cls, room: Room) -> dict:
        return {
            "name": room.name,
            "capacity": room.capacity,
            "accessibility_note": room.accessibility_note,
        }

    def values(self) -> dict:
        return dict(self.cleaned_data)


class TimeSlotForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.format = "%Y-%m-%d"
        self.fields["starts"].help_text = _("Times are local times of the conference.")

    @classmethod
    def initial_for(cls, slot: TimeSlot) -> dict:
        starts = timezone.localtime(slot.starts_at)
        ends = timezone.localtime(slot.ends_at)
        return {"day": starts.date(), "starts": starts.time(), "ends": ends.time()}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("A time slot must end after it starts."))
        return data

    def values(self) -> dict:
        """`starts_at` and `ends_at` as aware datetimes in the current (conference) time zone."""
        day = self.cleaned_data["day"]
        zone = timezone.get_current_timezone()
        return {
            "starts_at": timezone.make_aware(
                datetime.datetime.combine(day, self.cleaned_data["starts"]), zone
            ),
            "ends_at": timezone.make_aware(
                datetime.datetime.combine(day, self.cleaned_data["ends"]), zone
            ),
        }


class SpeakerForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    affiliation = forms.CharField(
        label=_("Affiliation"),
        max_length=200,
        required=False,
        help_text=_("For example: the municipality or organisation and the function."),
    )

    @classmethod
    def initial_for(cls, speaker: Speaker) -> dict:
        return {"full_name": speaker.full_name, "affiliation": speaker.affiliation}

    def values(self) -> dict:
        return dict(self.cleaned_data)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    slot = SlotChoiceField(label=_("Time slot"), queryset=TimeSlot.objects.none())
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("no room")
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        help_text=_(
            "Workshops only: participants at most; empty for the room's seats (or no limit)."
        ),
    )
    language = forms.ChoiceField(
        label=_("Held in"),
        choices=[
            ("", _("no particular language (interpreted or several)")),
            *SESSION_LANGUAGE_CHOICES,
        ],
        required=False,
        help_text=_(
            "An assignment run places in a workshop with a language only people who speak it: "
            "their preferred language, the language of their registration, the language they "
            "need interpretation into, or a working language of their municipality."
        ),
    )
    title_de = forms.CharField(label=_("Title (German)"), max_length=250, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=250, required=False)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=250, required=False)
    description_de = forms.CharField(
        label=_("Description (German)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_es = forms.CharField(
        label=_("Description (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDGs"),
        queryset=SdgGoal.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    speakers = SpeakerChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = TimeSlot.objects.filter(edition=edition).order_by(
            "starts_at", "id"
        )
        self.fields["room"].queryset = Room.objects.filter(edition=edition).order_by("name")
        self.fields["speakers"].queryset = Speaker.objects.filter(edition=edition).order_by(
            "full_name"
        )
        self.fields["title_de"].help_text = _("A title in at least one language.")

    @classmethod
    def initial_for(cls, session: ProgrammeSession) -> dict:
        initial = {
            "kind": session.kind,
            "slot": session.slot_id,
            "room": session.room_id,
            "capacity": session.capacity,
            "language": session.language,
            "sdgs": [goal.pk for goal in session.sdgs.all()],
            "speakers": [speaker.pk for speaker in session.speakers.all()],
        }
        initial.update({field: getattr(session, field) for field in SESSION_TEXT_FIELDS})
        return initial

    def clean(self):
        data = super().clean()
        titles = [data.get(f"title_{code}") for code in ("de", "en", "fr", "es")]
        if not any(titles):
            self.add_error("title_de", _("Give the session a title in at least one language."))
        if data.get("capacity") and data.get("kind") != SessionKind.WORKSHOP:
            self.add_error("capacity", _("Only workshops have a limited number of places."))
        return data

    def values(self) -> dict:
        return dict(self.cleaned_data)


class WorkshopPreferenceForm(forms.Form):
    """A small select of the rank next to each workshop: works without JavaScript and on a
    narrow phone screen (the long titles are labels that wrap, not options that cannot)."""

    def __init__(self, *args, workshops, ranked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workshops = list(workshops)
        self.needed = min(MIN_RANKED_WORKSHOPS, len(self.workshops))
        current = {session.pk: rank for rank, session in enumerate(ranked, start=1)}
        choices = [("", _("not chosen"))] + [
            (str(rank), _("choice %(rank)s") % {"rank": rank})
            for rank in range(1, len(self.workshops) + 1)
        ]
        if len(choices) > 1:  # no workshops yet: the page says so, the form has no fields
            choices[1] = ("1", _("choice 1 (most wanted)"))
        for session in self.workshops:
            self.fields[self.field_name(session)] = forms.TypedChoiceField(
                label=session.title,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(current[session.pk]) if session.pk in current else "",
                help_text=self._details(session),
            )

    @staticmethod
    def field_name(session) -> str:
        return f"workshop_{session.pk}"

    @staticmethod
    def _details(session) -> str:
        details = [slot_label(session.slot)]
        if session.room_id:
            details.append(session.room.name)
        if session.language:
            details.append(
                gettext("held in %(language)s") % {"language": session.get_language_display()}
            )
        speakers = ", ".join(speaker.full_name for speaker in session.speakers.all())
        if speakers:
            details.append(speakers)
        return " · ".join(details)

    def rows(self):
        """(workshop, bound field) pairs, for a template that shows each description too."""
        return [(session, self[self.field_name(session)]) for session in self.workshops]

    def clean(self):
        data = super().clean()
        given = {}
        for session in self.workshops:
            name = self.field_name(session)
            rank = data.get(name)
            if rank is None:
                continue
            if rank in given:
                self.add_error(
                    name,
                    _("You gave choice %(rank)s to “%(other)s” already.")
                    % {"rank": rank, "other": given[rank].title},
                )
            else:
                given[rank] = session
        if not self.errors and len(given) < self.needed:
            raise forms.ValidationError(
                _("Rank at least your %(count)s favourite workshops.") % {"count": self.needed}
            )
        return data

    def ranked_sessions(self) -> list:
        """The chosen workshops in the order of their ranks, gaps closed."""
        chosen = [
            (self.cleaned_data[self.field_name(session)], session)
            for session in self.workshops
            if self.cleaned_data.get(self.field_name(session)) is not None
        ]
        return [session for _rank, session in sorted(chosen, key=lambda pair: pair[0])]


class AssignForm(forms.Form):
    """Assign or remove: which confirmed registration in which workshop (ids; checked again)."""

    action = forms.ChoiceField(choices=[("assign", "assign"), ("unassign", "unassign")])
    session = forms.IntegerField()
    registration = forms.IntegerField(
        label=_("Participant"), error_messages={"required": _("Choose a participant.")}
    )
