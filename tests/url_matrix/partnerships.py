"""Matrix entries: the partnership registry (list, map, profile, register, edit, delete; API)."""

from .base import ANYONE, LOGIN, Entry, api, expect, organiser_only

ENTRIES = [
    Entry("partnerships:list", ANYONE),
    Entry("partnerships:map", ANYONE),
    Entry("partnerships:detail", ANYONE, args=lambda w: {"pk": w.partnership.pk}),
    # Any member of a municipality (either side) registers; participants without one cannot.
    Entry("partnerships:create", expect(200, anonymous=LOGIN, participant=403)),
    # Both sides and organisers edit: w.partnership belongs to w.own.
    Entry(
        "partnerships:edit",
        expect(200, anonymous=LOGIN, participant=403, member_other=403),
        args=lambda w: {"pk": w.partnership.pk},
    ),
    Entry(
        "partnerships:delete",
        organiser_only(),
        args=lambda w: {"pk": w.partnership.pk},
    ),
    Entry(
        "partnerships:delete",
        expect(403, anonymous=LOGIN, organiser=302),
        args=lambda w: {"pk": w.partnership.pk},
        method="post",
        data=lambda w: {},
        label="post",
    ),
    api("GET", "/api/v1/partnerships", ANYONE),
    api(
        "GET",
        "/api/v1/partnerships/{partnership_id}",
        ANYONE,
        args=lambda w: {"partnership_id": w.partnership.pk},
    ),
]
