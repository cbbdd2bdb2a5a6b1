"""Matrix entries: the JSON API (one entry per operation of the OpenAPI document).

Logged-in roles use their session here (the browser's way); API tokens are tested in
tests/api/test_auth.py. Requests without a person get 401.
"""

from .base import ANYONE, Entry, api, everybody, expect

AUTH = expect(200, anonymous=401)
# An empty JSON body: who gets past authentication to the validation of the body (400).
EMPTY = {"data": lambda w: {}}
# NOTE: the API answers 403 for another municipality's proposal where the pages answer 404.

ENTRIES = [
    # ninja's name for the prefix itself: no page there
    Entry("api-v1:api-root", everybody(404)),
    Entry("api-v1:openapi-json", ANYONE),
    Entry("api-v1:openapi-view", ANYONE),
    api("GET", "/api/v1/countries", ANYONE),
    api("GET", "/api/v1/countries/{iso2}/oda", ANYONE, args=lambda w: {"iso2": "GH"}),
    api("GET", "/api/v1/sdgs", ANYONE),
    api("GET", "/api/v1/series", ANYONE),
    api("GET", "/api/v1/editions", ANYONE),
    api(
        "GET",
        "/api/v1/editions/{edition_id}",
        ANYONE,
        args=lambda w: {"edition_id": w.edition.pk},
    ),
    api("GET", "/api/v1/consent-text", ANYONE),
    api(
        "POST",
        "/api/v1/editions/{edition_id}/registrations",
        expect(400, anonymous=401),
        args=lambda w: {"edition_id": w.edition.pk},
        **EMPTY,
    ),
    api("GET", "/api/v1/registrations", AUTH),
    api(
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        # member_own (first in order) cancels; later ones find it cancelled already (422)
        expect(403, anonymous=401, member_own=200, reviewer_conflict=422, organiser=422),
        args=lambda w: {"registration_id": w.registration.pk},
        **EMPTY,
    ),
    api("GET", "/api/v1/calls", ANYONE),
    api("GET", "/api/v1/calls/{call_id}", ANYONE, args=lambda w: {"call_id": w.call.pk}),
    api(
        "POST",
        "/api/v1/calls/{call_id}/proposals",
        expect(400, anonymous=401),
        args=lambda w: {"call_id": w.call.pk},
        **EMPTY,
    ),
    api(
        "GET",
        "/api/v1/proposals/{proposal_id}",
        # who may not see it gets 404, as on the pages: the API does not reveal it exists
        expect(404, anonymous=401, member_own=200, reviewer_conflict=200, organiser=200),
        args=lambda w: {"proposal_id": w.proposal.pk},
    ),
    api(
        "PATCH",
        "/api/v1/proposals/{proposal_id}",
        # after the deadline: refused with the reason (422); organisers never write proposals
        expect(404, anonymous=401, member_own=422, reviewer_conflict=422, organiser=403),
        args=lambda w: {"proposal_id": w.proposal.pk},
        **EMPTY,
    ),
    api(
        "POST",
        "/api/v1/proposals/{proposal_id}/submit",
        expect(404, anonymous=401, member_own=422, reviewer_conflict=422, organiser=403),
        args=lambda w: {"proposal_id": w.proposal.pk},
        **EMPTY,
    ),
    api(
        "POST",
        "/api/v1/proposals/{proposal_id}/withdraw",
        # member_own withdraws; reviewer_conflict then finds it withdrawn already (422)
        expect(404, anonymous=401, member_own=200, reviewer_conflict=422, organiser=403),
        args=lambda w: {"proposal_id": w.proposal.pk},
        **EMPTY,
    ),
    api("GET", "/api/v1/learning-processes", ANYONE),
]
