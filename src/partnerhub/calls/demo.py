"""Demo part: the Connective Cities topic call 2026 and what grew from it (DOMAIN.md §2).

* **The call** is the real one of seed 003: its facts exactly (deadline
  17 Feb 2026, German time, to the last second; selection by the end of
  February; events from May 2026; 2.5 days, 25–35 participants, English; the
  four theme fields; the seven requirements as the default criteria of
  `services.call_create`; the division of tasks), its prose in our own words,
  in German and English. The contact is a role and the programme's functional
  address; the person the seed names is never used. It is published and, today,
  closed.
* **Its proposals, reviews, decisions and learning process are invented**: four
  sample German municipal bodies (`reference.demo`) submit proposals, created
  and submitted through the services at moments before the deadline (the clock
  is set back with `unittest.mock.patch("django.utils.timezone.now")`, the way
  the tests do it). Two demo reviewers score them; "Demo Reviewer" acts for
  Beispielhausen and is therefore not assigned Beispielhausen's proposal (the
  conflict of interest shows). One proposal is selected, one is on the reserve
  list, one is not selected, each with its reason; one is still undecided. The
  selected one becomes a learning process with its dialogue event in June 2026
  in the host town, about 30 nominated and selected participants ("Demo
  Participant 1" …, no e-mail addresses), a partly ticked division-of-tasks
  checklist and two follow-up activities.
* **Past learning processes 2014–2025 are invented placeholders**, not the real
  events: 29 dialogue events in 13 invented sample German host municipalities,
  so that the figure the platform computes from its data for the 2026 call
  ("since 2014: 29 dialogue events in 13 German municipalities", seed 003)
  comes out as the seed states it. Their titles, dates and hosts are made up;
  each says so in its summary and is marked `is_sample`.
* **An open sample call** (deadline a few months ahead) to try the form, with a
  draft of Musterstadt (log in as municipality@example.org).

Idempotent: every record is looked up by its natural key first and written
only when missing, so a second run changes nothing.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone

from partnerhub.accounts.models import Membership
from partnerhub.accounts.predicates import forget_memberships, has_conflict_of_interest
from partnerhub.reference.models import Country, Municipality, MunicipalityKind, SdgGoal

from . import services
from .models import (
    Call,
    Decision,
    DialogueEvent,
    FollowUpKind,
    LearningProcess,
    ParticipantStatus,
    Proposal,
    ProposalStatus,
    ReviewAssignment,
    ThemeField,
)

BERLIN = ZoneInfo("Europe/Berlin")


def _berlin(year, month, day, hour=0, minute=0, second=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


@contextmanager
def _clock(moment: datetime.datetime) -> Iterator[None]:
    """Let the services (and auto timestamps) believe it is `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


# --- The call of seed 003 ---------------------------------------------------------------

CALL_SLUG = "connective-cities-themenaufruf-2026"
DEADLINE = _berlin(2026, 2, 17, 23, 59, 59)
SELECTION_BY = datetime.date(2026, 2, 28)
EVENTS_FROM = datetime.date(2026, 5, 1)
PUBLISHED_AT = _berlin(2026, 1, 12, 9, 0)  # invented: when the demo organiser entered it
CONTACT = (
    "Connective Cities, Servicestelle Kommunen in der Einen Welt (Engagement Global): "
    "Connective-Cities@engagement-global.de"
)

TITLE_DE = "Connective Cities: Themenaufruf 2026"
TITLE_EN = "Connective Cities: call for topic proposals 2026"

TEXT_DE = """\
Werden Sie gastgebende Kommune eines Connective Cities Lernprozesses!

Connective Cities, die internationale Community of Practice für nachhaltige Kommunalentwicklung, \
fördert den fachlichen Austausch zwischen kommunalen Akteuren. Kommunale Fachleute aus \
Deutschland und dem globalen Süden beraten sich kollegial und stärken sich gegenseitig bei den \
Herausforderungen nachhaltiger Entwicklung und kommunaler Daseinsvorsorge. Dafür entstehen \
einjährige Lernprozesse zu entwicklungspolitisch relevanten Themen: Jeder beginnt mit einer \
internationalen Dialogveranstaltung, auf die Folgeaktivitäten folgen, etwa Fachaustauschreisen, \
Projektworkshops oder virtuelle Austauschformate.

Eingeladen sind Städte, Gemeinden, Landkreise und kommunale Unternehmen aus Deutschland, die sich \
entwicklungspolitisch engagieren und eine internationale Dialogveranstaltung mit Kommunen oder \
kommunalen Unternehmen aus dem globalen Süden und aus Deutschland ausrichten möchten. Reichen Sie \
Ihren Themenvorschlag ein!

Die Dialogveranstaltung
– Dauer: 2,5 Tage
– Größe: 25–35 Teilnehmende; Arbeitssprache ist Englisch
– Herkunft der kommunalen Fachleute: Deutschland, Länder des globalen Südens, andere \
Industrieländer
– Themenfelder: Integrierte Stadtentwicklung (z. B. Klimaresilienz); Kommunale Dienstleistungen \
(z. B. Abfall); Good Urban Governance (z. B. Inklusion, Digitalisierung); Lokale \
Wirtschaftsentwicklung (z. B. Startups)

Kosten
Die Servicestelle Kommunen in der Einen Welt (SKEW) von Engagement Global führt als eine der \
Durchführungsorganisationen von Connective Cities die Lernprozesse in Deutschland gemeinsam mit \
den ausgewählten Gastgebern durch. Sie übernimmt die Veranstaltungs- und Reisekosten der deutschen \
und internationalen Teilnehmenden und die logistische Vorbereitung der Dialogveranstaltung; auch \
die Kosten der Folgeaktivitäten trägt Connective Cities. Die gastgebende Kommune bzw. das \
gastgebende kommunale Unternehmen bestimmt das fachliche Thema und bringt eigene Erfahrungen und \
Expertise aktiv ein. Außer den Kosten für das eigene Personal entstehen den Gastgebenden keine \
Kosten. Erwartet wird die Bereitschaft, sich über die Dialogveranstaltung hinaus an \
praxisrelevanten Folgeaktivitäten zu beteiligen.

Aufgabenteilung
Die gastgebende Kommune bzw. das gastgebende Unternehmen
– ist Gastgeberin der Dialogveranstaltung;
– benennt eine verantwortliche Ansprechperson aus der Kommunalverwaltung bzw. dem kommunalen \
Unternehmen;
– bringt eigene Fachexpertise in die Vorbereitung und eigene Erfahrungen aus der kommunalen Praxis \
in den Austausch ein;
– bringt nach Wunsch eigene internationale Kontakte ein;
– stellt nach Möglichkeit die Veranstaltungsräume bereit.
Connective Cities
– übernimmt die gesamte Logistik der Veranstaltung und das Teilnehmendenmanagement;
– gewinnt deutsche und internationale kommunale Expertinnen und Experten über die Netzwerke der \
Servicestelle Kommunen in der Einen Welt, der GIZ und der deutschen Kommunalverbände;
– trägt die Kosten der Veranstaltung einschließlich der Tagungskosten und der Reisekosten der \
aktiven Teilnehmenden.

Anforderungen an die Themenvorschläge
1. Ziel ist ein multilateraler Fachaustausch mit einer Gruppe interessierter deutscher und \
internationaler Kommunalakteure, vor allem aus Partnerländern der deutschen internationalen \
Entwicklungszusammenarbeit.
2. Das Thema ist für Kommunen und kommunale Unternehmen in Deutschland und im globalen Süden \
entwicklungspolitisch hoch relevant.
3. Thema und fachliches Know-how liegen vor allem auf kommunaler Ebene. Mögliche Schwerpunkte: \
Klima und Nachhaltigkeit, integrierte Stadtentwicklung, kommunale Dienstleistungen, Good Urban \
Governance, lokale Wirtschaftsentwicklung.
4. Das Thema ist innovativ und/oder hilft, innovative Ansätze und Lösungen für die Umsetzung der \
Agenda 2030 vor Ort zu entwickeln und zu verbreiten.
5. Die Bewerbenden schlagen Kommunalakteure aus mindestens zwei weiteren Ländern für den \
Austausch vor, darunter mindestens ein Land des globalen Südens.
6. Erwartet wird die Bereitschaft, sich über die Dialogveranstaltung hinaus an Folgeaktivitäten \
zu beteiligen (z. B. Fachaustauschreisen, Projektworkshops, virtuelle Formate).
7. Das Thema bzw. das Engagement wird von der Kommune unterstützt.

Inhalt des Vorschlags (höchstens zwei Seiten, gemäß Antragsformular)
1. das fachliche Thema und seine Hintergründe (Herausforderungen, Chancen);
2. was Sie aus dem Erfahrungsaustausch lernen möchten und was Sie einbringen können;
3. welchen Beitrag der Vorschlag zur Wissensvermittlung und zum Kompetenzerwerb der teilnehmenden \
internationalen und deutschen Kommunen leisten kann;
4. gegebenenfalls weitere Ziele des Austauschs, zum Beispiel Lösungsansätze für eine lokale \
Herausforderung.

Frist und Zeitplan
Vorschläge können bis zum 17. Februar 2026 (deutsche Zeit) eingereicht werden. Connective Cities \
bewertet sie anhand der genannten Anforderungen, wählt die Themen bis Ende Februar aus und \
informiert die Bewerbenden. Dialogveranstaltungen zu Themen aus diesem Aufruf können \
voraussichtlich ab Mai 2026 stattfinden.
"""

TEXT_EN = """\
Host a Connective Cities learning process!

Connective Cities, the international community of practice for sustainable urban development, \
supports the exchange of expertise between municipal actors. Municipal practitioners from \
Germany and the Global South advise one another as peers on the challenges of sustainable \
development and of municipal services of general interest. To this end, Connective Cities runs \
one-year learning processes on topics relevant to development policy: each starts with an \
international dialogue event and continues with follow-up activities such as expert exchange \
trips, project workshops or virtual exchange formats.

German cities, municipalities, districts and municipal companies that want to engage in \
development cooperation and host an international dialogue event with municipalities or \
municipal companies from the Global South and from Germany are invited to submit a topic \
proposal.

The dialogue event
– Duration: 2.5 days
– Size: 25–35 participants; the working language is English
– Where the municipal experts come from: Germany, countries of the Global South, other \
industrialised countries
– Theme fields: integrated urban development (e.g. climate resilience); municipal services \
(e.g. waste); good urban governance (e.g. inclusion, digitalisation); local economic development \
(e.g. start-ups)

Costs
The Service Agency Communities in One World (SKEW) of Engagement Global, one of the implementing \
organisations of Connective Cities, runs the learning processes in Germany together with the \
selected hosts. It bears the event and travel costs of the German and international participants \
and prepares the logistics of the dialogue event; Connective Cities also bears the costs of the \
follow-up activities. The host municipality or municipal company sets the topic of the exchange \
and contributes its own experience and expertise. Apart from the cost of its own staff, hosting \
costs nothing. Hosts are expected to take part in practical follow-up activities beyond the \
dialogue event.

Division of tasks
The host municipality or company
– acts as host of the dialogue event;
– names one responsible contact person in its administration or company;
– brings its own expertise into the preparation and its own municipal practice into the exchange;
– brings in its own international contacts if it wishes;
– provides the venue if possible.
Connective Cities
– handles all logistics of the event and the management of participants;
– recruits German and international municipal experts through the networks of the Service \
Agency Communities in One World, GIZ and the German associations of local authorities;
– bears the costs of the event, including the venue and the travel of active participants.

Requirements for topic proposals
1. The aim is a multilateral exchange with a group of interested German and international \
municipal actors, mainly from partner countries of German development cooperation.
2. The topic is highly relevant to development policy for municipalities and municipal companies \
in Germany and the Global South.
3. The topic and the know-how sit mainly at municipal level. Possible focuses: climate and \
sustainability, integrated urban development, municipal services, good urban governance, local \
economic development.
4. The topic is innovative and/or helps to develop and spread innovative approaches and solutions \
for implementing the 2030 Agenda locally.
5. The applicant proposes municipal actors from at least two further countries for the exchange, \
at least one of them from the Global South.
6. Applicants are willing to take part in follow-up activities beyond the dialogue event (e.g. \
expert exchange trips, project workshops, virtual formats).
7. The topic or engagement is supported by the municipality.

What the proposal contains (at most two pages, following the application form)
1. the topic and its background (challenges, opportunities);
2. what you want to learn from the exchange and what you can contribute;
3. how the proposal contributes to knowledge transfer and competence building for the \
participating international and German municipalities;
4. any further goals of the exchange, for example solutions for a local challenge.

Deadline and timetable
Proposals can be submitted until 17 February 2026 (German time). Connective Cities assesses them \
against the requirements above, selects the topics by the end of February and informs the \
applicants. Dialogue events on topics from this call can probably take place from May 2026.
"""

# --- Sample proposals (invented) --------------------------------------------------------

LONG_AGO = datetime.date(2025, 1, 1)  # demo memberships count from here (see _members_since)
# (demo account, municipality) whose membership the steps below rely on, back in 2026.
MEMBERS = [
    ("municipality@example.org", "musterstadt"),
    ("beispielhausen@example.org", "beispielhausen"),
    ("district@example.org", "landkreis-musterland"),
    ("company@example.org", "abfallwirtschaft-musterland"),
    ("reviewer@example.org", "beispielhausen"),  # the reviewer's conflict of interest
]

# key: (applicant slug, submitter, created, submitted, fields, actors, SDGs)
# actors: (municipality slug or None, name, country, contact role)
PROPOSALS = {
    "heat": (
        "musterstadt",
        "municipality@example.org",
        _berlin(2026, 2, 3, 10, 15),
        _berlin(2026, 2, 12, 14, 5),
        {
            "title": "Kühle Quartiere: kommunale Hitzeaktionspläne gemeinsam entwickeln",
            "theme_field": ThemeField.INTEGRATED_URBAN_DEVELOPMENT,
            "climate_focus": True,
            "topic_background": (
                "Hitzeperioden werden länger und belasten vor allem dicht bebaute Quartiere und "
                "ältere Menschen. Musterstadt hat 2024 einen Hitzeaktionsplan beschlossen, die "
                "Umsetzung in den Quartieren steht am Anfang. Partnerstädte im globalen Süden "
                "kennen extreme Hitze seit Langem und haben eigene, oft kostengünstige Lösungen."
            ),
            "learning_and_contribution": (
                "Wir möchten lernen, wie Kommunen Frühwarnung, Trinkwasserstellen und kühle Orte "
                "mit wenig Geld organisieren. Wir bringen unsere Hitzekarte, das Verfahren mit "
                "Pflegediensten und Erfahrungen mit der Entsiegelung von Schulhöfen ein."
            ),
            "knowledge_transfer": (
                "Praxisbesuche in zwei Quartieren, Arbeitsgruppen zu Frühwarnung und Grünflächen, "
                "ein gemeinsamer Werkzeugkasten, den alle Teilnehmenden nutzen können."
            ),
            "further_goals": (
                "Zwei Pilotprojekte mit Partnerkommunen im Folgejahr, z. B. kühle Wartebereiche an "
                "Busbahnhöfen."
            ),
            "commits_to_follow_up": True,
            "has_municipal_support": True,
            "contact_role": "Leitung der Stabsstelle Klimaanpassung",
        },
        [
            ("sample-city-ghana", "", "GH", "Head of urban planning"),
            ("municipio-ejemplo-peru", "", "PE", "Environmental management office"),
            (None, "Beispielgemeinde (Österreich)", "AT", "Climate adaptation officer"),
        ],
        [3, 11, 13],
    ),
    "participation": (
        "beispielhausen",
        "beispielhausen@example.org",
        _berlin(2026, 2, 9, 8, 40),
        _berlin(2026, 2, 16, 9, 30),
        {
            "title": "Digitale Bürgerbeteiligung in kleinen Gemeinden",
            "theme_field": ThemeField.GOOD_URBAN_GOVERNANCE,
            "climate_focus": False,
            "topic_background": (
                "Kleine Gemeinden haben wenig Personal für Beteiligung, viele Menschen erreichen "
                "wir mit Versammlungen nicht mehr. Digitale Werkzeuge helfen, schließen aber "
                "Menschen ohne Zugang aus."
            ),
            "learning_and_contribution": (
                "Wir lernen von Partnerkommunen, die mit SMS und Radio beteiligen, und bringen "
                "unsere Beteiligungsplattform und den Bürgerhaushalt ein."
            ),
            "knowledge_transfer": "Ein Leitfaden für inklusive digitale Beteiligung.",
            "further_goals": "Ein gemeinsames Pilotverfahren zum Haushalt 2027.",
            "commits_to_follow_up": True,
            "has_municipal_support": True,
            "contact_role": "Hauptamt, Sachgebiet Digitalisierung",
        },
        [
            ("sample-hromada-ukraine", "", "UA", "Deputy head for digital services"),
            ("commune-exemple-burkina-faso", "", "BF", "Secrétariat général"),
            (None, "Sample Town (Netherlands)", "NL", "Participation team"),
        ],
        [16, 11],
    ),
    "start-ups": (
        "landkreis-musterland",
        "district@example.org",
        _berlin(2026, 2, 10, 16, 0),
        _berlin(2026, 2, 17, 23, 41),
        {
            "title": "Gründungen im ländlichen Raum fördern",
            "theme_field": ThemeField.LOCAL_ECONOMIC_DEVELOPMENT,
            "climate_focus": False,
            "topic_background": (
                "Junge Menschen ziehen in die Städte, Betriebe finden keine Nachfolge. Der "
                "Landkreis will Gründungen in den Dörfern stärken."
            ),
            "learning_and_contribution": (
                "Wir möchten von Gründungszentren in Partnerregionen lernen und bringen unser "
                "Coworking-Netz in leer stehenden Läden ein."
            ),
            "knowledge_transfer": "Fallstudien und ein Austausch zwischen Gründerinnen.",
            "further_goals": "Offen.",
            "commits_to_follow_up": False,
            "has_municipal_support": True,
            "contact_role": "Amt für Wirtschaftsförderung",
        },
        [
            ("sample-city-viet-nam", "", "VN", "Department of planning and investment"),
            ("ciudad-ejemplo-bolivia", "", "BO", "Oficina de desarrollo económico"),
        ],
        [8, 9],
    ),
    "waste": (
        "abfallwirtschaft-musterland",
        "company@example.org",
        _berlin(2026, 2, 2, 11, 0),
        _berlin(2026, 2, 13, 11, 20),
        {
            "title": "Wertstoffhöfe und informeller Sektor: Kreislaufwirtschaft vor Ort",
            "theme_field": ThemeField.MUNICIPAL_SERVICES,
            "climate_focus": True,
            "topic_background": (
                "Sammelquoten stagnieren, Fehlwürfe verteuern das Recycling. In Partnerstädten "
                "leisten informelle Sammlerinnen und Sammler einen großen Teil der Arbeit."
            ),
            "learning_and_contribution": (
                "Wir lernen, wie Kommunen informelle Sammelnde einbinden, und zeigen unsere "
                "Wertstoffhöfe, Gebührenmodelle und Bildungsarbeit."
            ),
            "knowledge_transfer": "Betriebsbesuche, Arbeitsgruppen zu Gebühren und Inklusion.",
            "further_goals": "Eine Lernpartnerschaft zweier Betriebe.",
            "commits_to_follow_up": True,
            "has_municipal_support": True,
            "contact_role": "Geschäftsführung, Bereich Kommunikation",
        },
        [
            ("sample-municipality-tanzania", "", "TZ", "Solid waste department"),
            ("sample-city-south-africa", "", "ZA", "Waste management unit"),
            (None, "Sample Waste Utility (France)", "FR", "International relations"),
        ],
        [6, 11, 12],
    ),
}

REVIEWERS = ("reviewer@example.org", "reviewer2@example.org")
ASSIGNED_AT = _berlin(2026, 2, 18, 9, 0)
REVIEWED_AT = _berlin(2026, 2, 24, 17, 0)
DECIDED_AT = _berlin(2026, 2, 27, 15, 0)

# (proposal, reviewer): scores of criteria 1–4, submitted?, overall comment
REVIEWS = {
    ("heat", "reviewer@example.org"): ((5, 5, 4, 4), True, "Strong topic, clear host role."),
    ("heat", "reviewer2@example.org"): ((4, 5, 5, 4), True, "Very relevant; good partners."),
    ("participation", "reviewer2@example.org"): ((4, 4, 4, 5), True, "Innovative; small host."),
    ("start-ups", "reviewer@example.org"): ((3, 3, 4, 3), True, "No follow-up commitment."),
    ("start-ups", "reviewer2@example.org"): ((2, 3, 4, 3), True, "Goals still vague."),
    ("waste", "reviewer2@example.org"): ((4, 4, 5, 3), True, "Solid, practical exchange."),
    ("waste", "reviewer@example.org"): ((4, 4, None, None), False, ""),
}

DECISIONS = {
    "heat": (
        Decision.SELECTED,
        "Höchste Bewertung: hohe entwicklungspolitische Relevanz, starke Partner aus Ghana und "
        "Peru, klare Beiträge der Gastgeberin und Zusagen zu Folgeaktivitäten.",
    ),
    "participation": (
        Decision.RESERVE,
        "Innovatives Thema mit guter Bewertung; Nachrückplatz, falls ein ausgewähltes Thema nicht "
        "umgesetzt werden kann.",
    ),
    "start-ups": (
        Decision.REJECTED,
        "Die Bereitschaft zu Folgeaktivitäten fehlt (Anforderung 6), die Ziele des Austauschs "
        "sind noch offen.",
    ),
}

# The learning process of the selected proposal.
EVENT_DAY = datetime.date(2026, 6, 9)
PROCESS_CREATED_AT = _berlin(2026, 3, 9, 10, 0)
NOMINATED_AT = _berlin(2026, 4, 20, 10, 0)
# (country, municipality slug or "", institution, function, status)
S, N, X = ParticipantStatus.SELECTED, ParticipantStatus.NOMINATED, ParticipantStatus.NOT_SELECTED
PARTICIPANTS = [
    *[("DE", "musterstadt", "", "Climate adaptation team", S)] * 4,
    ("DE", "beispielhausen", "", "Building authority", S),
    ("DE", "landkreis-musterland", "", "Public health office", S),
    ("DE", "abfallwirtschaft-musterland", "", "Operations", S),
    ("DE", "", "Sample City Utility (Germany)", "Water supply", S),
    ("DE", "", "Sample Association of Towns (Germany)", "Climate advisor", S),
    ("DE", "", "Sample Town (Germany)", "Urban green spaces", S),
    ("DE", "", "Sample District (Germany)", "Civil protection", N),
    ("GH", "sample-city-ghana", "", "Urban planning", S),
    ("GH", "sample-city-ghana", "", "Disaster management", S),
    ("TZ", "sample-municipality-tanzania", "", "Environment", S),
    ("TZ", "sample-municipality-tanzania", "", "Health", S),
    ("BF", "commune-exemple-burkina-faso", "", "Services techniques", S),
    ("BO", "ciudad-ejemplo-bolivia", "", "Planificación urbana", S),
    ("PE", "municipio-ejemplo-peru", "", "Gestión ambiental", S),
    ("PE", "municipio-ejemplo-peru", "", "Gestión de riesgos", S),
    ("VN", "sample-city-viet-nam", "", "Construction department", S),
    ("VN", "sample-city-viet-nam", "", "Natural resources", S),
    ("UA", "sample-hromada-ukraine", "", "Communal services", S),
    ("KE", "", "Sample County (Kenya)", "Climate change unit", S),
    ("IN", "", "Sample City (India)", "Heat action plan cell", X),
    ("FR", "", "Sample City (France)", "Ecological transition", S),
    ("NL", "", "Sample Town (Netherlands)", "Climate adaptation", S),
    ("AT", "", "Beispielgemeinde (Österreich)", "Climate adaptation officer", S),
    ("ES", "", "Ciudad ejemplo (España)", "Medio ambiente", S),
    ("SE", "", "Sample Municipality (Sweden)", "Urban planning", S),
    # Chile left the DAC list with 2018 flows: an industrialised country here, not the South.
    ("CL", "", "Ciudad ejemplo (Chile)", "Medio ambiente", S),
    ("PL", "", "Sample City (Poland)", "Urban planning", S),
]
# Tasks ticked (by the host's member or the organiser), by their position in the checklist.
TASKS_DONE = {
    1: ("municipality@example.org", _berlin(2026, 3, 16, 9, 0)),  # contact person named
    2: ("municipality@example.org", _berlin(2026, 4, 28, 9, 0)),  # expertise in preparation
    5: ("municipality@example.org", _berlin(2026, 4, 2, 9, 0)),  # venue
    6: ("organiser@example.org", _berlin(2026, 3, 20, 9, 0)),  # logistics
    7: ("organiser@example.org", _berlin(2026, 4, 15, 9, 0)),  # experts recruited
}
FOLLOW_UPS = [
    (
        FollowUpKind.VIRTUAL,
        "Online exchange: first results of the neighbourhood heat plans",
        datetime.date(2026, 9, 22),
        None,
        "online",
        "Musterstadt, Sample Partner City (Ghana), Municipio ejemplo (Perú): climate and "
        "health units",
    ),
    (
        FollowUpKind.EXCHANGE_TRIP,
        "Expert exchange trip: cool waiting areas at bus stations",
        datetime.date(2027, 3, 15),
        datetime.date(2027, 3, 19),
        "Sample Partner City (Ghana)",
        "Musterstadt (climate adaptation, mobility), Sample Partner City (Ghana) (urban planning)",
    ),
]

# --- Past learning processes: invented placeholders for the seed's totals ----------------

# Invented sample German hosts of the past processes (besides those of reference.demo).
PAST_HOSTS = [
    ("musterhafen", "Musterhafen (Beispiel)", MunicipalityKind.CITY),
    ("beispielburg", "Beispielburg (Beispiel)", MunicipalityKind.CITY),
    ("musterberg", "Musterberg (Beispiel)", MunicipalityKind.CITY),
    ("beispielfeld", "Beispielfeld (Beispiel)", MunicipalityKind.MUNICIPALITY),
    ("beispieltal", "Beispieltal (Beispiel)", MunicipalityKind.MUNICIPALITY),
    ("musterau", "Musterau (Beispiel)", MunicipalityKind.MUNICIPALITY),
    ("beispielstedt", "Beispielstedt (Beispiel)", MunicipalityKind.CITY),
    ("landkreis-beispielland", "Landkreis Beispielland (Beispiel)", MunicipalityKind.DISTRICT),
    (
        "stadtwerke-beispielburg",
        "Stadtwerke Beispielburg (Beispiel)",
        MunicipalityKind.MUNICIPAL_COMPANY,
    ),
]
URBAN, SERVICES, GOVERNANCE, ECONOMY = (
    ThemeField.INTEGRATED_URBAN_DEVELOPMENT,
    ThemeField.MUNICIPAL_SERVICES,
    ThemeField.GOOD_URBAN_GOVERNANCE,
    ThemeField.LOCAL_ECONOMIC_DEVELOPMENT,
)
# (first day of the dialogue event, host slug, theme field, title): 29 events, 13 hosts.
PAST_EVENTS = [
    (datetime.date(2014, 10, 14), "musterstadt", URBAN, "Integrated neighbourhood development"),
    (datetime.date(2015, 5, 19), "beispielburg", SERVICES, "Municipal waste separation"),
    (datetime.date(2015, 11, 10), "musterhafen", URBAN, "Port cities and climate risks"),
    (datetime.date(2016, 4, 12), "beispielhausen", GOVERNANCE, "Citizen participation in planning"),
    (
        datetime.date(2016, 6, 21),
        "stadtwerke-beispielburg",
        SERVICES,
        "Energy-efficient public lighting",
    ),
    (datetime.date(2016, 10, 18), "musterberg", ECONOMY, "Local business development agencies"),
    (datetime.date(2017, 3, 14), "landkreis-musterland", ECONOMY, "Rural value chains"),
    (datetime.date(2017, 6, 13), "musterstadt", GOVERNANCE, "Integrating newcomers at local level"),
    (datetime.date(2017, 11, 7), "beispielfeld", URBAN, "Compact small towns"),
    (
        datetime.date(2018, 4, 17),
        "abfallwirtschaft-musterland",
        SERVICES,
        "Organic waste and compost",
    ),
    (datetime.date(2018, 9, 11), "beispieltal", URBAN, "Managing heavy rain"),
    (datetime.date(2018, 11, 13), "musterhafen", SERVICES, "Wastewater and water reuse"),
    (datetime.date(2019, 3, 19), "musterau", GOVERNANCE, "Transparent municipal budgets"),
    (datetime.date(2019, 6, 25), "beispielstedt", ECONOMY, "Start-ups and municipal economies"),
    (datetime.date(2019, 10, 8), "landkreis-beispielland", URBAN, "Regional mobility"),
    (datetime.date(2020, 10, 20), "beispielburg", GOVERNANCE, "Digital municipal services"),
    (datetime.date(2021, 6, 15), "musterstadt", URBAN, "Green and blue infrastructure"),
    (
        datetime.date(2021, 10, 12),
        "stadtwerke-beispielburg",
        SERVICES,
        "Municipal energy utilities",
    ),
    (datetime.date(2022, 3, 22), "musterberg", GOVERNANCE, "Inclusive public spaces"),
    (datetime.date(2022, 6, 14), "beispielhausen", ECONOMY, "Local food systems"),
    (datetime.date(2022, 10, 11), "beispielfeld", SERVICES, "Sustainable public procurement"),
    (datetime.date(2023, 3, 21), "beispieltal", URBAN, "Climate-resilient housing"),
    (datetime.date(2023, 6, 20), "musterau", GOVERNANCE, "Open data in small towns"),
    (datetime.date(2023, 10, 17), "abfallwirtschaft-musterland", SERVICES, "Circular economy hubs"),
    (datetime.date(2024, 4, 16), "beispielstedt", ECONOMY, "Tourism and local economies"),
    (datetime.date(2024, 6, 18), "landkreis-beispielland", GOVERNANCE, "Disaster risk management"),
    (datetime.date(2024, 10, 15), "landkreis-musterland", URBAN, "Villages and climate protection"),
    (datetime.date(2025, 5, 13), "musterhafen", ECONOMY, "Blue economy"),
    (datetime.date(2025, 10, 14), "beispielburg", URBAN, "Urban heat and health"),
]
PAST_SUMMARY = (
    "Invented placeholder for the demo: reproduces the totals of seed 003 (since 2014, 29 "
    "dialogue events in 13 German municipalities), not the real event."
)
FIGURES_SINCE = datetime.date(2014, 1, 1)

# --- The open sample call ---------------------------------------------------------------

OPEN_SLUG = "beispielaufruf-2027"
OPEN_DEADLINE_DAY = datetime.date(2027, 3, 31)


def _open_deadline() -> datetime.datetime:
    """End of March 2027; four months ahead when the demo is loaded too late for that."""
    today = timezone.localdate()
    day = OPEN_DEADLINE_DAY
    if today + datetime.timedelta(days=30) > day:
        day = today + datetime.timedelta(days=120)
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=BERLIN)


OPEN_DRAFT = {
    "title": "Schwammstadt: Regenwasser im Quartier halten",
    "theme_field": ThemeField.INTEGRATED_URBAN_DEVELOPMENT,
    "climate_focus": True,
    "topic_background": (
        "Starkregen überlastet die Kanalisation in der Altstadt. Wir möchten Regenwasser "
        "dort halten, wo es fällt: in Mulden, auf Dächern und unter Straßenbäumen."
    ),
    "learning_and_contribution": "Wir bringen unser Versickerungskataster ein.",
    "contact_role": "Tiefbauamt, Abteilung Stadtentwässerung",
}


# --- Loading ----------------------------------------------------------------------------


def load(report) -> None:
    from partnerhub.accounts.demo import demo_account

    organiser = demo_account("organiser@example.org")
    for email, slug in MEMBERS:
        _members_since(demo_account(email), Municipality.objects.get(slug=slug))
    call = _topic_call_2026(organiser)
    proposals = _proposals(call, demo_account)
    _reviews(proposals, organiser, demo_account)
    _decisions(proposals, organiser)
    process = _learning_process(proposals["heat"], organiser, demo_account)
    _past_processes()
    open_call, draft = _open_call(organiser, demo_account)
    _report(report, call, proposals, process, open_call, draft)


def _topic_call_2026(organiser) -> Call:
    call = Call.objects.filter(slug=CALL_SLUG).first()
    if call is None:
        with _clock(PUBLISHED_AT):
            call = services.call_create(
                by=organiser,
                slug=CALL_SLUG,
                title_de=TITLE_DE,
                title_en=TITLE_EN,
                text_de=TEXT_DE,
                text_en=TEXT_EN,
                deadline=DEADLINE,
                selection_by=SELECTION_BY,
                events_from=EVENTS_FROM,
                contact=CONTACT,
                is_published=True,
            )
    return call


def _members_since(person, municipality: Municipality) -> None:
    """Demo memberships start the day they are created; date them back before the call.

    The services check memberships on the (set back) day of each step, so the
    applicants and the conflicted reviewer must have been members then.
    """
    Membership.objects.filter(person=person, municipality=municipality, since__gt=LONG_AGO).update(
        since=LONG_AGO
    )
    forget_memberships(person)


def _actors(rows) -> list[dict]:
    countries = Country.objects.in_bulk({country for _slug, _name, country, _role in rows})
    municipalities = Municipality.objects.in_bulk(
        {slug for slug, *_rest in rows if slug}, field_name="slug"
    )
    return [
        {
            "municipality": municipalities[slug] if slug else None,
            "name": name,
            "country": countries[country],
            "contact_role": role,
        }
        for slug, name, country, role in rows
    ]


def _proposals(call: Call, demo_account) -> dict[str, Proposal]:
    proposals = {}
    for key, (slug, email, created, submitted, fields, actors, sdgs) in PROPOSALS.items():
        municipality = Municipality.objects.get(slug=slug)
        proposal = Proposal.objects.filter(call=call, municipality=municipality).first()
        if proposal is None:
            person = demo_account(email)
            with _clock(created):
                proposal = services.proposal_create(
                    call=call,
                    municipality=municipality,
                    by=person,
                    sdgs=list(SdgGoal.objects.filter(number__in=sdgs)),
                    actors=_actors(actors),
                    **fields,
                )
            with _clock(submitted):
                proposal = services.proposal_submit(proposal=proposal, by=person)
        proposals[key] = proposal
    return proposals


def _reviews(proposals: dict[str, Proposal], organiser, demo_account) -> None:
    reviewers = {email: demo_account(email) for email in REVIEWERS}
    for (key, email), (scores, submit, comment) in REVIEWS.items():
        proposal, reviewer = proposals[key], reviewers[email]
        forget_memberships(reviewer)
        if has_conflict_of_interest(reviewer, proposal.municipality):
            continue  # never assigned: the reviewer acts for the applicant
        assignment = ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).first()
        if assignment is None:
            with _clock(ASSIGNED_AT):
                assignment = services.review_assign(
                    proposal=proposal, reviewer=reviewer, by=organiser
                )
        if assignment.is_submitted or assignment.scores.exists():
            continue
        values = {}
        for criterion in proposal.call.criteria.all():
            if criterion.is_scored:
                score = scores[criterion.number - 1]
                values[criterion.pk] = {"score": score} if score is not None else {}
            elif submit:
                values[criterion.pk] = {"passed": services.auto_check(criterion, proposal)}
        with _clock(REVIEWED_AT):
            services.review_save(
                assignment=assignment,
                by=reviewer,
                scores=values,
                overall_comment=comment,
                submit=submit,
            )


def _decisions(proposals: dict[str, Proposal], organiser) -> None:
    for key, (decision, reason) in DECISIONS.items():
        proposal = Proposal.objects.get(pk=proposals[key].pk)
        if proposal.decision:
            continue
        with _clock(DECIDED_AT):
            proposals[key] = services.proposal_decide(
                proposal=proposal, decision=decision, reason=reason, by=organiser
            )


def _learning_process(proposal: Proposal, organiser, demo_account) -> LearningProcess:
    process = LearningProcess.objects.filter(proposal=proposal).first()
    if process is None:
        with _clock(PROCESS_CREATED_AT):
            process = services.learning_process_create(
                proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
            )
    event = process.dialogue_event
    existing = set(event.participants.values_list("full_name", flat=True))
    countries = Country.objects.in_bulk({row[0] for row in PARTICIPANTS})
    municipalities = Municipality.objects.in_bulk(field_name="slug")
    for number, (country, slug, institution, function, status) in enumerate(PARTICIPANTS, start=1):
        name = f"Demo Participant {number}"
        if name in existing:
            continue
        with _clock(NOMINATED_AT):
            participant = services.event_participant_add(
                event=event,
                by=organiser,
                full_name=name,
                country=countries[country],
                municipality=municipalities[slug] if slug else None,
                organisation_name=institution,
                function=function,
                nominated_by="host municipality" if country == "DE" else "organiser's networks",
            )
            if status != ParticipantStatus.NOMINATED:
                services.event_participant_set_status(
                    participant=participant, status=status, by=organiser
                )
    tasks = list(event.tasks.order_by("position", "id"))
    for position, (email, moment) in TASKS_DONE.items():
        task = tasks[position]
        if task.done_at is None:
            with _clock(moment):
                services.event_task_set_done(task=task, done=True, by=demo_account(email))
    titles = set(process.follow_ups.values_list("title", flat=True))
    for kind, title, starts_on, ends_on, place, who in FOLLOW_UPS:
        if title not in titles:
            services.follow_up_save(
                learning_process=process,
                by=organiser,
                kind=kind,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                place=place,
                participants=who,
            )
    return process


def _past_processes() -> None:
    """Plain records (no proposal, no rule across records), validated before saving."""
    for slug, name, kind in PAST_HOSTS:
        Municipality.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "country_id": "DE", "is_sample": True},
        )
    hosts = Municipality.objects.in_bulk({row[1] for row in PAST_EVENTS}, field_name="slug")
    existing = set(
        LearningProcess.objects.filter(proposal__isnull=True).values_list("title", "starts_on")
    )
    for starts_on, slug, theme_field, title in PAST_EVENTS:
        if (title, starts_on) in existing:
            continue
        process = LearningProcess(
            title=title,
            host=hosts[slug],
            theme_field=theme_field,
            starts_on=starts_on,
            ends_on=starts_on.replace(year=starts_on.year + 1) - datetime.timedelta(days=1),
            summary=PAST_SUMMARY,
            is_sample=True,
        )
        process.full_clean()
        process.save()
        event = DialogueEvent(learning_process=process, starts_on=starts_on, place=hosts[slug].name)
        event.full_clean()
        event.save()


def _open_call(organiser, demo_account) -> tuple[Call, Proposal | None]:
    call = Call.objects.filter(slug=OPEN_SLUG).first()
    if call is None:
        deadline = _open_deadline()
        call = services.call_create(
            by=organiser,
            slug=OPEN_SLUG,
            title_de="Beispielaufruf 2027: Themenvorschläge für Dialogveranstaltungen (Demo)",
            title_en="Sample call 2027: topic proposals for dialogue events (demo)",
            text_de=(
                "Ein erfundener Aufruf zum Ausprobieren des Formulars, mit den Regeln des "
                "Themenaufrufs 2026: deutsche Kommunen und kommunale Unternehmen schlagen ein "
                "Thema vor und nennen Kommunalakteure aus mindestens zwei weiteren Ländern, "
                "darunter mindestens eines aus dem globalen Süden."
            ),
            text_en=(
                "An invented call to try the form, with the rules of the 2026 topic call: German "
                "municipalities and municipal companies propose a topic and name municipal actors "
                "from at least two further countries, at least one of them from the Global South."
            ),
            deadline=deadline,
            selection_by=deadline.date() + datetime.timedelta(days=14),
            events_from=deadline.date() + datetime.timedelta(days=75),
            contact="Demo team (sample): calls-demo@example.org",
            is_published=True,
            is_sample=True,
        )
    municipality = Municipality.objects.get(slug="musterstadt")
    draft = Proposal.objects.filter(call=call, municipality=municipality).first()
    if draft is None and call.is_open():
        draft = services.proposal_create(
            call=call,
            municipality=municipality,
            by=demo_account("municipality@example.org"),
            sdgs=list(SdgGoal.objects.filter(number__in=[6, 11, 13])),
            actors=_actors([("sample-city-ghana", "", "GH", "Head of urban planning")]),
            **OPEN_DRAFT,
        )
    return call, draft


def dialogue_event_figures(*, since: datetime.date, until: datetime.date) -> tuple[int, int]:
    """(dialogue events, German host municipalities) with a first day in [since, until]."""
    events = DialogueEvent.objects.filter(
        starts_on__gte=since,
        starts_on__lte=until,
        learning_process__host__country_id="DE",
    )
    totals = events.aggregate(
        events=Count("pk"), hosts=Count("learning_process__host", distinct=True)
    )
    return totals["events"], totals["hosts"]


def _report(report, call, proposals, process, open_call, draft) -> None:
    submitted = call.proposals.filter(status=ProposalStatus.SUBMITTED).count()
    decided = {
        proposal.municipality.name: proposal.get_decision_display()
        for proposal in call.proposals.select_related("municipality").exclude(decision="")
    }
    deadline = timezone.localtime(call.deadline, BERLIN)
    report.line(
        f"Connective Cities topic call 2026 (real, seed 003): deadline {deadline:%Y-%m-%d %H:%M:%S}"
        f" German time, {'open' if call.is_open() else 'closed'}; {submitted} sample proposals "
        f"submitted; decisions: "
        + ", ".join(f"{name}: {decision}" for name, decision in sorted(decided.items()))
    )
    report.line(
        "  reviews: Demo Reviewer (reviewer@example.org) acts for Beispielhausen, so is not "
        "assigned its proposal (conflict of interest); Demo Reviewer 2 reviews all four"
    )
    event = process.dialogue_event
    mix = services.event_mix(event)
    tasks = event.tasks.all()
    report.line(
        f"  learning process: {process.title!r}, dialogue event from {event.starts_on:%Y-%m-%d} "
        f"in {event.place}; selected {mix.selected} (Germany {mix.counts['germany']}, Global "
        f"South {mix.counts['global_south']}, other industrialised "
        f"{mix.counts['other_industrialised']}), nominated {mix.nominated}; tasks done "
        f"{sum(task.done_at is not None for task in tasks)}/{len(tasks)}; follow-ups "
        f"{process.follow_ups.count()}"
    )
    events, hosts = dialogue_event_figures(since=FIGURES_SINCE, until=call.deadline.date())
    report.line(
        f"  since 2014, as of the 2026 call: {events} dialogue events in {hosts} German "
        "municipalities (invented placeholders reproducing seed 003's totals)"
    )
    deadline = timezone.localtime(open_call.deadline, BERLIN)
    report.line(
        f"open sample call: {open_call.title_en}, deadline {deadline:%Y-%m-%d %H:%M} German time"
        + (
            f"; Musterstadt's draft (log in as municipality@example.org): /api/v1/proposals/"
            f"{draft.pk}"
            if draft
            else ""
        )
    )
    report.line("  calls through the API: /api/v1/calls, /api/v1/learning-processes")
