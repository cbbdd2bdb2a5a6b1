"""Factories for tests. Countries come from the loaded reference data, never from a factory."""

import datetime

import factory
from factory.django import DjangoModelFactory

from partnerhub.accounts.models import Membership, MembershipRole, Person
from partnerhub.conferences.models import (
    ConferenceSeries,
    Edition,
    EditionPart,
    EditionStatus,
    SeriesKind,
)
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.partnerships.search import refresh_search_vectors
from partnerhub.reference.models import (
    Country,
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
)

PASSWORD = "correct horse battery staple"


def country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    preferred_language = "de"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Sample Town {n}")
    slug = factory.Sequence(lambda n: f"sample-town-{n}")
    kind = MunicipalityKind.CITY
    country = factory.LazyFunction(lambda: country("DE"))
    is_sample = True


class PartnerMunicipalityFactory(MunicipalityFactory):
    name = factory.Sequence(lambda n: f"Sample Partner City {n}")
    slug = factory.Sequence(lambda n: f"sample-partner-city-{n}")
    country = factory.LazyFunction(lambda: country("GH"))


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Sample Association {n}")
    slug = factory.Sequence(lambda n: f"sample-association-{n}")
    kind = OrganisationKind.ASSOCIATION
    country = factory.LazyFunction(lambda: country("DE"))
    is_sample = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = MembershipRole.MEMBER


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    german_municipality = factory.SubFactory(MunicipalityFactory)
    kind = PartnershipKind.TOWN_TWINNING
    since_year = 1995
    is_sample = True

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if not create:
            return
        self.partners.set(extracted if extracted is not None else [PartnerMunicipalityFactory()])

    @factory.post_generation
    def search_document(self, create, extracted, **kwargs):
        # As the services do: the stored search document (PostgreSQL) after the partners.
        if create:
            refresh_search_vectors([self.pk])


class SeriesFactory(DjangoModelFactory):
    class Meta:
        model = ConferenceSeries
        django_get_or_create = ("slug",)

    slug = "africa"
    kind = SeriesKind.REGIONAL
    region = "africa"
    title_de = "Kommunale Partnerschaftskonferenz Afrika"
    title_en = "Partnership Conference Africa"


class EditionFactory(DjangoModelFactory):
    """An edition open for registration, its one part a year from now unless given."""

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: 100 + n)
    place = "Sample Town"
    status = EditionStatus.REGISTRATION_OPEN
    capacity = None
    is_moderated = False

    @factory.post_generation
    def start(edition, create, extracted, **kwargs):
        """`EditionFactory(start=date(…))` sets the first day of its one part."""
        if not create:
            return
        start = extracted or datetime.date.today() + datetime.timedelta(days=365)
        EditionPart.objects.create(
            edition=edition, start=start, end=start + datetime.timedelta(days=2)
        )
