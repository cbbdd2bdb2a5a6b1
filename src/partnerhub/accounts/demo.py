"""Demo part: one account per role. Names are roles, never real people."""

from partnerhub.core.demo import DEMO_PASSWORD
from partnerhub.reference.models import Municipality

from .models import Membership, MembershipRole, Person

# (email, name, flags, membership (municipality slug, role) or None, role shown)
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
        ("beispielhausen", MembershipRole.MEMBER),
        "reviewer (conflict: member of Beispielhausen)",
    ),
    (
        "municipality@example.org",
        "Demo International Relations Office",
        {},
        ("musterstadt", MembershipRole.ADMIN),
        "municipality member (Musterstadt, administrator)",
    ),
    (
        "company@example.org",
        "Demo Waste Management Company",
        {},
        ("abfallwirtschaft-musterland", MembershipRole.MEMBER),
        "municipal company member",
    ),
    (
        "partner@example.org",
        "Demo Partner Planning Department",
        {"preferred_language": "en"},
        ("sample-city-ghana", MembershipRole.MEMBER),
        "partner municipality member (Ghana)",
    ),
    ("participant@example.org", "Demo Participant", {}, None, "participant, no membership"),
]


def load(report) -> None:
    municipalities = Municipality.objects.in_bulk(field_name="slug")
    for email, name, flags, membership, role in DEMO_ACCOUNTS:
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person.objects.create_user(email, DEMO_PASSWORD, full_name=name, **flags)
        if membership:
            slug, member_role = membership
            Membership.objects.get_or_create(
                person=person, municipality=municipalities[slug], defaults={"role": member_role}
            )
        report.login(email, role)
    report.line(f"demo accounts: {len(DEMO_ACCOUNTS)}")
