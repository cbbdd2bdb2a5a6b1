"""Loading the shipped CSV files: counts, natural keys, idempotence, SDG target order."""

from io import StringIO

import pytest
from django.core.management import call_command

from partnerhub.reference.loader import (
    DATA_DIR,
    ensure_reference_data,
    load_reference_data,
    target_sort_key,
)
from partnerhub.reference.models import (
    Confidence,
    Country,
    DacChange,
    DacList,
    DacListEntry,
    SdgGoal,
    SdgTarget,
)

pytestmark = pytest.mark.django_db

MODELS = [Country, DacList, DacListEntry, DacChange, SdgGoal, SdgTarget]


def snapshot() -> dict:
    """Every row of every reference table, as plain values."""
    return {model.__name__: sorted(model.objects.values_list(), key=repr) for model in MODELS}


def test_counts():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert DacList.objects.count() == 10
    assert DacListEntry.objects.count() == 1432
    assert DacChange.objects.count() == 79
    assert Country.objects.count() == 250


def test_lists_have_their_validity():
    lists = list(DacList.objects.order_by("effective_from"))
    first, last = lists[0], lists[-1]
    assert (first.list_id, str(first.effective_from), str(first.effective_to)) == (
        "L2011",
        "2011-01-01",
        "2011-12-31",
    )
    assert (last.list_id, str(last.effective_from), last.effective_to) == (
        "L2026",
        "2026-01-01",
        None,
    )


def test_entries_keep_confidence_source_and_note():
    unverified = DacListEntry.objects.filter(confidence=Confidence.UNVERIFIED)
    assert sorted(unverified.values_list("dac_list_id", "country_id")) == [
        ("L2011", "SS"),
        ("L2026", "MS"),
    ]
    montserrat = unverified.get(country_id="MS")
    assert montserrat.is_unverified
    assert "Montserrat" in montserrat.note
    assert montserrat.source_url.startswith("http")


def test_second_run_changes_nothing(django_assert_max_num_queries):
    before = snapshot()
    with django_assert_max_num_queries(12):  # one read per table, no writes
        result = load_reference_data()
    assert all(c["created"] == c["updated"] == c["deleted"] == 0 for c in result.values())
    assert result["dac_entries"]["total"] == 1432
    assert snapshot() == before


def test_a_changed_row_is_restored_and_a_stale_entry_removed():
    DacListEntry.objects.filter(dac_list_id="L2014_2017", country_id="CL").update(group="LDC")
    DacListEntry.objects.create(dac_list_id="L2014_2017", country_id="DE", group="UMIC")
    Country.objects.filter(iso2="GH").update(name_de="Falsch")
    result = load_reference_data()
    assert result["dac_entries"] == {"created": 0, "updated": 1, "deleted": 1, "total": 1432}
    assert result["countries"]["updated"] == 1
    assert DacListEntry.objects.get(dac_list_id="L2014_2017", country_id="CL").group == "UMIC"
    assert not DacListEntry.objects.filter(country_id="DE").exists()
    assert Country.objects.get(iso2="GH").name_de == "Ghana"


def test_ensure_loads_only_into_an_empty_database():
    assert ensure_reference_data() is None
    DacList.objects.all().delete()  # cascades to the entries
    DacChange.objects.all().delete()
    result = ensure_reference_data()
    assert result["dac_lists"]["created"] == 10
    assert result["dac_entries"]["created"] == 1432
    assert result["countries"]["created"] == 0
    assert DacListEntry.objects.count() == 1432


def test_management_command_prints_counts():
    out = StringIO()
    call_command("load_reference", stdout=out)
    text = out.getvalue()
    assert "dac_entries: 1432 rows" in text
    assert "sdg_targets: 169 rows" in text
    assert "0 rows changed" in text


def test_sdg_titles_that_have_no_source_stay_empty():
    assert not SdgGoal.objects.exclude(full_title_es="").exists()
    assert not SdgTarget.objects.exclude(title_de="").exists()
    assert not SdgTarget.objects.exclude(title_es="").exists()
    assert not SdgTarget.objects.filter(title_fr="").exists()
    goal = SdgGoal.objects.get(number=1)
    assert goal.short_title_es == "Fin de la pobreza"
    assert goal.full_title_de.startswith("Armut")


@pytest.mark.parametrize(
    ("earlier", "later"),
    [("1.5", "1.a"), ("1.a", "1.b"), ("10.9", "10.10"), ("1.2", "1.10"), ("9.c", "10.1")],
)
def test_target_sort_key(earlier, later):
    assert target_sort_key(earlier) < target_sort_key(later)


def test_target_positions_follow_un_order():
    codes = list(
        SdgTarget.objects.filter(goal=1).order_by("position").values_list("code", flat=True)
    )
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    seventeen = list(
        SdgTarget.objects.filter(goal=17).order_by("position").values_list("code", flat=True)
    )
    assert seventeen[8:11] == ["17.9", "17.10", "17.11"]
    positions = SdgTarget.objects.filter(goal=17).values_list("position", flat=True)
    assert sorted(positions) == list(range(1, 20))


def test_target_sort_key_rejects_unknown_codes():
    with pytest.raises(ValueError):
        target_sort_key("1-1")


def test_data_readme_documents_every_file_and_its_sources():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for path in DATA_DIR.rglob("*"):
        if path.is_file() and path.name != "README.md":
            assert f"`{path.relative_to(DATA_DIR).as_posix()}`" in readme, path
    for source in [
        "pycountry",
        "country_converter",
        "M49",
        "OECD",
        "IATI",
        "Development Initiatives",
    ]:
        assert source in readme
    assert "Pacific" in readme
    assert "not ODA status" in readme
