"""Demo part: the publications the seeds name, the climate management guide, one order.

What comes from the seeds (titles, numbers, places, dates, languages) is
entered as the seeds print it; where they disagree or say nothing, the entry
says so in its `source_note` instead of choosing silently:

* the workshop documentation is "Material Nr. 47" in the flyer's list of
  publications and "Material 43" a few paragraphs later (seed 004): number 47,
  alternative number 43;
* the pre-study is dated "Bonn, Juni 2010" in that list and "veröffentlicht Mai
  2010" in the flyer's background section;
* the climate management guide is named only as an offer of the project, and
  the brochure of seed 000 only by its text: no number, date or language given.

Invented: every printed stock figure and the sample order. We do not have the
real files, so the guide and the online publication get a placeholder PDF made
with `core.pdf` that says on its first line that it is a placeholder and holds
none of the publication's content. Everything is marked `is_sample`.

Idempotent: entries are looked up by slug and created only when missing (a
missing placeholder PDF is added); the order by its submission key.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import translation

from partnerhub.conferences.dates import DatePrecision
from partnerhub.core.pdf import render_pdf
from partnerhub.reference.models import Country

from . import services
from .models import Publication, PublicationKind, PublicationOrder, Series, Topic
from .queries import CLIMATE_GUIDE_SLUG

ORDER_KEY = "demo-publication-order-1"
STOCK_NOTE = "Demo: the printed stock is invented."

PUBLICATIONS = [
    {
        "slug": "material-42-klimapartnerschaften-vorstudie",
        "series": Series.MATERIAL,
        "number": 42,
        "kind": PublicationKind.STUDY,
        "original_language": "de",
        "title_de": "50 Kommunale Klimapartnerschaften bis 2015 – Vorstudie",
        "description_de": (
            "Vorstudie der Landesarbeitsgemeinschaft Agenda 21 NRW zum Potenzial für den "
            "Aufbau kommunaler Klimapartnerschaften."
        ),
        "description_en": (
            "Pre-study by the Agenda 21 working group of North Rhine-Westphalia (LAG 21 NRW) "
            "on the potential for municipal climate partnerships."
        ),
        "published_on": datetime.date(2010, 6, 1),
        "date_precision": DatePrecision.MONTH,
        "place": "Bonn",
        "languages": "de",
        "topic": Topic.CLIMATE,
        "printed_stock": 12,
        "source_note": (
            "Seed 004 lists it as “Material Nr. 42 … Vorstudie. Bonn, Juni 2010”; the same "
            "flyer’s background section says the pre-study was published in May 2010. The "
            "date of the listing is kept here. " + STOCK_NOTE
        ),
    },
    {
        "slug": "material-47-workshop-klimapartnerschaften",
        "series": Series.MATERIAL,
        "number": 47,
        "alternative_number": 43,
        "kind": PublicationKind.DOCUMENTATION,
        "original_language": "de",
        "title_de": "Workshop „50 Kommunale Klimapartnerschaften bis 2015“ – Dokumentation",
        "published_on": datetime.date(2011, 6, 1),
        "date_precision": DatePrecision.MONTH,
        "place": "Bonn",
        "languages": "de",
        "topic": Topic.CLIMATE,
        "printed_stock": 40,
        "source_note": (
            "Two numbers in one source: seed 004 lists this documentation as “Material Nr. 47 "
            "(Bonn, Juni 2011)” in its list of publications and calls the workshop "
            "documentation “Material 43” in its background section, next to the pre-study "
            "(Material 42). Both numbers are kept; the sources do not settle which is right. "
            "Which workshop it documents is not stated (the first nationwide workshop was on "
            "22 June 2010 in Bonn). " + STOCK_NOTE
        ),
    },
    {
        "slug": "dokumentation-workshop-oktober-2011",
        "kind": PublicationKind.DOCUMENTATION,
        "original_language": "de",
        "title_de": "Dokumentation des Workshops vom 4.–5. Oktober 2011 in Bonn",
        "published_on": None,
        "languages": "de",
        "topic": Topic.CLIMATE,
        "online_only": True,
        "printed_stock": None,
        "source_note": (
            "Seed 004 lists it as an online publication without a number; the date of "
            "publication and the languages are not stated (German assumed from the title). "
            "Demo: the PDF is a placeholder, not the documentation."
        ),
        "placeholder_pdf": True,
    },
    {
        "slug": "material-54-international-kick-off-workshop",
        "series": Series.MATERIAL,
        "number": 54,
        "kind": PublicationKind.DOCUMENTATION,
        "original_language": "en",
        "title_en": (
            "International Kick-off Workshop “50 Municipal Climate Partnerships by 2015”, "
            "14th–16th November 2011 – Documentation"
        ),
        "description_en": (
            "Documentation of the international kick-off workshop of the climate partnerships "
            "project, 14–16 November 2011."
        ),
        "description_de": (
            "Dokumentation des internationalen Auftaktworkshops des Projekts "
            "Klimapartnerschaften, 14.–16. November 2011."
        ),
        "published_on": datetime.date(2012, 5, 1),
        "date_precision": DatePrecision.MONTH,
        "place": "Bonn",
        "languages": "en",
        "topic": Topic.CLIMATE,
        "printed_stock": 25,
        "source_note": "Seed 004: “Material Nr. 54 … Bonn, Mai 2012”. " + STOCK_NOTE,
    },
    {
        "slug": "erklaerung-11-bundeskonferenz-muenchen-2009",
        "kind": PublicationKind.DECLARATION,
        "original_language": "de",
        "title_de": (
            "Kommunen und Initiativen gestalten Globalisierung – Erklärung der "
            "11. Bundeskonferenz, München 2009"
        ),
        "published_on": datetime.date(2009, 1, 1),
        "date_precision": DatePrecision.YEAR,
        "place": "München",
        "languages": "de,en,fr",
        "topic": Topic.CLIMATE,
        "printed_stock": 60,
        "source_note": (
            "Seed 004 lists the declaration (“auch in Englisch und Französisch”) among the "
            "publications the service agency issued on the climate partnerships project; the "
            "English and French titles are not given there. " + STOCK_NOTE
        ),
    },
    {
        "slug": CLIMATE_GUIDE_SLUG,
        "kind": PublicationKind.GUIDE,
        "original_language": "de",
        "title_de": "Klimamanagement-Leitfaden zur Erstellung der gemeinsamen Handlungsprogramme",
        "description_de": (
            "Der Leitfaden hilft deutschen Kommunen und ihren Partnerkommunen, ihr gemeinsames "
            "Handlungsprogramm zu Klimaschutz und Klimaanpassung zu schreiben. Kostenlos."
        ),
        "description_en": (
            "The guide helps German municipalities and their partners write their joint action "
            "programme on climate mitigation and adaptation. Free of charge."
        ),
        "published_on": None,
        "languages": "de",
        "topic": Topic.CLIMATE,
        "printed_stock": 150,
        "order_limit": 5,
        "source_note": (
            "Seed 004 names the guide only among the project’s offers (“Kostenlose "
            "Bereitstellung eines Klimamanagement-Leitfadens zur Erstellung der gemeinsamen "
            "Handlungsprogramme”); number, date and languages are not stated. Demo: the PDF "
            "is a placeholder and the stock is invented."
        ),
        "placeholder_pdf": True,
    },
    {
        "slug": "partnerschaftskonferenzen-das-konferenzformat",
        "kind": PublicationKind.BROCHURE,
        "original_language": "de",
        "title_de": "Kommunale Partnerschaftskonferenzen – Das Konferenzformat",
        "description_de": (
            "Das Format der Kommunalen Partnerschaftskonferenzen: Zielgruppen, Ziele, der "
            "dreijährige Turnus und die bisherigen Konferenzen nach Regionen."
        ),
        "description_en": (
            "The format of the municipal partnership conferences: target groups, goals, the "
            "three-year rotation and the conferences so far, by region."
        ),
        "published_on": None,
        "languages": "de",
        "topic": Topic.CONFERENCES,
        "printed_stock": 80,
        "source_note": (
            "Seed 000 is this brochure; it states no title, number or date. The title is made "
            "of the series’ name and the heading “Das Konferenzformat”; the brochure lists "
            "conferences up to November 2020. It refers to further free publications on the "
            "series at www.service-eine-welt.de without naming them. " + STOCK_NOTE
        ),
    },
]


def placeholder_pdf(publication: Publication) -> ContentFile:
    with translation.override("en"):
        return ContentFile(
            render_pdf("publications/pdf/placeholder.html", {"publication": publication})
        )


def _publication(values: dict, report) -> Publication:
    values = dict(values)
    wants_pdf = values.pop("placeholder_pdf", False)
    publication = Publication.objects.filter(slug=values["slug"]).first()
    if publication is None:
        publication = Publication(**values, is_sample=True)
        services.publication_save(publication=publication)
        report.line(f"publication: {publication}")
    if wants_pdf and not publication.pdf:
        publication.pdf.save(f"{publication.slug}.pdf", placeholder_pdf(publication), save=False)
        services.publication_save(publication=publication)
    return publication


def load(report) -> None:
    by_slug = {values["slug"]: _publication(values, report) for values in PUBLICATIONS}
    if not PublicationOrder.objects.filter(submission_key=ORDER_KEY).exists():
        services.order_submit(
            items={
                by_slug[CLIMATE_GUIDE_SLUG].pk: 2,
                by_slug["material-54-international-kick-off-workshop"].pk: 1,
            },
            address={
                "organisation": "Musterstadt (Beispiel), Büro für internationale Zusammenarbeit",
                "attention": "Koordination Klimapartnerschaft",
                "street": "Beispielplatz 1",
                "postcode": "12345",
                "town": "Musterstadt",
                "country": Country.objects.get(iso2="DE"),
                "email": "international@example.org",
            },
            consent=True,
            language="de",
            submission_key=ORDER_KEY,
            is_sample=True,
        )
        report.line("publications: a sample order of printed copies")
