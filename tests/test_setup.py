"""The add-ons install with the right languages, time zone and dependencies."""

from plone import api
import pytest


class TestSetup:
    @pytest.mark.parametrize(
        "package", ["municipality.policy", "municipality.theme", "plone.restapi"]
    )
    def test_product_installed(self, installer, package):
        assert installer.is_product_installed(package) is True

    def test_browserlayer(self, browser_layers):
        from municipality.policy.interfaces import IMunicipalityPolicyLayer

        assert IMunicipalityPolicyLayer in browser_layers

    def test_languages(self, portal):
        assert api.portal.get_registry_record("plone.default_language") == "fi"
        assert api.portal.get_registry_record("plone.available_languages") == [
            "fi",
            "sv",
            "en",
        ]

    def test_timezone(self, portal):
        assert (
            api.portal.get_registry_record("plone.portal_timezone") == "Europe/Helsinki"
        )

    def test_profile_version(self, setup_tool):
        assert setup_tool.getLastVersionForProfile("municipality.policy:default") == (
            "1000",
        )

    def test_roles_match_model(self, portal):
        from municipality.policy.security.model import ROLE_IDS

        assert set(ROLE_IDS) <= set(portal.valid_roles())

    def test_archive_types_registered(self, portal):
        types = api.portal.get_tool("portal_types")
        for name in ("ArchiveCreator", "SubArchiveCreator"):
            assert name in types.objectIds()

    def test_production_profile_creates_no_demo_content(self, portal):
        from municipality.policy.demo.users import demo_accounts

        for user_id, *_ in demo_accounts():
            assert api.user.get(userid=user_id) is None
        assert "esimerkkikunta" not in portal.objectIds()
