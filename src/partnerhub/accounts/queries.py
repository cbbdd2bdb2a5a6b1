"""Reads about people that pages, exports and the admin share."""

from django.db.models import QuerySet

from .models import Membership, Person


def person_memberships(*, person: Person) -> QuerySet[Membership]:
    """All memberships of a person, current and ended, with their body (one query)."""
    return (
        Membership.objects.filter(person=person)
        .select_related("municipality__country", "organisation__country")
        .order_by("ended_at", "-since", "id")
    )
