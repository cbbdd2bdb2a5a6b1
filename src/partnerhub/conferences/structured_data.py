"""schema.org Event data of an edition, embedded as JSON-LD (a data block, not a script)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from .dates import partial_iso
from .models import Edition, EditionStatus

# The characters json_script escapes, so that the data cannot end the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def edition_event(edition: Edition, *, url: str) -> dict:
    parts = edition.ordered_parts
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.display_title,
        "url": url,
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if edition.status == EditionStatus.CANCELLED else "EventScheduled"),
    }
    if parts:
        first, last = parts[0], parts[-1]
        data["startDate"] = partial_iso(first.start, first.precision)
        data["endDate"] = partial_iso(last.end or last.start, last.precision)
    if edition.guiding_question:
        data["description"] = edition.guiding_question
    if edition.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        if edition.place:
            data["location"] = {
                "@type": "Place",
                "name": edition.place,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": edition.place,
                    "addressCountry": "DE",
                },
            }
    return data


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, escaped like json_script."""
    return mark_safe(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    )
