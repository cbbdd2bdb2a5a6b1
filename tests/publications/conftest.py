import pytest

from tests.publications.helpers import make_publication


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def guide(db):
    return make_publication(
        slug="sample-guide", title_de="Beispiel-Leitfaden", printed_stock=20, order_limit=5
    )


@pytest.fixture
def material(db):
    return make_publication(
        slug="sample-material-7",
        series="material",
        number=7,
        title_de="Beispielmaterial",
        title_en="Sample material",
        languages="de,en",
        printed_stock=3,
    )
