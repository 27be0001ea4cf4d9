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
            "1001",
        )

    def test_upgrade_1001_grants_retention_permission(self, portal, setup_tool):
        """A site at 1000 gets the retention permission's roles by upgrading."""
        permission = "municipality.policy: Change retention period"
        expected = {
            r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]
        }
        assert "RecordsOfficer" in expected
        portal.manage_permission(permission, [], acquire=True)
        setup_tool.setLastVersionForProfile("municipality.policy:default", "1000")
        steps = setup_tool.listUpgrades("municipality.policy:default")
        assert [s["dest"] for s in steps] == [("1001",)]
        setup_tool.upgradeProfile("municipality.policy:default")
        granted = {
            r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]
        }
        assert granted == expected
        assert setup_tool.getLastVersionForProfile("municipality.policy:default") == (
            "1001",
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
