"""pytest fixtures over the plone.app.testing layers of municipality.policy."""

from municipality.policy.testing import DEMO_FUNCTIONAL_TESTING
from municipality.policy.testing import DEMO_INTEGRATION_TESTING
from municipality.policy.testing import DEMO_RESTAPI_TESTING
from municipality.policy.testing import FUNCTIONAL_TESTING
from municipality.policy.testing import INTEGRATION_TESTING
from municipality.policy.testing import RESTAPI_TESTING
from pytest_plone import fixtures_factory
import os
import pytest


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (INTEGRATION_TESTING, "integration"),
            (FUNCTIONAL_TESTING, "functional"),
            (RESTAPI_TESTING, "restapi"),
            (DEMO_INTEGRATION_TESTING, "demo_integration"),
            (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
            (DEMO_RESTAPI_TESTING, "demo_restapi"),
        ),
        keep_session=False,
    )
)


@pytest.fixture
def package_name() -> str:
    return "municipality.policy"


@pytest.fixture
def demo_portal(demo_integration):
    """The demo municipality's site (integration: rolled back after each test)."""
    return demo_integration["portal"]


@pytest.fixture
def rest_portal(restapi):
    """A site served over a real WSGI server; ``portal.absolute_url()`` works."""
    return restapi["portal"]


@pytest.fixture
def demo_rest_portal(demo_restapi):
    return demo_restapi["portal"]


PG_DSN = os.environ.get("KP_TEST_PG_DSN")


@pytest.fixture(scope="session")
def pg_dsn():
    """The PostgreSQL DSN for RelStorage tests; skips clearly when unset."""
    if not PG_DSN:
        pytest.skip(
            "RelStorage/PostgreSQL test skipped: set KP_TEST_PG_DSN "
            "(make test does, via instance/postgres.sh)"
        )
    return PG_DSN


@pytest.fixture(scope="session")
def relstorage_cluster(pg_dsn):
    """Two Zope processes on one fresh RelStorage database with the site ``kunta``."""
    from cluster import zope_cluster

    with zope_cluster(pg_dsn, count=2) as processes:
        yield processes


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    """Real headless Debian Chromium driven by Selenium (no browser download)."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Browser test skipped: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    import tempfile

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="kp-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=fi",
        "--window-size=1280,1024",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        import shutil

        shutil.rmtree(profile, ignore_errors=True)
