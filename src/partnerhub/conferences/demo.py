"""Demo part: the five conference series and every edition the seeds name (DOMAIN.md §1).

This is the real history, not invented data: each edition keeps the precision of
its dates, an open place stays open, and `source_note` records which source says
what where the brochure (seed 000) and the web page (seeds 001/002) disagree.
Host cities are real German cities (names only, no official key, no people); the
one invented record of the history is a pending interest in hosting from the
sample town.

The upcoming edition is invented (`load_upcoming`): the Latin America and
Caribbean series is due in 2027 by the rotation (last edition 2024), so the demo
shows its 5th edition in the sample town Musterstadt with registration open, a
programme over two days and sample registrations of the demo accounts. Its
source note says it is invented. Everything goes through the services, like
the pages: registrations, the programme, workshop preferences and the travel
grant application (sent with the participant's link, as a partner would).
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from partnerhub.accounts.consent import current_consent_text
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.partnerships.services import partnership_create
from partnerhub.reference.models import Municipality, MunicipalityKind, Organisation, SdgGoal

from . import services
from .dates import DatePrecision
from .models import (
    ConferenceSeries,
    Diet,
    Edition,
    EditionStatus,
    GrantCategory,
    HostingInterest,
    ParticipantType,
    ProgrammeSession,
    RegistrationGroup,
    SeriesKind,
    SessionKind,
    TravelGrantApplication,
)
from .services import edition_create, registration_submit

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
HELD, PLANNED = EditionStatus.HELD, EditionStatus.PLANNED

BROCHURE = "Brochure (seed 000)"
WEB_DE = "Web page, German (seed 001)"
WEB_EN = "Web page, English (seed 002)"

# slug: (kind, region, German title, English title, position)
SERIES = {
    "africa": (
        SeriesKind.REGIONAL,
        "africa",
        "Kommunale Partnerschaftskonferenz Afrika",
        "Partnership Conference Africa",
        1,
    ),
    "latin-america": (
        SeriesKind.REGIONAL,
        "latin_america",
        "Kommunale Partnerschaftskonferenz Lateinamerika und Karibik",
        "Partnership Conference Latin America and the Caribbean",
        2,
    ),
    "asia": (
        SeriesKind.REGIONAL,
        "asia",
        "Kommunale Partnerschaftskonferenz Asien",
        "Partnership Conference Asia",
        3,
    ),
    "eastern-europe": (
        SeriesKind.REGIONAL,
        "eastern_europe",
        "Kommunale Partnerschaftskonferenz Osteuropa",
        "Partnership Conference Eastern Europe",
        4,
    ),
    "german-ukrainian": (
        SeriesKind.GERMAN_UKRAINIAN,
        "",
        "Konferenz des deutsch-ukrainischen kommunalen Partnerschaftsnetzwerks",
        "German-Ukrainian Municipal Partnership Network Conference",
        5,
    ),
}

# Real German host cities: (slug, name). Names only; no official key is recorded here.
HOST_CITIES = {
    "ludwigsburg": "Ludwigsburg",
    "hamburg": "Hamburg",
    "erfurt": "Erfurt",
    "hannover": "Hannover",
    "giessen": "Gießen",
    "frankfurt-am-main": "Frankfurt am Main",
    "nuernberg": "Nürnberg",
    "koeln": "Köln",
    "berlin": "Berlin",
    "bonn": "Bonn",
    "leipzig": "Leipzig",
    "hildesheim": "Hildesheim",
    "esslingen-am-neckar": "Esslingen am Neckar",
    "muenster": "Münster",
}


def d(year, month=1, day=1):
    return datetime.date(year, month, day)


def part(start, end=None, precision=DAY, **extra):
    return {"start": start, "end": end, "precision": precision, **extra}


# (series, number, host slug or None, place, is_online, status, parts, extra fields)
EDITIONS = [
    (
        "africa",
        1,
        "ludwigsburg",
        "Ludwigsburg",
        False,
        HELD,
        [part(d(2010, 11, 18), d(2010, 11, 20))],
        {"source_note": f"{BROCHURE}: 1st conference in Ludwigsburg, 18–20.11.2010."},
    ),
    (
        "africa",
        2,
        "hamburg",
        "Hamburg",
        False,
        HELD,
        [part(d(2013, 10, 24), d(2013, 10, 26))],
        {"source_note": f"{BROCHURE}: 2nd conference in Hamburg, 24–26.10.2013."},
    ),
    (
        "africa",
        3,
        "erfurt",
        "Erfurt",
        False,
        HELD,
        [part(d(2016, 10, 19), d(2016, 10, 21))],
        {"source_note": f"{BROCHURE}: 3rd conference in Erfurt, 19–21.10.2016."},
    ),
    (
        "africa",
        4,
        "hannover",
        "Hannover",
        False,
        HELD,
        [part(d(2019, 9, 9), d(2019, 9, 11))],
        {"source_note": f"{BROCHURE}: 4th conference in Hannover, 09–11.09.2019."},
    ),
    (
        "africa",
        5,
        None,
        "",
        False,
        HELD,
        [part(d(2022), precision=YEAR)],
        {
            "source_note": (
                f"{WEB_DE} and {WEB_EN} list 2022 for Africa ('The last conference took "
                "place in 2022'); neither names the place or the dates. The brochure "
                "(seed 000) predates it."
            )
        },
    ),
    (
        "africa",
        6,
        "giessen",
        "Gießen",
        False,
        HELD,
        [part(d(2025, 9, 8), d(2025, 9, 11))],
        {"source_note": f"{WEB_DE}: the sixth conference, 8–11 September 2025 in Gießen."},
    ),
    (
        "latin-america",
        1,
        "frankfurt-am-main",
        "Frankfurt am Main",
        False,
        HELD,
        [part(d(2015, 11, 18), d(2015, 11, 20))],
        {"source_note": f"{BROCHURE}: 1st conference in Frankfurt a. M., 18–20.11.2015."},
    ),
    (
        "latin-america",
        2,
        "nuernberg",
        "Nürnberg",
        False,
        HELD,
        [part(d(2018, 10, 29), d(2018, 10, 31))],
        {"source_note": f"{BROCHURE}: 2nd conference in Nürnberg, 29–31.10.2018."},
    ),
    (
        "latin-america",
        3,
        None,
        "",
        False,
        PLANNED,
        [part(d(2021, 10), precision=MONTH)],
        {
            "source_note": (
                f"{BROCHURE}: 3rd conference in N.N., October 2021 (planned; place open). "
                f"{WEB_DE}/{WEB_EN} list the year 2021 for Latin America. Outcome not "
                "recorded in the sources."
            )
        },
    ),
    (
        "latin-america",
        4,
        "koeln",
        "Köln",
        False,
        HELD,
        [part(d(2024, 9, 4), d(2024, 9, 5))],
        {
            "guiding_question_en": (
                "How can municipal partnerships contribute to future-proof urban development?"
            ),
            "guiding_question_de": (
                "Wie können kommunale Partnerschaften zu einer nachhaltigen Stadtentwicklung "
                "beitragen?"
            ),
            "source_note": (
                f"{WEB_EN}: Cologne, 4 and 5 September 2024, with the guiding question. "
                f"{WEB_DE}: 'Wie kommunale Partnerschaften zu einer nachhaltigen "
                "Stadtentwicklung beitragen, war das Thema der vierten "
                "Partnerschaftskonferenz im September 2024 in Köln' (the German question is "
                "phrased from this sentence). SDG 11 tagged by the demo from the guiding "
                "question."
            ),
        },
    ),
    (
        "asia",
        1,
        "berlin",
        "Berlin",
        False,
        HELD,
        [part(d(2014, 11, 17), d(2014, 11, 18))],
        {"source_note": f"{BROCHURE}: 1st conference in Berlin, 17–18.11.2014."},
    ),
    (
        "asia",
        2,
        "bonn",
        "Bonn",
        False,
        HELD,
        [part(d(2017, 6, 19), d(2017, 6, 21))],
        {"source_note": f"{BROCHURE}: 2nd conference in Bonn, 19–21.06.2017."},
    ),
    (
        "asia",
        3,
        "leipzig",
        "Leipzig",
        False,
        PLANNED,
        [part(d(2021, 2), precision=MONTH)],
        {
            "source_note": (
                f"Sources disagree. {BROCHURE}: 3rd conference in Leipzig, February 2021 "
                f"(planned). {WEB_DE}/{WEB_EN}: Asia (2014, 2017, 2020, 2023), i.e. the "
                "year 2020. Stored as the brochure says; outcome not recorded in the sources."
            )
        },
    ),
    (
        "asia",
        4,
        "hildesheim",
        "Hildesheim",
        False,
        HELD,
        [part(d(2023, 9, 26), d(2023, 9, 28))],
        {"source_note": f"{WEB_EN}: Hildesheim, 26 to 28 September 2023 ({WEB_DE}: 'vierte')."},
    ),
    (
        "eastern-europe",
        1,
        "esslingen-am-neckar",
        "Esslingen am Neckar",
        False,
        HELD,
        [part(d(2017, 10, 23), d(2017, 10, 25))],
        {
            "source_note": (
                f"{BROCHURE}: 1st conference in Esslingen, 23–25.10.2017. {WEB_DE}/{WEB_EN}: "
                "autumn 2017 in Esslingen am Neckar."
            )
        },
    ),
    (
        "eastern-europe",
        2,
        None,
        "",
        True,
        HELD,
        [
            part(
                d(2020, 9, 17),
                is_online=True,
                label_de="Teil 1 (online)",
                label_en="Part 1 (online)",
            ),
            part(
                d(2020, 11),
                precision=MONTH,
                is_online=True,
                label_de="Teil 2 (online)",
                label_en="Part 2 (online)",
            ),
        ],
        {
            "source_note": (
                f"Sources disagree. {BROCHURE}: 2nd conference (online), 17.09.2020 & "
                f"November 2020. {WEB_DE}/{WEB_EN} list only Eastern Europe (2017)."
            )
        },
    ),
    (
        "german-ukrainian",
        7,
        "muenster",
        "Münster",
        False,
        HELD,
        [part(d(2025, 6, 16), d(2025, 6, 18))],
        {
            "source_note": (
                f"{WEB_DE}: the seventh conference, 16–18 June 2025 in Münster. Earlier "
                "editions of the network are not named in the sources."
            )
        },
    ),
]

SAMPLE_INTEREST = (
    "musterstadt",
    "asia",
    2027,
    "Invented sample: Musterstadt would like to host the next Asia conference.",
)


def load(report) -> None:
    """The history, then the invented upcoming edition (which needs `reference.demo`'s samples)."""
    load_history(report)
    load_upcoming(report)


def load_history(report) -> None:
    series = {}
    for slug, (kind, region, title_de, title_en, position) in SERIES.items():
        series[slug], _ = ConferenceSeries.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "region": region,
                "title_de": title_de,
                "title_en": title_en,
                "position": position,
                "rotation_years": 3 if kind == SeriesKind.REGIONAL else None,
            },
        )
    hosts = {}
    for slug, name in HOST_CITIES.items():
        hosts[slug], _ = Municipality.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": MunicipalityKind.CITY,
                "country_id": "DE",
                "is_sample": False,
            },
        )
    existing = set(Edition.objects.values_list("series__slug", "number"))
    created = 0
    for slug, number, host, place, online, status, parts, extra in EDITIONS:
        if (slug, number) in existing:
            continue
        sdgs = SdgGoal.objects.filter(number=11) if (slug, number) == ("latin-america", 4) else ()
        edition_create(
            series=series[slug],
            number=number,
            host_municipality=hosts[host] if host else None,
            place=place,
            is_online=online,
            status=status,
            parts=parts,
            sdgs=sdgs,
            **extra,
        )
        created += 1
    municipality, series_slug, year, message = SAMPLE_INTEREST
    HostingInterest.objects.get_or_create(
        municipality=Municipality.objects.get(slug=municipality),
        series=series[series_slug],
        year=year,
        defaults={"message": message},
    )
    report.line(
        f"conference series: {len(SERIES)}, editions: {len(EDITIONS)} ({created} new), "
        f"host cities: {len(HOST_CITIES)}"
    )


# --- The upcoming edition (invented) ---------------------------------------------------

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UPCOMING_SERIES, UPCOMING_NUMBER = "latin-america", 5
UPCOMING_HOST = "musterstadt"
UPCOMING_PARTNER = "municipio-ejemplo-peru"
UPCOMING_DAYS = (d(2027, 9, 22), d(2027, 9, 23))
UPCOMING_SDGS = (6, 11, 13, 17)
UPCOMING_FIELDS = {
    "title_de": "5. Kommunale Partnerschaftskonferenz Lateinamerika und Karibik",
    "title_en": "5th Partnership Conference Latin America and the Caribbean",
    "title_fr": "5e Conférence des partenariats municipaux Amérique latine et Caraïbes",
    "title_es": "5.ª Conferencia de Asociaciones Municipales América Latina y el Caribe",
    "guiding_question_de": (
        "Wie stärken kommunale Partnerschaften die Klimaanpassung und die Wasserversorgung "
        "in unseren Städten?"
    ),
    "guiding_question_en": (
        "How can municipal partnerships strengthen climate adaptation and water supply in "
        "our cities?"
    ),
    "guiding_question_fr": (
        "Comment les partenariats municipaux peuvent-ils renforcer l'adaptation au changement "
        "climatique et l'approvisionnement en eau de nos villes ?"
    ),
    "guiding_question_es": (
        "¿Cómo pueden las asociaciones municipales fortalecer la adaptación al cambio "
        "climático y el abastecimiento de agua en nuestras ciudades?"
    ),
    "description_de": (
        "Beispielkonferenz für die Demo: Deutsche Kommunen und ihre Partnerkommunen aus "
        "Lateinamerika und der Karibik tauschen sich zwei Tage lang in Workshops und "
        "Fachgesprächen über Wasser, Klimaanpassung, Abfallwirtschaft und die Finanzierung "
        "gemeinsamer Projekte aus."
    ),
    "description_en": (
        "Sample conference for the demo: German municipalities and their partner "
        "municipalities from Latin America and the Caribbean spend two days in workshops and "
        "expert talks on water, climate adaptation, waste management and funding joint "
        "projects."
    ),
    "description_fr": (
        "Conférence d'exemple pour la démo : des communes allemandes et leurs communes "
        "partenaires d'Amérique latine et des Caraïbes échangent pendant deux jours, en "
        "ateliers et en débats d'experts, sur l'eau, l'adaptation au climat, la gestion des "
        "déchets et le financement de projets communs."
    ),
    "description_es": (
        "Conferencia de ejemplo para la demo: municipios alemanes y sus municipios socios de "
        "América Latina y el Caribe intercambian durante dos días, en talleres y charlas de "
        "expertos, sobre agua, adaptación climática, gestión de residuos y financiación de "
        "proyectos conjuntos."
    ),
    "source_note": (
        "Invented for the demo; not in the seeds. The rotation makes the Latin America and "
        "Caribbean series due in 2027 (last edition 2024 in Köln); host, dates, programme, "
        "speakers and registrations are samples."
    ),
    "capacity": 120,
    "travel_budget": Decimal("25000.00"),
    "is_moderated": False,
}
REGISTRATION_CLOSES = datetime.datetime(2027, 8, 31, 23, 59, tzinfo=BERLIN)

# (name, seats, accessibility)
ROOMS = [
    ("Ratssaal (Plenum)", 150, "Step-free access, induction loop"),
    ("Raum Anden", 40, "Step-free access"),
    ("Raum Amazonas", 40, "Step-free access"),
    ("Raum Karibik", 40, "Lift to the first floor"),
]
PLENARY = "Ratssaal (Plenum)"


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time on the first (0) or second (1) day of the upcoming edition, in Berlin."""
    date = UPCOMING_DAYS[day]
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=BERLIN)


SLOTS = {
    "opening": (_at(0, 9, 30), _at(0, 10, 30)),
    "workshops-1": (_at(0, 11), _at(0, 12, 30)),
    "workshops-2": (_at(0, 14), _at(0, 15, 30)),
    "funding-talk": (_at(0, 16), _at(0, 17)),
    "marketplace": (_at(1, 9, 30), _at(1, 11)),
    "closing": (_at(1, 11, 30), _at(1, 12, 30)),
}

# (full name (a role), affiliation)
SPEAKERS = {
    "funding": ("Demo Speaker Funding Instruments", "Service agency (demo)"),
    "water": ("Demo Speaker Water Utility", "Municipio ejemplo (Perú)"),
    "climate": ("Demo Speaker Climate Adaptation", "Musterstadt (Beispiel)"),
}


def _titles(de, en, fr, es) -> dict:
    return {"title_de": de, "title_en": en, "title_fr": fr, "title_es": es}


# (key, slot, room, kind, places, SDGs, speakers, titles)
SESSIONS = [
    (
        "opening",
        "opening",
        PLENARY,
        SessionKind.PLENARY,
        None,
        (11, 17),
        ("funding",),
        _titles(
            "Eröffnung und Leitfrage",
            "Opening and guiding question",
            "Ouverture et question directrice",
            "Apertura y pregunta guía",
        ),
    ),
    (
        "water",
        "workshops-1",
        "Raum Anden",
        SessionKind.WORKSHOP,
        40,
        (6, 11),
        ("water",),
        _titles(
            "Wasser in der Stadt: Versorgung und Abwasser",
            "Water in the city: supply and wastewater",
            "L'eau en ville : approvisionnement et assainissement",
            "El agua en la ciudad: abastecimiento y aguas residuales",
        ),
    ),
    (
        "adaptation",
        "workshops-1",
        "Raum Amazonas",
        SessionKind.WORKSHOP,
        40,
        (11, 13),
        ("climate",),
        _titles(
            "Klimaanpassung im Quartier",
            "Climate adaptation in neighbourhoods",
            "L'adaptation au climat dans les quartiers",
            "Adaptación climática en los barrios",
        ),
    ),
    (
        "youth",
        "workshops-1",
        "Raum Karibik",
        SessionKind.WORKSHOP,
        30,
        (4, 17),
        (),
        _titles(
            "Junge Menschen in kommunalen Partnerschaften",
            "Young people in municipal partnerships",
            "Les jeunes dans les partenariats municipaux",
            "La juventud en las asociaciones municipales",
        ),
    ),
    (
        "funding-workshop",
        "workshops-2",
        "Raum Anden",
        SessionKind.WORKSHOP,
        40,
        (17,),
        ("funding",),
        _titles(
            "Partnerschaftsprojekte finanzieren",
            "Funding partnership projects",
            "Financer des projets de partenariat",
            "Financiar proyectos de asociación",
        ),
    ),
    (
        "waste",
        "workshops-2",
        "Raum Amazonas",
        SessionKind.WORKSHOP,
        40,
        (11, 12),
        (),
        _titles(
            "Abfall- und Kreislaufwirtschaft",
            "Waste management and circular economy",
            "Gestion des déchets et économie circulaire",
            "Gestión de residuos y economía circular",
        ),
    ),
    (
        "participation",
        "workshops-2",
        "Raum Karibik",
        SessionKind.WORKSHOP,
        35,
        (16,),
        (),
        _titles(
            "Bürgerbeteiligung und gute Regierungsführung",
            "Citizen participation and good governance",
            "Participation citoyenne et bonne gouvernance",
            "Participación ciudadana y buen gobierno",
        ),
    ),
    (
        "funding-talk",
        "funding-talk",
        PLENARY,
        SessionKind.TALK,
        None,
        (17,),
        ("funding",),
        _titles(
            "Fachgespräch: Förderinstrumente für Kommunen",
            "Expert talk: funding instruments for municipalities",
            "Débat d'experts : instruments de financement pour les communes",
            "Charla de expertos: instrumentos de financiación para municipios",
        ),
    ),
    (
        "marketplace",
        "marketplace",
        PLENARY,
        SessionKind.PLENARY,
        None,
        (17,),
        (),
        _titles(
            "Markt der Partnerschaften",
            "Marketplace of partnerships",
            "Marché des partenariats",
            "Mercado de asociaciones",
        ),
    ),
    (
        "closing",
        "closing",
        PLENARY,
        SessionKind.PLENARY,
        None,
        (6, 11, 13),
        ("climate", "water"),
        _titles(
            "Ergebnisse und Ausblick",
            "Results and outlook",
            "Résultats et perspectives",
            "Resultados y perspectivas",
        ),
    ),
]

# Sample registration forms: (submission key, submitter's demo account, form fields, people).
# People are roles, never names; e-mail addresses are @example.org.
JOINT_KEY = "demo-latin-america-5-musterstadt-peru"


def _registration_forms(municipalities, organisations) -> list:
    musterstadt = municipalities[UPCOMING_HOST]
    peru = municipalities[UPCOMING_PARTNER]
    german = {
        "participant_type": ParticipantType.GERMAN_MUNICIPALITY,
        "municipality": musterstadt,
        "language": "de",
    }
    partner = {
        "participant_type": ParticipantType.PARTNER_MUNICIPALITY,
        "municipality": peru,
        "language": "es",
        "needs_visa_letter": True,
    }
    return [
        (
            JOINT_KEY,
            "municipality@example.org",
            {"german_municipality": musterstadt, "partner_municipality": peru},
            [
                {
                    **german,
                    "full_name": "Demo International Relations Office",
                    "email": "municipality@example.org",
                    "job_title": "Internationale Beziehungen",
                },
                {
                    **german,
                    "full_name": "Demo Member Musterstadt Environment Department",
                    "email": "environment.musterstadt@example.org",
                    "job_title": "Umweltamt",
                    "diet": Diet.VEGETARIAN,
                },
                {
                    **partner,
                    "full_name": "Demo Partner Delegate Planning Office (Perú)",
                    "email": "planning.peru@example.org",
                    "job_title": "Oficina de planificación",
                    "interpretation_language": "es",
                },
                {
                    **partner,
                    "full_name": "Demo Partner Delegate Water Utility (Perú)",
                    "email": "",
                    "job_title": "Empresa municipal de agua",
                    "accessibility_needs": "Step-free access to the rooms",
                },
            ],
        ),
        (
            "demo-latin-america-5-association",
            "association@example.org",
            {},
            [
                {
                    "participant_type": ParticipantType.CIVIL_SOCIETY,
                    "full_name": "Demo One-World Association Musterstadt",
                    "email": "association@example.org",
                    "language": "de",
                    "organisation": organisations["eine-welt-verein-musterstadt"],
                    "country": musterstadt.country,
                    "job_title": "Vorstand",
                    "diet": Diet.VEGAN,
                }
            ],
        ),
        (
            "demo-latin-america-5-speaker",
            "organiser@example.org",
            {},
            [
                {
                    "participant_type": ParticipantType.SPEAKER,
                    "full_name": SPEAKERS["funding"][0],
                    "email": "speaker.funding@example.org",
                    "language": "en",
                    "country": musterstadt.country,
                    "job_title": "Expert for funding instruments",
                }
            ],
        ),
    ]


# Workshop wishes: (registration name, workshop keys from the most wanted on).
PREFERENCES = [
    ("Demo International Relations Office", ("funding-workshop", "water", "participation")),
    ("Demo Member Musterstadt Environment Department", ("adaptation", "waste", "water")),
    ("Demo Partner Delegate Planning Office (Perú)", ("water", "adaptation", "funding-workshop")),
    ("Demo One-World Association Musterstadt", ("youth", "participation", "adaptation")),
]
GRANT_FOR = "Demo Partner Delegate Planning Office (Perú)"
GRANT_LINES = [
    (GrantCategory.TRAVEL, "Flight Lima – Frankfurt and back, rail to Musterstadt", "1450.00"),
    (GrantCategory.ACCOMMODATION, "Four nights", "380.00"),
    (GrantCategory.PER_DIEM, "Four days", "196.00"),
]


def _upcoming_edition(organiser) -> tuple[Edition, bool]:
    edition = Edition.objects.filter(series__slug=UPCOMING_SERIES, number=UPCOMING_NUMBER).first()
    if edition is not None:
        return edition, False
    now = timezone.now()
    edition = edition_create(
        series=ConferenceSeries.objects.get(slug=UPCOMING_SERIES),
        number=UPCOMING_NUMBER,
        host_municipality=Municipality.objects.get(slug=UPCOMING_HOST),
        place=Municipality.objects.get(slug=UPCOMING_HOST).name,
        status=EditionStatus.REGISTRATION_OPEN,
        parts=[part(UPCOMING_DAYS[0], UPCOMING_DAYS[1])],
        sdgs=SdgGoal.objects.filter(number__in=UPCOMING_SDGS),
        registration_opens_at=min(now, REGISTRATION_CLOSES - datetime.timedelta(days=1)),
        registration_closes_at=REGISTRATION_CLOSES,
        by=organiser,
        **UPCOMING_FIELDS,
    )
    return edition, True


def _programme(edition: Edition, organiser) -> dict:
    """Rooms, slots, speakers and sessions through `services.programme`; a rerun finds them."""
    rooms = {room.name: room for room in edition.rooms.all()}
    for name, seats, note in ROOMS:
        if name not in rooms:
            rooms[name] = services.room_create(
                edition=edition, by=organiser, name=name, capacity=seats, accessibility_note=note
            )
    slots = {}
    for key, (starts, ends) in SLOTS.items():
        slot = edition.time_slots.filter(starts_at=starts, ends_at=ends).first()
        slots[key] = slot or services.time_slot_create(
            edition=edition, by=organiser, starts_at=starts, ends_at=ends
        )
    speakers = {}
    for key, (name, affiliation) in SPEAKERS.items():
        speaker = edition.speakers.filter(full_name=name).first()
        speakers[key] = speaker or services.speaker_create(
            edition=edition, by=organiser, full_name=name, affiliation=affiliation
        )
    goals = SdgGoal.objects.in_bulk(field_name="number")
    sessions = {}
    for key, slot, room, kind, places, sdgs, by, titles in SESSIONS:
        session = ProgrammeSession.objects.filter(slot=slots[slot], room=rooms[room]).first()
        sessions[key] = session or services.session_create(
            edition=edition,
            by=organiser,
            kind=kind,
            slot=slots[slot],
            room=rooms[room],
            capacity=places,
            sdgs=[goals[number] for number in sdgs],
            speakers=[speakers[speaker] for speaker in by],
            **titles,
        )
    return {"sessions": sessions, "speakers": speakers}


def _sample_registrations(edition: Edition) -> dict:
    """Submit the sample forms through the registration service (a second run finds them)."""
    from partnerhub.accounts.demo import demo_account

    municipalities = Municipality.objects.in_bulk(
        [UPCOMING_HOST, UPCOMING_PARTNER], field_name="slug"
    )
    organisations = Organisation.objects.in_bulk(field_name="slug")
    consent = current_consent_text()
    registrations = {}
    for key, submitter, form, people in _registration_forms(municipalities, organisations):
        submitted = RegistrationGroup.objects.filter(edition=edition, submission_key=key)
        if not submitted.exists() and not edition.registration_is_open():
            continue  # loaded after registration closed: no new sample forms
        partnership = None
        if form.get("partner_municipality"):
            partnership = _sample_partnership(
                form["german_municipality"], form["partner_municipality"]
            )
        group = registration_submit(
            edition=edition,
            by=demo_account(submitter),
            submission_key=key,
            people=people,
            consent_text=consent,
            partnership=partnership,
            **form,
        )
        registrations.update({r.full_name: r for r in group.registrations.all()})
    return registrations


def _sample_partnership(german: Municipality, partner: Municipality) -> Partnership:
    """The invented partnership of the sample town with its sample partner in Peru."""
    existing = Partnership.objects.filter(german_municipality=german, partners=partner).first()
    if existing is not None:
        return existing
    return partnership_create(
        german_municipality=german,
        partners=[partner],
        kind=PartnershipKind.PROJECT,
        since_year=2019,
        descriptions={
            "en": "Invented sample partnership for the demo (water and climate adaptation)."
        },
        is_sample=True,
    )


def _preferences_and_grant(registrations: dict, sessions: dict) -> None:
    """Workshop wishes and a travel grant application, as the participants' links would send."""
    for name, wishes in PREFERENCES:
        registration = registrations.get(name)
        if registration is None or registration.workshop_preferences.exists():
            continue
        services.workshop_preferences_set(
            registration=registration,
            ranked_sessions=[sessions[key] for key in wishes],
            by=None,
            token=registration.access_token,
        )
    registration = registrations.get(GRANT_FOR)
    if (
        registration is None
        or TravelGrantApplication.objects.filter(registration=registration).exists()
    ):
        return
    services.travel_grant_apply(
        registration=registration,
        lines=[
            {"category": category, "description": description, "amount": Decimal(amount)}
            for category, description, amount in GRANT_LINES
        ],
        justification=(
            "The partner municipality has no budget for international travel; the delegate "
            "presents the joint water project in the workshop."
        ),
        by=registration.group.submitted_by,
        token=registration.access_token,
    )


def load_upcoming(report) -> None:
    from partnerhub.accounts.demo import demo_account

    organiser = demo_account("organiser@example.org")
    edition, created = _upcoming_edition(organiser)
    programme = _programme(edition, organiser)
    registrations = _sample_registrations(edition)
    speaker = programme["speakers"]["funding"]
    if speaker.registration_id is None and speaker.full_name in registrations:
        speaker.registration = registrations[speaker.full_name]
        speaker.full_clean()
        speaker.save(update_fields=["registration"])
    _preferences_and_grant(registrations, programme["sessions"])
    from .demo_assignment_runs import load_assignment_run

    load_assignment_run(report, edition, organiser)
    url = reverse("conferences:edition", args=[UPCOMING_SERIES, UPCOMING_NUMBER])
    report.line(
        f"upcoming edition: {edition.display_title}, {edition.dates_display}, registration "
        f"open ({'new' if created else 'existing'}): {url}"
    )
    report.line(
        f"  programme: {len(programme['sessions'])} sessions; sample registrations: "
        f"{len(registrations)} (log in as municipality@example.org to see Musterstadt's)"
    )
    delegate = registrations.get(GRANT_FOR)
    if delegate is not None:
        path = reverse("conferences:registration_by_token", args=[delegate.access_token])
        report.line(f"  a partner delegate's own page (no account needed): {path}")
