"""Matrix entries: conferences (public pages, registration, programme, grants, organisers)."""

from .base import ANYONE, LOGGED_IN, LOGIN, Entry, everybody, expect, organiser_only


def ed(**more):
    return lambda w: w.edition_args(**more)


def token(w):
    return {"token": w.registration.access_token}


ORGANISER = organiser_only()
ORGANISER_POST = organiser_only(302)
BY_LINK = ANYONE  # pages opened with the registration's secret link: the link is the key

ENTRIES = [
    # --- Public pages ---
    Entry("conferences:overview", ANYONE),
    Entry("conferences:archive", ANYONE),
    Entry("conferences:edition", ANYONE, args=ed()),
    Entry("conferences:edition_ics", ANYONE, args=ed()),
    Entry("conferences:programme", ANYONE, args=ed()),
    # --- Hosting and rotation (organisers decide; members of a municipality offer) ---
    Entry("conferences:rotation", ORGANISER),
    # only people acting for a municipality offer to host
    Entry("conferences:hosting_interest", expect(200, anonymous=LOGIN, participant=403)),
    Entry(
        "conferences:interest_decide",
        ORGANISER_POST,
        method="post",
        args=lambda w: {"pk": w.hosting_interest.pk},
        data=lambda w: {"decision": "accept"},
    ),
    Entry(
        "conferences:interest_create_edition",
        ORGANISER_POST,
        method="post",
        args=lambda w: {"pk": w.hosting_interest.pk},
    ),
    # --- Registration ---
    Entry("conferences:register", LOGGED_IN, args=ed()),
    Entry(
        "conferences:registration_group",
        expect(404, anonymous=LOGIN, member_own=200, reviewer_conflict=200, organiser=200),
        args=lambda w: {"pk": w.registration.group_id},
    ),
    Entry("conferences:my_registrations", LOGGED_IN),
    Entry("conferences:registration_by_token", BY_LINK, args=token),
    Entry(
        "conferences:registration_by_token",
        everybody(404),
        args=lambda w: {"token": "not-the-token"},
        label="wrong link",
    ),
    Entry("conferences:registration_update", BY_LINK, method="post", args=token, data=lambda w: {}),
    # whoever has the link answers; the first answer (anonymous, first in order) is saved and
    # redirects, the later ones find it answered and see the page again
    Entry(
        "conferences:registration_follow_up",
        expect(200, anonymous=302),
        method="post",
        args=token,
        data=lambda w: {},
    ),
    Entry("conferences:registration_cancel", BY_LINK, args=token),
    Entry("conferences:visa_letter", everybody(404), args=token, label="German delegate"),
    # not attended yet: a page that says so, for whoever has the link
    Entry("conferences:certificate", BY_LINK, args=token, label="not attended"),
    Entry("conferences:workshop_preferences", BY_LINK, args=lambda w: token_with_workshop(w)),
    Entry("conferences:personal_programme_ics", BY_LINK, args=token),
    Entry(
        "conferences:travel_grant",
        BY_LINK,
        args=lambda w: {"token": w.partner_registration.access_token},
    ),
    # --- Programme (organisers) ---
    Entry("conferences:programme_manage", ORGANISER, args=ed()),
    Entry("conferences:programme_item_add", ORGANISER, args=ed(kind="room")),
    Entry(
        "conferences:programme_item_change",
        ORGANISER,
        args=lambda w: w.edition_args(kind="session", pk=w.workshop.pk),
    ),
    Entry(
        "conferences:programme_item_delete",
        ORGANISER_POST,
        method="post",
        args=lambda w: w.edition_args(kind="slot", pk=w.time_slot.pk),
    ),
    Entry("conferences:workshop_assign", ORGANISER, args=ed()),
    # --- Travel grants (organisers) ---
    Entry("conferences:travel_grants", ORGANISER, args=ed()),
    Entry(
        "conferences:travel_budget_set",
        ORGANISER_POST,
        method="post",
        args=ed(),
        data=lambda w: {"travel_budget": "3000.00"},
    ),
    Entry(
        "conferences:travel_grant_decide",
        organiser_only(200),  # nothing decided: the form again, with what is missing
        method="post",
        args=lambda w: w.edition_args(pk=w.travel_grant.pk),
        data=lambda w: {},
    ),
    Entry("conferences:travel_grants_export", ORGANISER, args=ed(fmt="csv")),
    # --- Organisers' tools ---
    Entry("conferences:edition_manage", ORGANISER, args=ed()),
    Entry("conferences:participants", ORGANISER, args=ed()),
    Entry("conferences:participants_export", ORGANISER, args=ed(fmt="xlsx")),
    # nobody to print yet: back to the participants with a message
    Entry("conferences:badges", ORGANISER_POST, args=ed(), label="nobody admitted"),
    Entry("conferences:certificates", ORGANISER_POST, args=ed(), label="nobody attended"),
    Entry("conferences:participants_mail", ORGANISER, args=ed()),
    Entry(
        "conferences:participant",
        ORGANISER,
        args=lambda w: w.edition_args(pk=w.registration.pk),
    ),
    *(
        Entry(
            f"conferences:participant_{action}",
            ORGANISER_POST,
            method="post",
            args=lambda w: w.edition_args(pk=w.registration.pk),
            data=lambda w: {"reason": "Matrix"},
        )
        for action in ("approve", "decline", "cancel", "reopen")
    ),
    Entry("conferences:check_in", ORGANISER, args=ed()),
    Entry(
        "conferences:check_in_code",
        ORGANISER,
        args=lambda w: w.edition_args(code=check_in_code(w)),
    ),
    Entry("conferences:statistics", ORGANISER, args=ed()),
]


def check_in_code(w):
    from partnerhub.conferences.badges import check_in_code as code

    return code(w.registration)


def token_with_workshop(w):
    w.workshop  # noqa: B018  (the page needs at least one workshop to rank)
    return token(w)
