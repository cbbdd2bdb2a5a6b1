"""Demo part: the five conference series and every edition the seeds name (DOMAIN.md §1).

This is the real history, not invented data: each edition keeps the precision of
its dates, an open place stays open, and `source_note` records which source says
what where the brochure (seed 000) and the web page (seeds 001/002) disagree.
Host cities are real German cities (names only, no official key, no people); the
one invented record is a pending interest in hosting from the sample town.
"""

import datetime

from partnerhub.reference.models import Municipality, MunicipalityKind, SdgGoal

from .dates import DatePrecision
from .models import ConferenceSeries, Edition, EditionStatus, HostingInterest, SeriesKind
from .services import edition_create

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
