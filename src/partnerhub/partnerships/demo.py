"""Demo part: invented sample partnerships between the sample municipalities.

Every kind is present (town twinning, project or thematic, climate), each with
themes, SDGs, descriptions in German and English and contact roles (offices with
functional `@….example.org` addresses, never people). Everything goes through
`services`; a second run changes nothing.

The sample municipalities come from `reference.demo` without coordinates or
working languages; this part gives them invented but plausible coordinates in
their country (so that the map shows them) and languages, only where none are set.
"""

from decimal import Decimal

from partnerhub.reference.models import Municipality, Theme

from .models import Partnership, PartnershipKind, PartnershipStatus
from .search import refresh_search_vectors
from .services import partnership_create, partnership_update

# Invented coordinates (inside the right country, near no particular real place on purpose)
# and working languages of the sample municipalities of reference.demo.
SAMPLE_PLACES = {
    "musterstadt": ("51.12", "10.35", ["de", "en"]),
    "beispielhausen": ("52.41", "8.62", ["de", "fr"]),
    "landkreis-musterland": ("49.58", "11.47", ["de", "en"]),
    "abfallwirtschaft-musterland": ("49.71", "11.12", ["de", "en"]),
    "sample-city-ghana": ("6.95", "-1.42", ["en"]),
    "sample-municipality-tanzania": ("-6.41", "35.18", ["en", "sw"]),
    "sample-city-south-africa": ("-28.82", "26.73", ["en", "af", "st"]),
    "commune-exemple-burkina-faso": ("12.05", "-1.97", ["fr"]),
    "ciudad-ejemplo-bolivia": ("-17.62", "-65.81", ["es"]),
    "municipio-ejemplo-peru": ("-12.48", "-75.62", ["es"]),
    "sample-city-viet-nam": ("16.21", "107.83", ["vi", "en"]),
    "sample-hromada-ukraine": ("50.11", "30.94", ["uk", "en"]),
}


def _contacts(*rows):
    return [{"slug": slug, "role": role, "email": email} for slug, role, email in rows]


# Invented, marked as samples.
SAMPLE_PARTNERSHIPS = [
    {
        "german": "musterstadt",
        "partners": ["sample-city-ghana"],
        "kind": PartnershipKind.TOWN_TWINNING,
        "since_year": 1987,
        "themes": [Theme.EDUCATION, Theme.CULTURE, Theme.HEALTH],
        "sdgs": [3, 4, 17],
        "descriptions": {
            "de": "Erfundene Städtepartnerschaft für die Demo: Schulpartnerschaften, "
            "Jugendaustausch und eine gemeinsame Gesundheitsstation.",
            "en": "Invented town twinning for the demo: school partnerships, youth exchange "
            "and a joint health post.",
        },
        "contacts": _contacts(
            (
                "musterstadt",
                "International relations office",
                "international-relations@musterstadt.example.org",
            ),
            (
                "sample-city-ghana",
                "Office of the Municipal Chief Executive",
                "partnerships@sample-city-ghana.example.org",
            ),
        ),
    },
    {
        "german": "musterstadt",
        "partners": ["sample-city-ghana"],
        "kind": PartnershipKind.CLIMATE,
        "since_year": 2011,
        "themes": [Theme.CLIMATE_MITIGATION, Theme.CLIMATE_ADAPTATION, Theme.ENERGY],
        "sdgs": [7, 11, 13],
        "descriptions": {
            "de": "Erfundene Klimapartnerschaft für die Demo: Straßenbeleuchtung mit "
            "Solarstrom und ein Frühwarnsystem für Starkregen.",
            "en": "Invented climate partnership for the demo: solar street lighting and an "
            "early warning system for heavy rain.",
        },
        "contacts": _contacts(
            (
                "musterstadt",
                "Environment and climate department",
                "climate@musterstadt.example.org",
            ),
            (
                "musterstadt",
                "International relations office",
                "international-relations@musterstadt.example.org",
            ),
            (
                "sample-city-ghana",
                "Planning department",
                "planning@sample-city-ghana.example.org",
            ),
        ),
    },
    {
        "german": "landkreis-musterland",
        "partners": ["sample-municipality-tanzania"],
        "kind": PartnershipKind.CLIMATE,
        "since_year": 2011,
        "themes": [Theme.CLIMATE_ADAPTATION, Theme.WATER_SANITATION],
        "sdgs": [6, 13, 15],
        "descriptions": {
            "de": "Erfundene Klimapartnerschaft eines Landkreises für die Demo: "
            "Regenwassernutzung und Aufforstung an Flussufern.",
            "en": "Invented climate partnership of a district for the demo: rainwater "
            "harvesting and reforestation of river banks.",
        },
        "contacts": _contacts(
            (
                "landkreis-musterland",
                "Climate protection management",
                "klimaschutz@landkreis-musterland.example.org",
            ),
            (
                "sample-municipality-tanzania",
                "Environment office",
                "environment@sample-municipality-tanzania.example.org",
            ),
        ),
    },
    {
        "german": "beispielhausen",
        "partners": ["commune-exemple-burkina-faso"],
        "kind": PartnershipKind.TOWN_TWINNING,
        "since_year": 1994,
        "status": PartnershipStatus.ACTIVE,
        "themes": [Theme.GOOD_URBAN_GOVERNANCE, Theme.EDUCATION],
        "sdgs": [4, 16],
        "descriptions": {
            "de": "Erfundene Städtepartnerschaft für die Demo: Austausch der Verwaltungen "
            "zu Bürgerbeteiligung und Personenstandswesen.",
            "en": "Invented town twinning for the demo: exchange between the administrations "
            "on citizen participation and civil registration.",
            "fr": "Jumelage fictif pour la démonstration : échanges entre les administrations "
            "sur la participation citoyenne et l'état civil.",
        },
        "contacts": _contacts(
            ("beispielhausen", "Mayor's office", "partnerschaft@beispielhausen.example.org"),
            (
                "commune-exemple-burkina-faso",
                "Service de la coopération décentralisée",
                "cooperation@commune-exemple-bf.example.org",
            ),
        ),
    },
    {
        "german": "abfallwirtschaft-musterland",
        "partners": ["sample-city-south-africa", "sample-city-viet-nam"],
        "kind": PartnershipKind.PROJECT,
        "since_year": 2019,
        "themes": [Theme.WASTE_MANAGEMENT, Theme.MUNICIPAL_SERVICES],
        "sdgs": [11, 12],
        "descriptions": {
            "de": "Erfundene Projektpartnerschaft für die Demo: getrennte Sammlung von "
            "Bioabfall und Kompostierung in drei Städten.",
            "en": "Invented project partnership for the demo: separate collection of organic "
            "waste and composting in three cities.",
        },
        "contacts": _contacts(
            (
                "abfallwirtschaft-musterland",
                "International cooperation unit",
                "international@abfallwirtschaft-musterland.example.org",
            ),
            (
                "sample-city-south-africa",
                "Solid waste department",
                "waste@sample-city-south-africa.example.org",
            ),
            (
                "sample-city-viet-nam",
                "Urban environment company",
                "environment@sample-city-viet-nam.example.org",
            ),
        ),
    },
    {
        "german": "beispielhausen",
        "partners": ["ciudad-ejemplo-bolivia"],
        "kind": PartnershipKind.PROJECT,
        "since_year": 2016,
        "status": PartnershipStatus.DORMANT,
        "themes": [Theme.FAIR_TRADE, Theme.LOCAL_ECONOMIC_DEVELOPMENT],
        "sdgs": [8, 12],
        "descriptions": {
            "de": "Erfundene thematische Partnerschaft für die Demo: faire Beschaffung und "
            "Kooperativen für Kaffee; ruht derzeit.",
            "en": "Invented thematic partnership for the demo: fair procurement and coffee "
            "cooperatives; dormant at present.",
            "es": "Asociación temática ficticia para la demostración: compras justas y "
            "cooperativas de café.",
        },
        "contacts": _contacts(
            ("beispielhausen", "Fair trade steering group", "fairtrade@beispielhausen.example.org"),
            (
                "ciudad-ejemplo-bolivia",
                "Oficina de relaciones internacionales",
                "relaciones@ciudad-ejemplo-bolivia.example.org",
            ),
        ),
    },
    {
        "german": "musterstadt",
        "partners": ["sample-hromada-ukraine"],
        "kind": PartnershipKind.PROJECT,
        "since_year": 2022,
        "themes": [Theme.MUNICIPAL_SERVICES, Theme.ENERGY],
        "sdgs": [7, 11],
        "descriptions": {
            "de": "Erfundene Projektpartnerschaft für die Demo: Notstromversorgung für "
            "Wasserwerke und Schulen.",
            "en": "Invented project partnership for the demo: emergency power supply for "
            "waterworks and schools.",
        },
        "contacts": _contacts(
            (
                "musterstadt",
                "International relations office",
                "international-relations@musterstadt.example.org",
            ),
            (
                "sample-hromada-ukraine",
                "Department of international cooperation",
                "international@sample-hromada-ukraine.example.org",
            ),
        ),
    },
]


def _place_municipalities(municipalities: dict) -> int:
    """Coordinates and languages for the sample municipalities that have none (a small update)."""
    changed = 0
    for slug, (latitude, longitude, languages) in SAMPLE_PLACES.items():
        municipality = municipalities.get(slug)
        if municipality is None or not municipality.is_sample:
            continue
        fields = []
        if municipality.latitude is None and municipality.longitude is None:
            municipality.latitude, municipality.longitude = Decimal(latitude), Decimal(longitude)
            fields += ["latitude", "longitude"]
        if not municipality.languages:
            municipality.languages = languages
            fields.append("languages")
        if fields:
            municipality.save(update_fields=fields)
            changed += 1
    return changed


def _existing(german, partners, kind) -> Partnership | None:
    return (
        Partnership.objects.filter(german_municipality=german, kind=kind, partners__in=partners)
        .distinct()
        .first()
    )


def load(report) -> None:
    municipalities = Municipality.objects.in_bulk(field_name="slug")
    placed = _place_municipalities(municipalities)
    created = completed = 0
    for sample in SAMPLE_PARTNERSHIPS:
        german = municipalities[sample["german"]]
        partners = [municipalities[slug] for slug in sample["partners"]]
        contacts = [
            {
                "municipality": municipalities[row["slug"]],
                "role": row["role"],
                "email": row["email"],
            }
            for row in sample["contacts"]
        ]
        fields = {
            "since_year": sample["since_year"],
            "status": sample.get("status", PartnershipStatus.ACTIVE),
            "themes": [str(theme) for theme in sample["themes"]],
            "sdgs": sample["sdgs"],
            "descriptions": sample["descriptions"],
            "contacts": contacts,
        }
        existing = _existing(german, partners, sample["kind"])
        if existing is None:
            partnership_create(
                german_municipality=german,
                partners=partners,
                kind=sample["kind"],
                is_sample=True,
                **fields,
            )
            created += 1
        elif existing.is_sample and not existing.themes:
            # A sample from an earlier, thinner demo: complete it once.
            partnership_update(partnership=existing, kind=sample["kind"], **fields)
            completed += 1
    # The services keep the search document current; this also covers samples of a
    # database that existed before it was stored (one UPDATE, nothing on SQLite).
    refresh_search_vectors(Partnership.objects.filter(is_sample=True).values_list("pk", flat=True))
    report.line(
        f"sample partnerships: {len(SAMPLE_PARTNERSHIPS)} ({created} new, {completed} completed); "
        f"sample municipalities placed on the map: {placed}"
    )
