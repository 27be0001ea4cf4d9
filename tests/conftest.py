"""pytest fixtures over the plone.app.testing layers of municipality.policy.

Each test runs on one layer, told by the layer fixture it uses (``portal``,
``functional``, ``demo_restapi``, ...). ``pytest_collection_modifyitems`` gives
every test its layer, so zope.pytestlayer groups the tests by layer (bases
first) and sets each layer up once per run, as zope.testrunner does: the plain
site's layers first, then the demo's on top of them. ``check_layer_site``
fails a test that sees another layer's site.
"""

from municipality.policy.testing import DEMO_FUNCTIONAL_TESTING
from municipality.policy.testing import DEMO_INTEGRATION_TESTING
from municipality.policy.testing import DEMO_RESTAPI_TESTING
from municipality.policy.testing import FUNCTIONAL_TESTING
from municipality.policy.testing import INTEGRATION_TESTING
from municipality.policy.testing import RESTAPI_TESTING
from municipality.policy.testing import site_layer_name
from pytest_plone import fixtures_factory
import os
import pytest


pytest_plugins = ["pytest_plone"]

LAYERS = (
    (INTEGRATION_TESTING, "integration"),
    (FUNCTIONAL_TESTING, "functional"),
    (RESTAPI_TESTING, "restapi"),
    (DEMO_INTEGRATION_TESTING, "demo_integration"),
    (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
    (DEMO_RESTAPI_TESTING, "demo_restapi"),
)

# keep_session=False: a layer is kept while the next test needs it (grouped
# by layer below), not for the whole session, so at most one stack is up.
globals().update(fixtures_factory(LAYERS, keep_session=False))


def layer_of(item):
    """The one testing layer ``item`` uses, from its fixtures (or None)."""
    names = set(getattr(item, "fixturenames", ()))
    used = [layer for layer, prefix in LAYERS if prefix in names]
    if len(used) > 1:
        raise pytest.UsageError(
            f"{item.nodeid} uses several layers: {[layer.__name__ for layer in used]}"
        )
    return used[0] if used else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """Tell zope.pytestlayer each test's layer; mark browser and PostgreSQL tests.

    Runs before zope.pytestlayer's hook, which then orders the tests by layer.
    """
    for item in items:
        layer = layer_of(item)
        if layer is not None and not hasattr(item, "layer"):
            item.layer = layer
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "pg_dsn" in names:
            item.add_marker(pytest.mark.relstorage)
    if os.environ.get("KP_TEST_REVERSE"):
        # Within each layer the order must not matter: run it backwards once.
        items.reverse()
    # The plain site's layers first, then the demo's: each set up once.
    rank = {layer: index for index, (layer, _prefix) in enumerate(LAYERS)}
    items.sort(key=lambda item: rank.get(getattr(item, "layer", None), -1))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    check_layer_site(item)
    yield


def check_layer_site(item):
    """Fail a test whose layer sees another layer's site.

    Each sandbox layer stamps its site with its own name when it sets it up
    (``testing.site_layer_name``); the test's portal, the site of the
    component hooks and the site under the test's Zope root must all carry
    the stamp of the site layer this test's layer stands on.
    """
    layer = getattr(item, "layer", None)
    if layer is None:
        return
    try:
        portal = layer["portal"]
    except KeyError:
        return
    from zope.component.hooks import getSite

    expected = site_layer_name(layer)
    seen = {
        "layer portal": getattr(portal, "_kp_site_layer", None),
        "current site": getattr(getSite(), "_kp_site_layer", None),
        "Zope root": getattr(layer["app"].get(portal.getId()), "_kp_site_layer", None),
    }
    wrong = {where: name for where, name in seen.items() if name != expected}
    if wrong:
        pytest.fail(
            f"{item.nodeid} on {layer.__name__} sees another layer's site: "
            f"expected {expected}, saw {wrong}",
            pytrace=False,
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
    # A Finnish browser: Accept-Language fi (the site negotiates the browser's
    # language; headless Chromium would otherwise ask for en-US).
    options.add_experimental_option("prefs", {"intl.accept_languages": "fi"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        import shutil

        shutil.rmtree(profile, ignore_errors=True)
