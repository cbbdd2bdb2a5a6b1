"""Shared fixtures: reference data, people in every role, the permission matrix."""

import pytest

from partnerhub.reference.loader import ensure_reference_data

pytest_plugins = ["tests.permissions"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped reference data (countries, DAC lists, SDGs) once per test database."""
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests flush the database afterwards; reload reference data for them."""
    marker = request.node.get_closest_marker("django_db")
    transactional_mark = marker is not None and marker.kwargs.get("transaction", False)
    if transactional_mark or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 (production) takes about half a second per person; tests create many people.

    tests/test_settings.py checks the real setting, so it keeps Argon2.
    """
    if request.path.name != "test_settings.py":
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "two_factor: force_login does not complete the two-factor step (the real flow is tested)",
    )


@pytest.fixture(autouse=True)
def _force_login_completes_two_factor(request, monkeypatch):
    """`client.force_login` stands for a finished log-in, including the second factor.

    Organisers and reviewers must pass two-factor authentication
    (core.middleware.TwoFactorMiddleware, on in every test). Most tests log people
    in with force_login to test something else; for them the session is marked as
    verified. Tests marked `two_factor` (tests/security/, tests/accounts/test_two_factor.py)
    get the bare session and go through the real flow. See docs/security.md.
    """
    if request.node.get_closest_marker("two_factor"):
        return
    from django.test.client import ClientMixin

    from partnerhub.accounts.two_factor import SESSION_KEY

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[SESSION_KEY] = user.pk
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)
