"""The stored search document (`Partnership.search_vector`) is kept current and used.

Found after create, after an edit of a description, after a change of partners
and after a municipality is renamed (the old name no longer finds it): these run
on both databases (SQLite searches the fields themselves, PostgreSQL only the
stored document, so there they fail without the refresh). The ones marked
`postgres_only` look at the document itself: equal to the one the search used to
compute per row, answered by the GIN index, refreshed by the command.
"""

import io

import pytest
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext

from partnerhub.partnerships import services
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.partnerships.queries import PartnershipFilters
from partnerhub.partnerships.queries import search_partnerships as search
from partnerhub.partnerships.search import INDEX_NAME, refresh_search_vectors
from tests.factories import MunicipalityFactory, PartnerMunicipalityFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the stored search document is PostgreSQL's"
)


def found(q: str) -> list[Partnership]:
    return list(search(PartnershipFilters(q=q)))


@pytest.fixture
def created():
    return services.partnership_create(
        german_municipality=MunicipalityFactory(name="Sample Town Quellental"),
        partners=[PartnerMunicipalityFactory(name="Sample Partner Town Nkoranza")],
        kind=PartnershipKind.PROJECT,
        descriptions={
            "de": "Gemeinsame Trinkwasserversorgung.",
            "en": "Drinking water supply together.",
            "fr": "Approvisionnement en eau potable.",
        },
    )


def test_found_after_create_by_names_and_every_description(created):
    for q in ("Quellental", "Nkoranza", "Trinkwasser", "drinking", "approvisionnement"):
        assert found(q) == [created], q


def test_found_by_a_new_description_after_edit_and_not_by_the_old_one(created):
    services.partnership_update(
        partnership=created,
        since_year=None,
        descriptions={"en": "Solar street lighting.", "de": "", "fr": ""},
    )
    assert found("lighting") == [created]
    assert found("drinking") == []
    assert found("Trinkwasser") == []


def test_found_by_a_new_partner_after_the_partners_change(created):
    services.partnership_set_partners(
        partnership=created, partners=[PartnerMunicipalityFactory(name="Sample Partner Town Wa")]
    )
    assert found("Wa") == [created]
    assert found("Nkoranza") == []


@pytest.mark.parametrize("side", ["german", "partner"])
def test_a_renamed_municipality_finds_its_partnerships_by_the_new_name_only(created, side):
    # What the admin's change form does: Municipality.save() (reference has no service).
    other = PartnershipFactory(
        german_municipality=created.german_municipality
        if side == "german"
        else MunicipalityFactory(name="Sample Town Ahornbach"),
        partners=list(created.partners.all())
        if side == "partner"
        else [PartnerMunicipalityFactory()],
        kind=PartnershipKind.TOWN_TWINNING,
    )
    municipality = created.german_municipality if side == "german" else created.partners.get()
    old = "Quellental" if side == "german" else "Nkoranza"
    municipality.name = "Sample Town Renamed Birkenau"
    municipality.save()
    assert sorted(found("Birkenau"), key=lambda p: p.pk) == [created, other]
    assert found(old) == []


def test_saving_other_fields_of_a_municipality_does_not_touch_its_partnerships(
    created, django_assert_num_queries
):
    municipality = created.german_municipality
    municipality.languages = ["de", "en"]
    with django_assert_num_queries(1):  # the UPDATE of the municipality, no refresh
        municipality.save(update_fields=["languages"])
    assert found("Quellental") == [created]


def old_document():
    """The document as `search_partnerships` computed it for every row before it was stored."""
    through = Partnership.partners.through
    partner_names = Subquery(
        through.objects.filter(partnership_id=OuterRef("pk"))
        .values("partnership_id")
        .annotate(
            names=StringAgg(
                "municipality__name", delimiter=" ", order_by=("municipality__name", "municipality")
            )
        )
        .values("names")[:1]
    )
    return (
        SearchVector("german_municipality__name", config="simple", weight="A")
        + SearchVector(
            Coalesce(partner_names, Value(""), output_field=TextField()),
            config="simple",
            weight="A",
        )
        + SearchVector("description_de", config="german", weight="B")
        + SearchVector("description_en", config="english", weight="B")
        + SearchVector("description_fr", "description_es", config="simple", weight="C")
    )


@postgres_only
def test_the_stored_document_is_the_one_the_search_computed_before(created):
    PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Eichstätt-Süd"),
        partners=[
            PartnerMunicipalityFactory(name="Sample Partner Town Hue"),
            PartnerMunicipalityFactory(name="Ciudad Ejemplo Cusco"),
        ],
        description_de="Die Partnerschaften der Schulen.",
        description_en="School partnerships and youth exchanges.",
        description_fr="Échanges de jeunes.",
        description_es="Intercambio de jóvenes.",
    )
    PartnershipFactory(description_en="")  # empty descriptions
    rows = Partnership.objects.annotate(old=old_document()).values_list("search_vector", "old")
    assert len(rows) == 3
    for stored, old in rows:
        assert stored and stored == old


@postgres_only
def test_the_search_reads_the_stored_document_and_the_gin_index_answers(created):
    german = MunicipalityFactory()
    partner = PartnerMunicipalityFactory()
    made = Partnership.objects.bulk_create(
        Partnership(
            german_municipality=german,
            kind=PartnershipKind.TOWN_TWINNING,
            description_en=f"Waste management {number}.",
        )
        for number in range(2000)
    )
    through = Partnership.partners.through
    through.objects.bulk_create(
        through(partnership_id=p.pk, municipality_id=partner.pk) for p in made
    )
    assert refresh_search_vectors() == 2001
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_partnership")
    queryset = search(PartnershipFilters(q="drinking"))
    with CaptureQueriesContext(connection) as queries:
        assert list(queryset) == [created]
    sql = queries.captured_queries[0]["sql"]
    assert "to_tsvector" not in sql  # nothing computed per row
    assert "search_vector" in sql
    compiled, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A small table: take the sequential scan and full index scans off the table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {compiled}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX_NAME in plan, plan


@postgres_only
def test_the_command_refreshes_documents_written_around_the_services(created):
    Partnership.objects.update(search_vector=None)  # e.g. a bulk import
    Partnership.objects.filter(pk=created.pk).update(description_en="Rainwater harvesting.")
    assert found("rainwater") == []
    output = io.StringIO()
    call_command("refresh_search_index", stdout=output)
    assert "refreshed for 1 partnership" in output.getvalue()
    assert found("rainwater") == [created]
    assert found("Quellental") == [created]


def test_the_command_says_when_there_is_nothing_to_do_on_sqlite():
    output = io.StringIO()
    call_command("refresh_search_index", stdout=output)
    if connection.vendor == "postgresql":
        assert "refreshed for 0 partnership(s)" in output.getvalue()
    else:
        assert "Nothing to do" in output.getvalue()


@postgres_only
def test_refresh_of_some_ids_leaves_the_others():
    first, second = PartnershipFactory(), PartnershipFactory()
    Partnership.objects.update(search_vector=None)
    assert refresh_search_vectors([first.pk]) == 1
    assert refresh_search_vectors([]) == 0
    assert list(
        Partnership.objects.filter(search_vector__isnull=True).values_list("pk", flat=True)
    ) == [second.pk]
