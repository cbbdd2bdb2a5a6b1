"""Matrix entries: climate partnerships (dashboard, programmes, editing, reports, organiser
tools, secondments; API).

The climate partnership's German side is `w.own` (so member_own and reviewer_conflict are
partners of it); its partner municipality is an invented one in Ghana. A draft is seen only
by the partners and organisers (404 for everybody else); an adopted version is public.
"""

import datetime

from .base import ANYONE, LOGIN, Entry, api, expect, organiser_only

# Partners and organisers: 200; outsiders do not see the draft at all.
DRAFT = expect(200, anonymous=404, participant=404, member_other=404)
# Partners and organisers: 200; outsiders log in or are refused.
PARTNERS = expect(200, anonymous=LOGIN, participant=403, member_other=403)
# Pages of a draft that need a log-in.
DRAFT_LOGIN = expect(200, anonymous=LOGIN, participant=404, member_other=404)


def climate_world(w):
    from tests.climate.conftest import make_world

    return w.once("climate", lambda: make_world(german_municipality=w.own))


def draft(w):
    from partnerhub.climate import services
    from tests.climate.conftest import fill_version

    def build():
        world = climate_world(w)
        version = services.programme_start(climate_partnership=world.climate, by=world.german)
        fill_version(version, world.german)
        return version

    return w.once("draft", build)


def adopted(w):
    from tests.climate.conftest import adopt

    return w.once("adopted", lambda: adopt(climate_world(w)))


def report(w, *, submitted=False):
    from partnerhub.climate import services

    def build():
        version = adopted(w)
        world = climate_world(w)
        made = services.report_start(programme=version.programme, year=2013, by=world.german)
        services.report_save(report=made, by=world.german, narrative="A good year.")
        if submitted:
            services.report_submit(report=made, by=world.german)
        return made

    return w.once(f"report:{submitted}", build)


def secondment(w, *, approved=False):
    from partnerhub.climate import services
    from partnerhub.climate.models import Direction

    def build():
        world = climate_world(w)
        made = services.secondment_request(
            climate_partnership=world.climate,
            by=world.german,
            direction=Direction.GERMAN_TO_PARTNER,
            purpose="Advice on LED tendering",
            expert_role="Energy manager",
            start_date=datetime.date(2014, 1, 1),
            end_date=datetime.date(2014, 1, 10),
        )
        if approved:
            services.secondment_decide(secondment=made, approve=True, reason="", by=world.organiser)
        return made

    return w.once(f"secondment:{approved}", build)


def _pk(w):
    return {"pk": draft(w).programme_id}


def _adopted_pk(w):
    return {"pk": adopted(w).programme_id}


ENTRIES = [
    Entry("climate:overview", ANYONE),
    # A draft programme: partners and organisers only.
    Entry("climate:programme", DRAFT, args=_pk, label="draft"),
    Entry("climate:versions", DRAFT, args=_pk, label="draft"),
    Entry("climate:version", DRAFT, args=lambda w: {**_pk(w), "number": 1}, label="draft"),
    Entry("climate:pdf", DRAFT, args=lambda w: {**_pk(w), "number": 1}, label="draft"),
    Entry("climate:xlsx", DRAFT, args=lambda w: {**_pk(w), "number": 1}, label="draft"),
    # An adopted programme: public.
    Entry("climate:programme", ANYONE, args=_adopted_pk, label="adopted"),
    Entry("climate:versions", ANYONE, args=_adopted_pk, label="adopted"),
    Entry(
        "climate:version", ANYONE, args=lambda w: {**_adopted_pk(w), "number": 1}, label="adopted"
    ),
    Entry("climate:pdf", ANYONE, args=lambda w: {**_adopted_pk(w), "number": 1}, label="adopted"),
    Entry("climate:xlsx", ANYONE, args=lambda w: {**_adopted_pk(w), "number": 1}, label="adopted"),
    # Writing the draft.
    Entry("climate:edit", DRAFT_LOGIN, args=_pk),
    Entry("climate:item_add", DRAFT_LOGIN, args=lambda w: {**_pk(w), "kind": "target"}),
    Entry(
        "climate:item_edit",
        DRAFT_LOGIN,
        args=lambda w: {**_pk(w), "kind": "target", "item_pk": draft(w).targets.get().pk},
    ),
    Entry(
        "climate:item_delete",
        DRAFT_LOGIN,
        args=lambda w: {**_pk(w), "kind": "measure", "item_pk": draft(w).measures.get().pk},
    ),
    # Starting the programme: the partners and organisers (a second start opens the draft).
    Entry(
        "climate:start",
        expect(302, anonymous=LOGIN, participant=403, member_other=403),
        args=lambda w: {"climate_pk": climate_world(w).climate.pk},
        method="post",
        data=lambda w: {},
    ),
    # Approving for the German side: only its members (the organiser approves for no side).
    Entry(
        "climate:approve",
        expect(302, anonymous=LOGIN, participant=404, member_other=404, organiser=403),
        args=_pk,
        method="post",
        data=lambda w: {"side": "german"},
    ),
    # Recording the adoption (an incomplete form changes nothing): German side, organisers.
    Entry(
        "climate:adopt",
        DRAFT_LOGIN,
        args=_pk,
        method="post",
        data=lambda w: {"decision_date": ""},
    ),
    Entry(
        "climate:new_version",
        expect(302, anonymous=LOGIN, participant=403, member_other=403),
        args=_adopted_pk,
        method="post",
        data=lambda w: {},
    ),
    # Progress reports.
    Entry("climate:report_start", PARTNERS, args=_adopted_pk),
    Entry(
        "climate:report",
        DRAFT,
        args=lambda w: {"pk": report(w).programme_id, "year": 2013},
        label="not submitted",
    ),
    Entry(
        "climate:report",
        ANYONE,
        args=lambda w: {"pk": report(w, submitted=True).programme_id, "year": 2013},
        label="submitted",
    ),
    Entry(
        "climate:report_edit",
        DRAFT_LOGIN,
        args=lambda w: {"pk": report(w).programme_id, "year": 2013},
    ),
    # The first partner submits; later partners and organisers are sent back to the report.
    Entry(
        "climate:report_submit",
        expect(302, anonymous=LOGIN, participant=404, member_other=403),
        args=lambda w: {"pk": report(w).programme_id, "year": 2013},
        method="post",
        data=lambda w: {},
    ),
    # Organisers' tools.
    Entry("climate:overdue", organiser_only()),
    Entry(
        "climate:remind",
        organiser_only(ok=302),
        args=lambda w: {"climate_pk": adopted(w).programme.climate_partnership_id},
        method="post",
        data=lambda w: {},
    ),
    Entry("climate:secondments", organiser_only()),
    # Secondments: requested by the partners, decided by organisers, reported by the partners.
    Entry(
        "climate:secondment_request",
        expect(200, anonymous=LOGIN, participant=403, member_other=403, organiser=403),
        args=lambda w: {"climate_pk": climate_world(w).climate.pk},
    ),
    Entry(
        "climate:secondment",
        DRAFT_LOGIN,
        args=lambda w: {"pk": secondment(w).pk},
    ),
    Entry(
        "climate:secondment_decide",
        expect(403, anonymous=LOGIN, participant=404, member_other=404, organiser=302),
        args=lambda w: {"pk": secondment(w).pk},
        method="post",
        data=lambda w: {"decision": "approve", "reason": ""},
    ),
    # The first partner reports; the second finds it reported (the form says why, 200).
    Entry(
        "climate:secondment_report",
        expect(
            403,
            anonymous=LOGIN,
            participant=404,
            member_other=404,
            member_own=302,
            reviewer_conflict=200,
        ),
        args=lambda w: {"pk": secondment(w, approved=True).pk},
        method="post",
        data=lambda w: {"report": "It went well."},
    ),
    api("GET", "/api/v1/action-programmes", ANYONE),
    api(
        "GET",
        "/api/v1/action-programmes/{programme_id}",
        ANYONE,
        args=lambda w: {"programme_id": adopted(w).programme_id},
    ),
]
