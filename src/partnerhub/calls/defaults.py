"""The defaults of a new call: the seven requirements of the 2026 topic call (seed 003).

Criteria 1–4 are judged by reviewers with a score; 5–7 are met or not, and the
data of a proposal decides them before anybody reads it (`AutoCheck`).
"""

from .models import SECTIONS, AutoCheck, CriterionKind, ThemeField

SCORED, PASS_FAIL = CriterionKind.SCORED, CriterionKind.PASS_FAIL

# (German title, English title, kind, auto check)
CRITERIA_2026 = (
    (
        "Multilateraler Fachaustausch mit interessierten deutschen und internationalen "
        "Kommunalakteuren, vor allem aus Partnerländern der deutschen Entwicklungszusammenarbeit",
        "A multilateral exchange with interested German and international municipal actors, "
        "mainly from partner countries of German development cooperation",
        SCORED,
        AutoCheck.NONE,
    ),
    (
        "Hohe entwicklungspolitische Relevanz für Kommunen in Deutschland und im globalen Süden",
        "High development-policy relevance for municipalities in Germany and the Global South",
        SCORED,
        AutoCheck.NONE,
    ),
    (
        "Thema und Know-how sind auf kommunaler Ebene angesiedelt",
        "The topic and know-how sit at municipal level",
        SCORED,
        AutoCheck.NONE,
    ),
    (
        "Innovativ, oder ermöglicht innovative Ansätze zur lokalen Umsetzung der Agenda 2030",
        "Innovative, or enables innovative approaches to implement the 2030 Agenda locally",
        SCORED,
        AutoCheck.NONE,
    ),
    (
        "Kommunalakteure aus mindestens zwei weiteren Ländern, darunter mindestens eines aus dem "
        "globalen Süden",
        "Municipal actors from at least two further countries, at least one of them from the "
        "Global South",
        PASS_FAIL,
        AutoCheck.PARTNER_COUNTRIES,
    ),
    (
        "Bereitschaft zur Teilnahme an Folgeaktivitäten",
        "Willingness to take part in follow-up activities",
        PASS_FAIL,
        AutoCheck.FOLLOW_UP,
    ),
    (
        "Das Thema bzw. das Engagement wird von der Kommune unterstützt",
        "The topic or engagement is supported by the municipality",
        PASS_FAIL,
        AutoCheck.MUNICIPAL_SUPPORT,
    ),
)

ALL_THEME_FIELDS = list(ThemeField.values)
GERMAN_MUNICIPAL_BODIES = ["city", "municipality", "district", "municipal_company"]
# About two pages of the form in all; each section gets a share.
SECTION_LIMITS = dict(zip(SECTIONS, (2500, 2000, 1500, 1500), strict=True))
TOTAL_LIMIT = 7000
