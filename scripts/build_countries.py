"""Build src/partnerhub/reference/data/countries.csv (run by hand, once per data update).

The CSV is committed data; pycountry and country_converter are NOT project
dependencies. Run this script in a throwaway virtual environment:

    python3.11 -m venv /tmp/cc && /tmp/cc/bin/pip install pycountry country_converter
    /tmp/cc/bin/python scripts/build_countries.py

Names come from pycountry (ISO 3166-1 and the iso-codes translations), the
world region from the UN M49 sub-region that country_converter ships. The rule
that turns a sub-region into a programme region is `region_for` below and is
documented in reference/data/README.md.

country_converter's table is read directly from its bundled TSV: its
`CountryConverter()` class fails with pandas 3 (Namibia's "NA" becomes NaN).
"""

import csv
import gettext
import sys
from importlib.metadata import version
from pathlib import Path

import country_converter
import pycountry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "partnerhub" / "reference" / "data"
OUT = DATA / "countries.csv"
FIELDS = [
    "iso2",
    "iso3",
    "name_en",
    "name_de",
    "name_fr",
    "name_es",
    "region",
    "is_iso_code",
    "source",
]

AFRICA = {"Eastern Africa", "Middle Africa", "Northern Africa", "Southern Africa", "Western Africa"}
LATIN_AMERICA = {"Caribbean", "Central America", "South America"}
ASIA_OCEANIA = {
    "Central Asia",
    "Eastern Asia",
    "South-eastern Asia",
    "Southern Asia",
    "Western Asia",
    "Melanesia",
    "Micronesia",
    "Polynesia",
}
WESTERN_BALKANS = {"AL", "BA", "ME", "MK", "RS", "XK"}
SOUTH_CAUCASUS = {"AM", "AZ", "GE"}

# ISO short names that are inverted for sorting; the common English form reads better.
ENGLISH_NAMES = {
    "CD": "Democratic Republic of the Congo",
    "FM": "Micronesia (Federated States of)",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
}

KOSOVO = {
    "iso2": "XK",
    "iso3": "XKX",
    "name_en": "Kosovo",
    "name_de": "Kosovo",
    "name_fr": "Kosovo",
    "name_es": "Kosovo",
    "region": "eastern_europe",
    "is_iso_code": "false",
    "source": "entered by hand: XK/XKX are user-assigned codes, not ISO 3166-1; "
    "region by the Western Balkans rule",
}


def region_for(iso2: str, m49_subregion: str) -> str:
    """Programme region (reference.models.Region) from geography, never from ODA status."""
    if iso2 == "DE":
        return "germany"
    if m49_subregion in AFRICA:
        return "africa"
    if m49_subregion in LATIN_AMERICA:
        return "latin_america"
    if m49_subregion == "Eastern Europe" or iso2 in WESTERN_BALKANS | SOUTH_CAUCASUS:
        return "eastern_europe"
    if m49_subregion in ASIA_OCEANIA:
        return "asia"
    # Western/Northern/Southern Europe, Northern America, Australia and New
    # Zealand (with Australia's external territories), Antarctica.
    return "other_industrialised"


def m49_subregions() -> dict[str, str]:
    """ISO alpha-3 code -> UN M49 sub-region, from country_converter's bundled table."""
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8") as handle:
        return {row["ISO3"]: row["UNregion"] for row in csv.DictReader(handle, delimiter="\t")}


def translator(language: str):
    """A lookup in pycountry's iso3166-1 catalogue that says when a name is missing."""
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    return lambda msgid: catalogue._catalog.get(msgid)


def names(country, translators) -> dict[str, str]:
    """The common name where pycountry has one (e.g. "Bolivia"), else the ISO short name."""
    preferred = getattr(country, "common_name", None) or country.name
    result = {"name_en": ENGLISH_NAMES.get(country.alpha_2, preferred)}
    for language, translate in translators.items():
        result[f"name_{language}"] = translate(preferred) or translate(country.name) or preferred
    return result


def build_rows() -> list[dict[str, str]]:
    subregions = m49_subregions()
    translators = {code: translator(code) for code in ("de", "fr", "es")}
    source = (
        f"names: pycountry {version('pycountry')} (iso-codes); "
        f"region: UN M49 sub-region via country_converter {version('country_converter')}"
    )
    rows = []
    for country in pycountry.countries:
        subregion = subregions.get(country.alpha_3, "")
        if not subregion:
            sys.exit(f"no M49 sub-region for {country.alpha_2}")
        rows.append(
            {
                "iso2": country.alpha_2,
                "iso3": country.alpha_3,
                **names(country, translators),
                "region": region_for(country.alpha_2, subregion),
                "is_iso_code": "true",
                "source": f"{source} [{subregion}]",
            }
        )
    rows.append(KOSOVO)
    return sorted(rows, key=lambda row: row["iso2"])


def check_dac_countries(rows) -> None:
    """Every recipient on a DAC list must be a known country, or the loader would fail."""
    known = {row["iso2"] for row in rows}
    with (DATA / "dac" / "dac_lists.csv").open(encoding="utf-8") as handle:
        listed = {row["iso2"] for row in csv.DictReader(handle)}
    with (DATA / "dac" / "dac_changes.csv").open(encoding="utf-8") as handle:
        listed |= {row["iso2"] for row in csv.DictReader(handle)}
    missing = listed - known
    if missing:
        sys.exit(f"DAC countries missing from countries.csv: {sorted(missing)}")


def main() -> None:
    rows = build_rows()
    check_dac_countries(rows)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
