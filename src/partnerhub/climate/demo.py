"""Demo part: the climate partnerships project of seed 004 with invented sample data.

* The project (goal: 50 partnerships with an adopted action programme by 2015) with its
  pilot phase 2011: eight German municipalities and one district with partners in Ghana,
  Tanzania and South Africa. Every municipality and partnership is an invented sample
  (`is_sample`); Musterstadt and Landkreis Musterland reuse the climate partnerships of
  `partnerships.demo`.
* The history as network meetings (editions of a conference series of kind climate
  network): the first workshop on 22 June 2010 in Bonn with about 70 participants, three
  regional conferences in November 2010 with the simulation game "Südsicht", the workshop
  of 4–5 October 2011 in Bonn and the international kick-off workshop of 14–16 November
  2011. The pre-study (May/June 2010) is a publication, not a meeting.
* One adopted sample action programme (Musterstadt – Ghana) with targets, measures and two
  years of progress reports, one draft in progress (Landkreis Musterland – Tanzania), and
  one expert secondment.

Everything is written through the services, acting as the demo accounts. Idempotent.
"""

import datetime
from decimal import Decimal

from partnerhub.conferences.dates import DatePrecision
from partnerhub.conferences.models import ConferenceSeries, Edition, EditionStatus, SeriesKind
from partnerhub.conferences.services import edition_create
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.partnerships.services import partnership_create
from partnerhub.reference.models import Municipality, MunicipalityKind

from . import services
from .models import (
    ActionProgramme,
    ClimatePartnership,
    ClimateProject,
    Direction,
    MeasureStatus,
    ProjectPhase,
    TargetKind,
    Unit,
)

PROJECT_SLUG = "50-klimapartnerschaften-2015"

# (slug, name, kind, country) — invented sample municipalities not in reference.demo.
SAMPLE_MUNICIPALITIES = [
    ("neustadt-am-beispielfluss", "Neustadt am Beispielfluss (Beispiel)", "city", "DE"),
    ("musterhafen", "Musterhafen (Beispiel)", "city", "DE"),
    ("beispielberg", "Beispielberg (Beispiel)", "municipality", "DE"),
    ("modellingen", "Modellingen (Beispiel)", "municipality", "DE"),
    ("exempelburg", "Exempelburg (Beispiel)", "city", "DE"),
    ("probstadt", "Probstadt (Beispiel)", "city", "DE"),
    ("sample-town-ghana-north", "Sample Partner Town North (Ghana)", "municipality", "GH"),
    ("sample-district-ghana-coast", "Sample Partner District Coast (Ghana)", "district", "GH"),
    ("sample-town-tanzania-lake", "Sample Partner Town Lake (Tanzania)", "municipality", "TZ"),
    ("sample-city-tanzania-coast", "Sample Partner City Coast (Tanzania)", "city", "TZ"),
    (
        "sample-town-south-africa-east",
        "Sample Partner Town East (South Africa)",
        "municipality",
        "ZA",
    ),
]

# (German slug, partner slug, kind of the partnership, since) — the pilot phase: eight
# municipalities and one district. The first two exist from partnerships.demo.
PILOT = [
    ("musterstadt", "sample-city-ghana", PartnershipKind.CLIMATE, 2011),
    ("landkreis-musterland", "sample-municipality-tanzania", PartnershipKind.CLIMATE, 2011),
    # A climate partnership inside a thematic partnership: the kind stays "project".
    ("beispielhausen", "sample-town-ghana-north", PartnershipKind.PROJECT, 2008),
    (
        "neustadt-am-beispielfluss",
        "sample-city-tanzania-coast",
        PartnershipKind.TOWN_TWINNING,
        1992,
    ),
    ("musterhafen", "sample-city-south-africa", PartnershipKind.CLIMATE, 2011),
    ("beispielberg", "sample-district-ghana-coast", PartnershipKind.CLIMATE, 2011),
    ("modellingen", "sample-town-tanzania-lake", PartnershipKind.CLIMATE, 2011),
    ("exempelburg", "sample-town-south-africa-east", PartnershipKind.TOWN_TWINNING, 2001),
    ("probstadt", "sample-town-ghana-north", PartnershipKind.CLIMATE, 2011),
]

NETWORK_SERIES = "klimapartnerschaften-netzwerk"
SEED = "Flyer of the project (seed 004)"
DAY, MONTH = DatePrecision.DAY, DatePrecision.MONTH

# (number, title de, title en, place, parts, note)
MEETINGS = [
    (
        1,
        "Workshop „50 Kommunale Klimapartnerschaften bis 2015“",
        'Workshop "50 Municipal Climate Partnerships by 2015"',
        "Bonn",
        [{"start": datetime.date(2010, 6, 22), "end": None, "precision": DAY}],
        f"{SEED}: first workshop on 22 June 2010 in Bonn with about 70 representatives of "
        "municipalities and NGOs; documentation: Material 47 (the seed also calls it Material 43).",
    ),
    (
        2,
        "Regionalkonferenz mit Planspiel „Südsicht“ (1)",
        'Regional conference with the simulation game "Südsicht" (1)',
        "",
        [{"start": datetime.date(2010, 11, 1), "end": None, "precision": MONTH}],
        f"{SEED}: three regional conferences in November 2010 (project Bildungsklima of LAG 21 "
        "NRW); exact dates and places are not in the sources.",
    ),
    (
        3,
        "Regionalkonferenz mit Planspiel „Südsicht“ (2)",
        'Regional conference with the simulation game "Südsicht" (2)',
        "",
        [{"start": datetime.date(2010, 11, 1), "end": None, "precision": MONTH}],
        f"{SEED}: see the first regional conference.",
    ),
    (
        4,
        "Regionalkonferenz mit Planspiel „Südsicht“ (3)",
        'Regional conference with the simulation game "Südsicht" (3)',
        "",
        [{"start": datetime.date(2010, 11, 1), "end": None, "precision": MONTH}],
        f"{SEED}: see the first regional conference.",
    ),
    (
        5,
        "Workshop der Klimapartnerschaften",
        "Workshop of the climate partnerships",
        "Bonn",
        [
            {
                "start": datetime.date(2011, 10, 4),
                "end": datetime.date(2011, 10, 5),
                "precision": DAY,
            }
        ],
        f"{SEED}: workshop of 4–5 October 2011 in Bonn (online documentation).",
    ),
    (
        6,
        "Internationaler Auftaktworkshop „50 Kommunale Klimapartnerschaften bis 2015“",
        'International kick-off workshop "50 Municipal Climate Partnerships by 2015"',
        "",
        [
            {
                "start": datetime.date(2011, 11, 14),
                "end": datetime.date(2011, 11, 16),
                "precision": DAY,
            }
        ],
        f"{SEED}: 14–16 November 2011; documentation: Material 54 (Bonn, May 2012).",
    ),
]


def _account(email):
    from partnerhub.accounts.demo import demo_account

    return demo_account(email)


def _project() -> tuple[ClimateProject, ProjectPhase]:
    project, _created = ClimateProject.objects.get_or_create(
        slug=PROJECT_SLUG,
        defaults={
            "title_de": "50 Kommunale Klimapartnerschaften bis 2015",
            "title_en": "50 Municipal Climate Partnerships by 2015",
            "title_fr": "50 partenariats climatiques municipaux d'ici 2015",
            "title_es": "50 asociaciones climáticas municipales hasta 2015",
            "goal_de": "Bis 2015 entwickeln insgesamt 50 deutsche Kommunen gemeinsam mit ihren "
            "Partnern im Globalen Süden Handlungsprogramme zu Klimaschutz und Klimaanpassung, "
            "mit konkreten Zielen, Maßnahmen und den dafür benötigten Ressourcen.",
            "goal_en": "By 2015, 50 German municipalities and their partners in the Global "
            "South develop joint action programmes for climate mitigation and adaptation, "
            "with concrete targets, measures and the resources they need.",
            "goal_count": 50,
            "goal_year": 2015,
            "organiser": "Engagement Global / Servicestelle Kommunen in der Einen Welt",
            "project_partner": "Landesarbeitsgemeinschaft Agenda 21 NRW e.V. (LAG 21 NRW)",
        },
    )
    phase, _created = ProjectPhase.objects.get_or_create(
        project=project,
        start_year=2011,
        defaults={
            "name_de": "Pilotphase",
            "name_en": "Pilot phase",
            "name_fr": "Phase pilote",
            "name_es": "Fase piloto",
            "order": 1,
        },
    )
    return project, phase


def _partnerships(phase) -> dict[str, ClimatePartnership]:
    for slug, name, kind, country in SAMPLE_MUNICIPALITIES:
        Municipality.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": MunicipalityKind(kind),
                "country_id": country,
                "is_sample": True,
                "languages": ["de"] if country == "DE" else ["en"],
            },
        )
    municipalities = Municipality.objects.in_bulk(field_name="slug")
    result = {}
    for german, partner, kind, since in PILOT:
        partnership = (
            Partnership.objects.filter(
                german_municipality=municipalities[german],
                partners=municipalities[partner],
                kind=kind,
                is_sample=True,
            )
            .order_by("pk")
            .first()
        )
        if partnership is None:
            partnership = partnership_create(
                german_municipality=municipalities[german],
                partners=[municipalities[partner]],
                kind=kind,
                since_year=since,
                descriptions={"en": "Invented sample partnership for the demo (climate)."},
                is_sample=True,
            )
        climate = ClimatePartnership.objects.filter(partnership=partnership).first()
        if climate is None:
            climate = services.climate_partnership_add(
                partnership=partnership, phase=phase, joined_year=2011, is_sample=True
            )
        result[german] = climate
    return result


def _meetings() -> int:
    series, _created = ConferenceSeries.objects.get_or_create(
        slug=NETWORK_SERIES,
        defaults={
            "kind": SeriesKind.CLIMATE_NETWORK,
            "title_de": "Netzwerktreffen Kommunale Klimapartnerschaften",
            "title_en": "Network meetings of the municipal climate partnerships",
            "position": 90,
        },
    )
    existing = set(Edition.objects.filter(series=series).values_list("number", flat=True))
    created = 0
    for number, title_de, title_en, place, parts, note in MEETINGS:
        if number in existing:
            continue
        edition_create(
            series=series,
            number=number,
            place=place,
            status=EditionStatus.HELD,
            parts=parts,
            title_de=title_de,
            title_en=title_en,
            source_note=note,
        )
        created += 1
    return created


def _adopted_programme(climate: ClimatePartnership) -> None:
    german = _account("municipality@example.org")
    partner = _account("partner@example.org")
    organiser = _account("organiser@example.org")
    partnership = climate.partnership
    musterstadt = partnership.german_municipality
    ghana = partnership.partners.first()
    version = services.programme_start(climate_partnership=climate, by=german)
    services.version_update_details(
        version=version,
        by=german,
        summary="Invented sample programme: energy efficiency and LED street lighting for "
        "mitigation, green drainage and rainwater harvesting for adaptation.",
        department_international="Musterstadt: Office for International Relations",
        department_environment="Musterstadt: Department of Environment and Climate Protection",
        civil_society_actors="Eine-Welt-Verein Musterstadt (Beispiel)\nSample Climate NGO (Ghana)",
    )
    energy = services.field_of_action_save(
        version=version, by=german, name="Energy efficiency and lighting", order=1
    )
    water = services.field_of_action_save(
        version=version, by=partner, name="Water, drainage and heat", order=2
    )
    co2 = services.target_save(
        version=version,
        by=german,
        field_of_action=energy,
        kind=TargetKind.MITIGATION,
        municipality=musterstadt,
        indicator="CO₂ emissions of municipal buildings",
        unit=Unit.T_CO2E_PER_YEAR,
        baseline_value=Decimal("12000"),
        baseline_year=2010,
        target_value=Decimal("8000"),
        target_year=2020,
        order=1,
    )
    led = services.target_save(
        version=version,
        by=partner,
        field_of_action=energy,
        kind=TargetKind.MITIGATION,
        municipality=ghana,
        indicator="Street lights converted to LED",
        unit=Unit.COUNT,
        baseline_value=Decimal("0"),
        baseline_year=2012,
        target_value=Decimal("2000"),
        target_year=2018,
        order=2,
    )
    trees = services.target_save(
        version=version,
        by=partner,
        field_of_action=water,
        kind=TargetKind.ADAPTATION,
        municipality=ghana,
        indicator="Trees planted along drainage channels",
        unit=Unit.TREES,
        baseline_value=Decimal("0"),
        baseline_year=2012,
        target_value=Decimal("5000"),
        target_year=2017,
        order=3,
    )
    households = services.target_save(
        version=version,
        by=partner,
        field_of_action=water,
        kind=TargetKind.ADAPTATION,
        municipality=ghana,
        indicator="Households harvesting rainwater",
        unit=Unit.HOUSEHOLDS,
        baseline_value=Decimal("120"),
        baseline_year=2012,
        target_value=Decimal("1000"),
        target_year=2018,
        order=4,
    )
    measures = [
        (
            "Energy management for municipal buildings",
            TargetKind.MITIGATION,
            [co2],
            "Building management and energy department",
            "",
            (datetime.date(2013, 1, 1), datetime.date(2016, 12, 31)),
            MeasureStatus.IN_PROGRESS,
            ("120", "250000", "EUR", "Energy audits, monitoring", "Municipal budget"),
        ),
        (
            "LED street lighting",
            TargetKind.MITIGATION,
            [led, co2],
            "Municipal utility (sample): lighting engineers",
            "Works department",
            (datetime.date(2013, 6, 1), datetime.date(2018, 6, 30)),
            MeasureStatus.IN_PROGRESS,
            ("60", "180000", "EUR", "Tendering and maintenance of LED lights", "Sample fund"),
        ),
        (
            "Green drainage corridors",
            TargetKind.ADAPTATION,
            [trees],
            "Parks department",
            "Environmental health unit",
            (datetime.date(2013, 4, 1), datetime.date(2017, 10, 31)),
            MeasureStatus.IN_PROGRESS,
            ("40", "95000", "GHS", "Choice of native tree species", "Sample fund"),
        ),
        (
            "Rainwater harvesting for schools and households",
            TargetKind.ADAPTATION,
            [households],
            "Water utility (sample)",
            "Planning department",
            (datetime.date(2014, 1, 1), datetime.date(2018, 12, 31)),
            MeasureStatus.PLANNED,
            ("30", "60000", "EUR", "Design of tanks and gutters", "Sample fund"),
        ),
    ]
    for title, kind, targets, german_dept, partner_dept, dates, status, resources in measures:
        days, amount, currency, know_how, funding = resources
        services.measure_save(
            version=version,
            by=partner if kind == TargetKind.ADAPTATION else german,
            targets=targets,
            title=title,
            kind=kind,
            responsible_german=german_dept,
            responsible_partner=partner_dept,
            start_date=dates[0],
            end_date=dates[1],
            status=status,
            staff_person_days=Decimal(days),
            money_amount=Decimal(amount),
            money_currency=currency,
            know_how=know_how,
            funding_source=funding,
        )
    services.version_approve(version=version, side="partner", by=partner)
    services.version_approve(version=version, side="german", by=german)
    services.version_adopt(version=version, decision_date=datetime.date(2013, 6, 20), by=german)
    programme = version.programme
    values = {
        2013: {co2: "11200", led: "350", trees: "900", households: "260"},
        2014: {co2: "10600", led: "820", trees: "2100", households: "410"},
    }
    statuses = {2013: MeasureStatus.IN_PROGRESS, 2014: MeasureStatus.IN_PROGRESS}
    measure_list = list(version.measures.all())
    for year, by in ((2013, partner), (2014, german)):
        report = services.report_start(programme=programme, year=year, by=by)
        services.report_save(
            report=report,
            by=by,
            narrative=f"Invented sample report {year}: the measures progress as planned; "
            "the partners met twice, once in each municipality.",
            values={t.pk: (v, t.unit) for t, v in values[year].items()},
            statuses={m.pk: (statuses[year], "") for m in measure_list},
        )
        services.report_submit(report=report, by=by)
    secondment = services.secondment_request(
        climate_partnership=climate,
        by=german,
        direction=Direction.GERMAN_TO_PARTNER,
        purpose="Advise the partner's works department on tendering LED street lighting.",
        expert_role="Energy manager of the municipal utility",
        start_date=datetime.date(2014, 2, 10),
        end_date=datetime.date(2014, 2, 21),
        costs=[("Travel", Decimal("1400"), "EUR"), ("Accommodation", Decimal("900"), "EUR")],
        is_sample=True,
    )
    services.secondment_decide(
        secondment=secondment,
        approve=True,
        reason="Serves a measure of the adopted programme.",
        by=organiser,
    )
    services.secondment_report(
        secondment=secondment,
        report="Invented sample report: tender documents drafted together; a second visit "
        "by the partner's engineers is planned.",
        by=german,
    )


def _draft_programme(climate: ClimatePartnership) -> None:
    district = _account("district@example.org")
    version = services.programme_start(climate_partnership=climate, by=district)
    services.version_update_details(
        version=version,
        by=district,
        department_international="Landkreis Musterland: Development cooperation office",
    )
    field = services.field_of_action_save(
        version=version, by=district, name="Solar energy for health centres", order=1
    )
    target = services.target_save(
        version=version,
        by=district,
        field_of_action=field,
        kind=TargetKind.MITIGATION,
        municipality=climate.partnership.partners.first(),
        indicator="Health centres with solar power",
        unit=Unit.BUILDINGS,
        baseline_value=Decimal("2"),
        baseline_year=2012,
        target_value=Decimal("15"),
        target_year=2016,
    )
    services.measure_save(
        version=version,
        by=district,
        targets=[target],
        title="Solar panels for rural health centres",
        kind=TargetKind.MITIGATION,
        responsible_german="District energy agency (sample)",
        status=MeasureStatus.PLANNED,
        money_amount=Decimal("120000"),
        money_currency="EUR",
    )


def load(report) -> None:
    project, phase = _project()
    climates = _partnerships(phase)
    meetings = _meetings()
    programmes = 0
    adopted = climates["musterstadt"]
    if not ActionProgramme.objects.filter(climate_partnership=adopted).exists():
        _adopted_programme(adopted)
        programmes += 1
    draft = climates["landkreis-musterland"]
    if not ActionProgramme.objects.filter(climate_partnership=draft).exists():
        _draft_programme(draft)
        programmes += 1
    report.line(
        f"climate partnerships: project '{project.title_en}', {len(climates)} in the pilot phase, "
        f"{len(MEETINGS)} network meetings ({meetings} new), {programmes} new sample programmes"
    )
