"""Creating the site: Classic UI, Finnish first, fi/sv/en, Europe/Helsinki, add-ons."""

from municipality.policy.site import ensure_site
from plone import api
from plone.base.utils import get_installer
from plone.distribution.api.distribution import get_creation_report
from zope.component.hooks import setSite
import pytest


@pytest.fixture
def app(functional):
    return functional["app"]


class TestEnsureSite:
    def test_creates_site_with_languages_timezone_and_addons(self, app):
        site, created = ensure_site(app, site_id="kunta")
        assert created is True
        setSite(site)
        assert site.getId() == "kunta"
        assert site.Language() == "fi"
        assert api.portal.get_registry_record("plone.default_language") == "fi"
        assert api.portal.get_registry_record("plone.available_languages") == [
            "fi",
            "sv",
            "en",
        ]
        assert (
            api.portal.get_registry_record("plone.portal_timezone") == "Europe/Helsinki"
        )
        installer = get_installer(site)
        for product in ("plone.restapi", "municipality.policy", "municipality.theme"):
            assert installer.is_product_installed(product), product
        # Classic UI: made by the classic distribution, Barceloneta theme active.
        assert get_creation_report(site).name == "classic"
        assert (
            api.portal.get_registry_record(
                "plone.app.theming.interfaces.IThemeSettings.rules"
            )
            == "/++theme++kuntaportaali/rules.xml"
        )
        assert (
            site.portal_setup.getLastVersionForProfile("plone.app.contenttypes:default")
            != "unknown"
        )

    def test_second_call_keeps_existing_site(self, app):
        site, _ = ensure_site(app, site_id="kunta")
        with api.env.adopt_roles(["Manager"]):
            api.content.create(
                container=site, type="Document", id="keep", title="Keep me"
            )
        again, created = ensure_site(app, site_id="kunta")
        assert created is False
        assert again["keep"].title == "Keep me"

    def test_existing_site_gets_pending_upgrades(self, app):
        """New code on an old database: ``make run`` runs the upgrade steps."""
        site, _ = ensure_site(app, site_id="kunta")
        setup = site.portal_setup
        profile = "municipality.policy:default"
        latest = setup.getVersionForProfile(profile)
        previous = str(int(latest) - 1)
        setup.setLastVersionForProfile(profile, previous)
        assert setup.listUpgrades(profile)
        again, created = ensure_site(app, site_id="kunta")
        assert created is False
        assert setup.getLastVersionForProfile(profile) == (latest,)
        assert setup.listUpgrades(profile) == []
