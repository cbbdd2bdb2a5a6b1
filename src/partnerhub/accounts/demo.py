"""Demo part: one account per role. Names are roles, never real people.

`demo_account(email)` creates one of these accounts (with its membership) on
demand, so that an earlier demo part can act as it (the conference demo
registers people through the registration service in the accounts' names);
`load` then finds it and only reports it.
"""

from partnerhub.core.demo import DEMO_PASSWORD
from partnerhub.reference.models import Municipality, Organisation

from . import two_factor
from .models import Membership, MembershipRole, Person

# The demo's organisers and reviewers log in with two-factor authentication like
# everybody else: their authenticator is this published secret (add it to any TOTP
# app, or run `manage.py demo_two_factor_code`). Demo data only, never production.
DEMO_TOTP_SECRET = "PARTNERHUBDEMOTOTPSECRETAAAAAAAA"

# (email, name, flags, membership (kind, slug, role) or None, role shown); kind is
# "municipality" or "organisation".
DEMO_ACCOUNTS = [
    (
        "organiser@example.org",
        "Demo Organiser",
        {"is_organiser": True, "is_staff": True},
        None,
        "organiser (service agency), admin access",
    ),
    (
        "reviewer@example.org",
        "Demo Reviewer",
        {"is_reviewer": True},
        ("municipality", "beispielhausen", MembershipRole.MEMBER),
        "reviewer (conflict: member of Beispielhausen)",
    ),
    (
        "municipality@example.org",
        "Demo International Relations Office",
        {},
        ("municipality", "musterstadt", MembershipRole.ADMIN),
        "municipality member (Musterstadt, administrator)",
    ),
    (
        "company@example.org",
        "Demo Waste Management Company",
        {},
        ("municipality", "abfallwirtschaft-musterland", MembershipRole.MEMBER),
        "municipal company member",
    ),
    (
        "partner@example.org",
        "Demo Partner Planning Department",
        {"preferred_language": "en"},
        ("municipality", "sample-city-ghana", MembershipRole.MEMBER),
        "partner municipality member (Ghana)",
    ),
    (
        "association@example.org",
        "Demo One-World Association Musterstadt",
        {},
        ("organisation", "eine-welt-verein-musterstadt", MembershipRole.MEMBER),
        "civil-society organisation member (Eine-Welt-Verein Musterstadt)",
    ),
    ("participant@example.org", "Demo Participant", {}, None, "participant, no membership"),
    # For the Connective Cities demo (calls.demo): a second reviewer without conflicts and
    # the applicants of two more sample proposals.
    ("reviewer2@example.org", "Demo Reviewer 2", {"is_reviewer": True}, None, "reviewer"),
    (
        "beispielhausen@example.org",
        "Demo Beispielhausen Town Hall",
        {},
        ("municipality", "beispielhausen", MembershipRole.MEMBER),
        "municipality member (Beispielhausen)",
    ),
    (
        "district@example.org",
        "Demo District Development Office",
        {},
        ("municipality", "landkreis-musterland", MembershipRole.MEMBER),
        "municipality member (Landkreis Musterland)",
    ),
]

_BY_EMAIL = {account[0]: account for account in DEMO_ACCOUNTS}


def demo_account(email: str) -> Person:
    """The demo account with this address, created with its membership if it is missing."""
    _email, name, flags, membership, _role = _BY_EMAIL[email]
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person.objects.create_user(email, DEMO_PASSWORD, full_name=name, **flags)
    if membership:
        kind, slug, member_role = membership
        model = Municipality if kind == "municipality" else Organisation
        Membership.objects.get_or_create(
            person=person,
            **{kind: model.objects.get(slug=slug)},
            defaults={"role": member_role},
        )
    return person


def load(report) -> None:
    with_second_factor = 0
    for email, _name, _flags, _membership, role in DEMO_ACCOUNTS:
        person = demo_account(email)
        if two_factor.requires_two_factor(person):
            two_factor.device_install(person=person, secret=DEMO_TOTP_SECRET)
            with_second_factor += 1
        report.login(email, role)
    report.line(f"demo accounts: {len(DEMO_ACCOUNTS)}")
    report.line(
        f"two-factor code for the {with_second_factor} organiser and reviewer accounts: "
        f"TOTP secret {DEMO_TOTP_SECRET} (any authenticator app), "
        "or `manage.py demo_two_factor_code`"
    )
