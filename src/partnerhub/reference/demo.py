"""Demo part: the shipped reference data and invented sample municipalities and organisations."""

from .loader import load_reference_data
from .models import Municipality, MunicipalityKind, Organisation, OrganisationKind

# (slug, name, kind, country) — invented places, marked as samples.
SAMPLE_MUNICIPALITIES = [
    ("musterstadt", "Musterstadt (Beispiel)", MunicipalityKind.CITY, "DE"),
    ("beispielhausen", "Beispielhausen (Beispiel)", MunicipalityKind.MUNICIPALITY, "DE"),
    ("landkreis-musterland", "Landkreis Musterland (Beispiel)", MunicipalityKind.DISTRICT, "DE"),
    (
        "abfallwirtschaft-musterland",
        "Abfallwirtschaft Musterland (Beispiel)",
        MunicipalityKind.MUNICIPAL_COMPANY,
        "DE",
    ),
    ("sample-city-ghana", "Sample Partner City (Ghana)", MunicipalityKind.CITY, "GH"),
    (
        "sample-municipality-tanzania",
        "Sample Partner Municipality (Tanzania)",
        MunicipalityKind.MUNICIPALITY,
        "TZ",
    ),
    ("sample-city-south-africa", "Sample Partner City (South Africa)", MunicipalityKind.CITY, "ZA"),
    (
        "commune-exemple-burkina-faso",
        "Commune exemple (Burkina Faso)",
        MunicipalityKind.MUNICIPALITY,
        "BF",
    ),
    ("ciudad-ejemplo-bolivia", "Ciudad ejemplo (Bolivia)", MunicipalityKind.CITY, "BO"),
    ("municipio-ejemplo-peru", "Municipio ejemplo (Perú)", MunicipalityKind.MUNICIPALITY, "PE"),
    ("sample-city-viet-nam", "Sample Partner City (Viet Nam)", MunicipalityKind.CITY, "VN"),
    (
        "sample-hromada-ukraine",
        "Sample Partner Hromada (Ukraine)",
        MunicipalityKind.MUNICIPALITY,
        "UA",
    ),
]

SAMPLE_ORGANISATIONS = [
    (
        "eine-welt-verein-musterstadt",
        "Eine-Welt-Verein Musterstadt (Beispiel)",
        OrganisationKind.ASSOCIATION,
        "DE",
        "musterstadt",
    ),
    (
        "partnerschaftsverein-beispielhausen",
        "Partnerschaftsverein Beispielhausen (Beispiel)",
        OrganisationKind.ASSOCIATION,
        "DE",
        "beispielhausen",
    ),
    (
        "sample-climate-ngo-ghana",
        "Sample Climate NGO (Ghana)",
        OrganisationKind.NGO,
        "GH",
        "sample-city-ghana",
    ),
]


def load(report) -> None:
    counts = load_reference_data()
    report.line(
        "reference data: {} countries, {} DAC lists with {} entries, {} SDGs, {} targets".format(
            *(
                counts[key]["total"]
                for key in ("countries", "dac_lists", "dac_entries", "sdg_goals", "sdg_targets")
            )
        )
    )
    for slug, name, kind, country in SAMPLE_MUNICIPALITIES:
        Municipality.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "country_id": country, "is_sample": True},
        )
    for slug, name, kind, country, seat in SAMPLE_ORGANISATIONS:
        Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "country_id": country,
                "municipality": Municipality.objects.get(slug=seat),
                "is_sample": True,
            },
        )
    report.line(
        f"sample municipalities: {len(SAMPLE_MUNICIPALITIES)}, "
        f"organisations: {len(SAMPLE_ORGANISATIONS)}"
    )
