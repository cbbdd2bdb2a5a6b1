"""Search and filters of the registry (`queries.search_partnerships`) on SQLite and PostgreSQL.

The same tests run on both databases (CI runs the suite on each); the ones marked
`postgres_only` show what only PostgreSQL's full text search does: German and English
stemming and ranking.
"""

import pytest
from django.db import connection

from partnerhub.partnerships.models import PartnershipKind
from partnerhub.partnerships.queries import PartnershipFilters, has_climate_relation
from partnerhub.partnerships.queries import search_partnerships as search
from partnerhub.reference.models import SdgGoal, Theme
from tests.factories import (
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    country,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full text search needs PostgreSQL"
)


@pytest.fixture
def registry():
    twinning = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Lindenau"),
        partners=[PartnerMunicipalityFactory(name="Sample Partner Town Keta")],
        kind=PartnershipKind.TOWN_TWINNING,
        themes=[Theme.EDUCATION],
        description_de="Die Partnerschaften der Schulen und Jugendbegegnungen.",
        description_en="School partnerships and youth exchange.",
    )
    twinning.sdgs.set([SdgGoal.objects.get(number=4)])
    climate = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Birkenfeld"),
        partners=[
            PartnerMunicipalityFactory(name="Sample Partner Town Moshi", country=country("TZ"))
        ],
        kind=PartnershipKind.CLIMATE,
        themes=[Theme.CLIMATE_ADAPTATION, Theme.WATER_SANITATION],
        description_de="Klimaanpassung: Regenwasser wird gesammelt.",
        description_en="Climate adaptation: collecting rainwater in the villages.",
    )
    climate.sdgs.set([SdgGoal.objects.get(number=6), SdgGoal.objects.get(number=13)])
    project = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Eschwege"),
        partners=[
            PartnerMunicipalityFactory(name="Sample Partner Town Cusco", country=country("PE")),
            PartnerMunicipalityFactory(name="Sample Partner Town Hue", country=country("VN")),
        ],
        kind=PartnershipKind.PROJECT,
        themes=[Theme.WASTE_MANAGEMENT],
        description_en="Waste management and recycling.",
    )
    return {"twinning": twinning, "climate": climate, "project": project}


def found(**filters):
    return list(search(PartnershipFilters(**filters)))


def test_without_filters_everything_in_registry_order(registry):
    assert found() == [registry["climate"], registry["project"], registry["twinning"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Lindenau", ["twinning"]),  # the German side's name
        ("Keta", ["twinning"]),  # a partner's name
        ("Cusco", ["project"]),  # the second partner of a project
        ("rainwater", ["climate"]),  # the English description
        ("Regenwasser", ["climate"]),  # the German description
        ("recycling waste", ["project"]),  # every word must match
        ("recycling Keta", []),
        ("Sample Town", ["climate", "project", "twinning"]),
        ("   ", ["climate", "project", "twinning"]),  # no words: no text filter
        ("'; DROP TABLE --", []),  # punctuation is dropped, never an error
        ("& | ! :* <->", ["climate", "project", "twinning"]),
        ("foo_bar __ _a", []),  # underscores are word characters, not tsquery syntax
        ("Größe 3,5 ½ ٣ 東京", []),
        ("the and der die", []),  # stop words only
    ],
)
def test_text_search_over_names_and_descriptions(registry, q, expected):
    assert sorted(found(q=q), key=lambda p: p.pk) == sorted(
        (registry[key] for key in expected), key=lambda p: p.pk
    )


def test_a_word_typed_in_part_finds_the_whole_name(registry):
    assert found(q="Lind") == [registry["twinning"]]


@postgres_only
def test_postgres_stems_german_and_english_words(registry):
    # "Partnerschaft" (singular) finds "Partnerschaften"; "exchanges" finds "exchange".
    assert found(q="Partnerschaft") == [registry["twinning"]]
    assert found(q="exchanges") == [registry["twinning"]]
    assert found(q="Jugendbegegnung") == [registry["twinning"]]
    assert found(q="collected") == [registry["climate"]]


@postgres_only
def test_postgres_ranks_names_above_descriptions(registry):
    named = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Recycling"),
        description_en="Town twinning.",
    )
    assert found(q="recycling") == [named, registry["project"]]


def test_filters(registry):
    assert found(country="TZ") == [registry["climate"]]
    assert found(country="pe") == [registry["project"]]
    assert found(region="asia") == [registry["project"]]  # one partner in Asia is enough
    assert found(region="africa") == [registry["climate"], registry["twinning"]]
    assert found(kind="project") == [registry["project"]]
    assert found(sdg=13) == [registry["climate"]]
    assert found(theme=Theme.WATER_SANITATION) == [registry["climate"]]
    assert found(theme=Theme.WASTE_MANAGEMENT, q="recycling") == [registry["project"]]
    assert found(kind="town_twinning", country="TZ") == []


def test_a_partnership_with_two_partners_is_listed_once(registry):
    assert found(q="Sample Partner Town").count(registry["project"]) == 1
    assert found(region="latin_america").count(registry["project"]) == 1


def join_climate_project(partnership):
    """A climate partnership record of the climate app (models only, no factories needed)."""
    from django.apps import apps

    project = apps.get_model("climate", "ClimateProject").objects.create(
        slug="sample-climate-project", title_de="Klimapartnerschaften (Beispiel)"
    )
    phase = apps.get_model("climate", "ProjectPhase").objects.create(
        project=project, name_de="Pilotphase", start_year=2011
    )
    return apps.get_model("climate", "ClimatePartnership").objects.create(
        partnership=partnership, phase=phase, joined_year=2011
    )


needs_climate = pytest.mark.skipif(
    not has_climate_relation(), reason="the climate app's model is not there yet"
)


@needs_climate
def test_climate_kind_also_finds_climate_partnerships_inside_another_kind(registry):
    join_climate_project(registry["twinning"])
    assert found(kind="climate") == [registry["climate"], registry["twinning"]]
    assert found(kind="town_twinning") == [registry["twinning"]]


def test_the_backend_in_use(registry):
    """Documents which branch ran (both run in CI)."""
    assert connection.vendor in ("sqlite", "postgresql")
