"""The catalogue, a publication's page, the download, the order form, the fulfilment list."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnerhub.publications.models import OrderStatus, PublicationOrder
from tests.permissions import LOGIN, assert_matrix

from .helpers import PDF_BYTES, make_publication, order, pdf_upload

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CATALOGUE = reverse("publications:catalogue")
ORDER_NEW = reverse("publications:order_create")
FULFILMENT = reverse("publications:fulfilment")


def everyone(status) -> dict:
    return dict.fromkeys(
        (
            "anonymous",
            "participant",
            "member_own",
            "member_other",
            "reviewer_conflict",
            "organiser",
        ),
        status,
    )


def organisers_only(organiser=200) -> dict:
    expected = everyone(403)
    expected.update(anonymous=LOGIN, organiser=organiser)
    return expected


# --- The catalogue -----------------------------------------------------------------------


def test_the_catalogue_filters_by_topic_language_series_and_number(client, guide, material):
    make_publication(
        slug="conference-brochure", title_de="Konferenzformat", topic="conferences", languages="fr"
    )
    make_publication(
        slug="workshop",
        series="material",
        number=47,
        alternative_number=43,
        source_note="Two numbers in seed 004.",
        title_de="Workshop-Dokumentation",
    )
    make_publication(slug="draft", title_de="Entwurf", is_published=False)

    def titles(**query):
        response = client.get(CATALOGUE, query, **EN)
        assert response.status_code == 200
        return {p.slug for p in response.context["page"]}

    assert titles() == {"sample-guide", "sample-material-7", "conference-brochure", "workshop"}
    assert titles(topic="climate") == {"sample-guide", "sample-material-7", "workshop"}
    assert titles(language="fr") == {"conference-brochure"}
    assert titles(series="material") == {"sample-material-7", "workshop"}
    assert titles(series="none") == {"sample-guide", "conference-brochure"}
    assert titles(q="43") == {"workshop"}
    assert titles(q="konferenz") == {"conference-brochure"}
    assert titles(topic="nonsense", language="<x>") == titles()  # ignored, never an error


def test_the_catalogue_shows_what_one_can_get(client, guide, material):
    online = make_publication(slug="online", online_only=True, title_de="Online-Doku")
    online.pdf = pdf_upload()
    online.save()
    html = client.get(CATALOGUE, **EN).content.decode()
    assert reverse("publications:download", args=["online"]) in html
    assert "Online publication: not printed." in html
    assert f"{ORDER_NEW}?publication=sample-guide" in html
    assert "In print: 20 copies in stock" in html


@pytest.mark.parametrize("rows", [2, 30])
def test_the_catalogue_runs_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    for number in range(rows):
        make_publication(slug=f"p-{number}", series="material", number=number + 1)
    with django_assert_max_num_queries(3):  # session-less: count, page (+ savepoint slack)
        response = client.get(CATALOGUE, {"topic": "climate"})
    assert response.status_code == 200


def test_pages_and_download_for_every_role(client, roles):
    public = make_publication(slug="public", printed_stock=5)
    public.pdf = pdf_upload()
    public.save()
    hidden = make_publication(slug="hidden", is_published=False)
    hidden.pdf = pdf_upload("hidden.pdf")
    hidden.save()
    assert_matrix(client, CATALOGUE, everyone(200))
    assert_matrix(client, reverse("publications:detail", args=["public"]), everyone(200))
    assert_matrix(client, reverse("publications:download", args=["public"]), everyone(200))
    hidden_expected = everyone(404)
    hidden_expected["organiser"] = 200
    assert_matrix(client, reverse("publications:detail", args=["hidden"]), hidden_expected)
    assert_matrix(client, reverse("publications:download", args=["hidden"]), hidden_expected)
    assert_matrix(client, ORDER_NEW, everyone(200))


def test_the_download_is_an_attachment_that_is_not_sniffed(client):
    publication = make_publication(slug="guide-pdf")
    publication.pdf = pdf_upload()
    publication.save()
    response = client.get(reverse("publications:download", args=["guide-pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide-pdf.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_no_pdf_no_download(client, guide):
    assert client.get(reverse("publications:download", args=[guide.slug])).status_code == 404
    assert client.get(reverse("publications:detail", args=["unknown"])).status_code == 404


def test_the_publication_page_shows_both_numbers_and_the_note(client):
    make_publication(
        slug="workshop",
        series="material",
        number=47,
        alternative_number=43,
        source_note="Seed 004 gives two numbers.",
        printed_stock=4,
    )
    html = client.get(reverse("publications:detail", args=["workshop"]), **EN).content.decode()
    assert "Material no. 47" in html
    assert "also given as Material no. 43" in html
    assert "Seed 004 gives two numbers." in html
    assert "At most 10 copies per order." in html


# --- The order form -------------------------------------------------------------------------


def form_data(publications_quantities, **values) -> dict:
    data = {
        "submission_key": "k-1",
        "organisation": "Sample Town, Office for International Relations",
        "attention": "",
        "street": "Sample Square 1",
        "postcode": "53113",
        "town": "Sample Town",
        "country": "DE",
        "email": "orders@example.org",
        "language": "en",
        "consent": "on",
    }
    data.update({f"qty_{p.pk}": q for p, q in publications_quantities})
    data.update(values)
    return data


def test_the_form_starts_with_the_publication_chosen(client, guide, material):
    response = client.get(ORDER_NEW, {"publication": guide.slug}, **EN)
    form = response.context["form"]
    assert form.initial[f"qty_{guide.pk}"] == 1
    assert f"qty_{material.pk}" not in form.initial


def test_an_order_through_the_form(client, guide, material, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ORDER_NEW, form_data([(guide, 2), (material, 1)]), **EN)
    placed = PublicationOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publications:order", args=[placed.access_token])
    page = client.get(response["Location"], **EN)
    html = page.content.decode()
    assert "Your order no." in html and "Sample Square 1" in html
    assert page["Referrer-Policy"] == "no-referrer"
    assert placed.created_by is None


def test_a_refused_order_keeps_what_was_typed(client, guide):
    response = client.post(
        ORDER_NEW,
        form_data([(guide, 9)], consent="", street="Keep This Street 5", postcode="123"),
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "At most 5 copies of this publication per order." in html
    assert "Agree to the processing of your details to order." in html
    assert 'value="Keep This Street 5"' in html
    assert 'value="9"' in html
    assert "Please correct the following:" in html
    assert not PublicationOrder.objects.exists()
    response = client.post(ORDER_NEW, form_data([(guide, 1)], postcode="123"), **EN)
    assert "A German postcode has five digits." in response.content.decode()


def test_junk_in_the_form_is_an_error_not_a_500(client, guide):
    response = client.post(ORDER_NEW, form_data([(guide, "many")], country="ZZ"), **EN)
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(ORDER_NEW, {}, **EN)
    assert response.status_code == 200


def test_an_unknown_order_link_is_404(client):
    assert client.get(reverse("publications:order", args=["nope"])).status_code == 404


@pytest.mark.parametrize("rows", [2, 25])
def test_the_order_form_runs_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    for number in range(rows):
        make_publication(slug=f"p-{number}", printed_stock=5)
    with django_assert_max_num_queries(3):  # publications, countries
        assert client.get(ORDER_NEW).status_code == 200


# --- Fulfilment ---------------------------------------------------------------------------


def test_only_organisers_see_and_export_the_orders(client, roles, guide):
    order({guide.pk: 1})
    assert_matrix(client, FULFILMENT, organisers_only())
    for fmt in ("csv", "xlsx"):
        url = reverse("publications:fulfilment_export", args=[fmt])
        assert_matrix(client, url, organisers_only())
    client.force_login(roles["organiser"])
    assert client.get(reverse("publications:fulfilment_export", args=["pdf"])).status_code == 404


def test_only_organisers_ship_and_cancel(client, roles, guide):
    to_ship, to_cancel = order({guide.pk: 1}), order({guide.pk: 2})
    assert_matrix(
        client,
        reverse("publications:order_ship", args=[to_ship.pk]),
        organisers_only(302),
        method="post",
        data={},
    )
    assert_matrix(
        client,
        reverse("publications:order_cancel", args=[to_cancel.pk]),
        organisers_only(302),
        method="post",
        data={"reason": "duplicate"},
    )
    to_ship.refresh_from_db()
    to_cancel.refresh_from_db()
    assert (to_ship.status, to_cancel.status) == (OrderStatus.SHIPPED, OrderStatus.CANCELLED)
    guide.refresh_from_db()
    assert guide.printed_stock == 19


def test_the_fulfilment_list_by_status_and_its_actions(client, roles, guide):
    first = order({guide.pk: 1}, organisation="First Office")
    second = order({guide.pk: 2}, organisation="Second Office")
    client.force_login(roles["organiser"])
    response = client.post(
        reverse("publications:order_ship", args=[first.pk]), {"next": FULFILMENT}, **EN
    )
    assert response["Location"] == FULFILMENT
    open_orders = client.get(FULFILMENT, **EN)
    assert [o.pk for o in open_orders.context["orders"]] == [second.pk]
    shipped = client.get(FULFILMENT, {"status": "shipped"}, **EN)
    assert [o.pk for o in shipped.context["orders"]] == [first.pk]
    everything = client.get(FULFILMENT, {"status": "all"}, **EN)
    assert len(everything.context["orders"]) == 2
    # Shipping twice is refused with a message, not an error page.
    response = client.post(reverse("publications:order_ship", args=[first.pk]), follow=True, **EN)
    assert "Only an open order can be shipped" in response.content.decode()
    # A reason that is too long is refused and the order stays open.
    response = client.post(
        reverse("publications:order_cancel", args=[second.pk]), {"reason": "x" * 301}, **EN
    )
    second.refresh_from_db()
    assert second.status == OrderStatus.OPEN
    assert client.post(reverse("publications:order_ship", args=[999_999])).status_code == 404


def test_the_export_holds_the_addresses_and_publications(client, roles, guide):
    order({guide.pk: 2}, organisation="=HYPERLINK(evil)")
    client.force_login(roles["organiser"])
    csv = client.get(reverse("publications:fulfilment_export", args=["csv"]), **EN)
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"] == 'attachment; filename="publication-orders-open.csv"'
    assert "'=HYPERLINK(evil)" in text
    assert f"2 × {guide}" in text
    xlsx = client.get(reverse("publications:fulfilment_export", args=["xlsx"]), {"status": "all"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 2
    assert sheet.cell(row=2, column=12).value == 2


@pytest.mark.parametrize("rows", [2, 20])
def test_the_fulfilment_list_runs_a_fixed_number_of_queries(
    client, roles, guide, material, rows, django_assert_max_num_queries
):
    guide.order_limit = 10
    guide.printed_stock = 1000
    guide.save()
    for number in range(rows):
        order({guide.pk: 1, material.pk: 0}, organisation=f"Office {number}")
    client.force_login(roles["organiser"])
    with django_assert_max_num_queries(9):
        assert client.get(FULFILMENT).status_code == 200
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("publications:fulfilment_export", args=["csv"])).status_code == 200
        )
