"""Demo part: invented sample partnerships between the sample municipalities."""

from partnerhub.reference.models import Municipality

from .models import Partnership, PartnershipKind
from .services import partnership_create

# (German side, partner slugs, kind, since) — invented, marked as samples.
SAMPLE_PARTNERSHIPS = [
    ("musterstadt", ["sample-city-ghana"], PartnershipKind.TOWN_TWINNING, 1987),
    ("musterstadt", ["sample-city-ghana"], PartnershipKind.CLIMATE, 2011),
    ("landkreis-musterland", ["sample-municipality-tanzania"], PartnershipKind.CLIMATE, 2011),
    ("beispielhausen", ["commune-exemple-burkina-faso"], PartnershipKind.TOWN_TWINNING, 1994),
    (
        "abfallwirtschaft-musterland",
        ["sample-city-south-africa", "sample-city-viet-nam"],
        PartnershipKind.PROJECT,
        2019,
    ),
    ("beispielhausen", ["ciudad-ejemplo-bolivia"], PartnershipKind.PROJECT, 2016),
    ("musterstadt", ["sample-hromada-ukraine"], PartnershipKind.PROJECT, 2022),
]


def load(report) -> None:
    municipalities = Municipality.objects.in_bulk(field_name="slug")
    created = 0
    for german, partners, kind, since in SAMPLE_PARTNERSHIPS:
        exists = Partnership.objects.filter(
            german_municipality=municipalities[german], kind=kind, is_sample=True
        ).exists()
        if exists:
            continue
        partnership_create(
            german_municipality=municipalities[german],
            partners=[municipalities[slug] for slug in partners],
            kind=kind,
            since_year=since,
            description="Invented sample partnership for the demo.",
            is_sample=True,
        )
        created += 1
    report.line(f"sample partnerships: {len(SAMPLE_PARTNERSHIPS)} ({created} new)")
