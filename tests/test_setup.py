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
        """The installed profile is at metadata.xml's version (every step run)."""
        profile = "municipality.policy:default"
        latest = setup_tool.getVersionForProfile(profile)
        assert int(latest) >= 1003
        assert setup_tool.getLastVersionForProfile(profile) == (latest,)

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
        assert [s["dest"] for s in steps][:2] == [("1001",), ("1002",)]
        setup_tool.upgradeProfile("municipality.policy:default", dest="1002")
        granted = {
            r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]
        }
        assert granted == expected
        assert setup_tool.getLastVersionForProfile("municipality.policy:default") == (
            "1002",
        )

    def test_upgrade_1002_moves_records_onto_their_variant(self, portal, setup_tool):
        """A decided public case with personal data was on the public variant
        (anonymous could view it); the upgrade adds the internal variant and
        moves it there, keeping its state and history, and adds the
        ``title_is_public`` metadata the diary reads."""
        from builders import make_registry
        from municipality.policy.cases import restrictionlog
        from municipality.policy.registry.api import register_case
        from municipality.policy.security import chain
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import setRoles

        setRoles(portal, TEST_USER_ID, ["Manager"])
        case = register_case(
            make_registry(portal),
            title="Asia",
            task_class="00.01.00",
            publicity_class="public",
            personal_data="personal",
        )
        for transition in ("prepare", "submit", "decide"):
            api.content.transition(obj=case, transition=transition)
        internal = "municipality_case_workflow_internal"
        public = "municipality_case_workflow_public"
        wftool = api.portal.get_tool("portal_workflow")
        assert wftool.getChainFor(case) == (internal,)
        # as it was at 1001: on the public variant, no internal workflow
        case.workflow_history[public] = case.workflow_history.pop(internal)
        setattr(case, chain.ATTR, public)
        wftool[public].updateRoleMappingsFor(case)
        wftool.manage_delObjects([internal])
        delattr(case, restrictionlog.SNAPSHOT_ATTR)  # no snapshots before 1002
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delColumn("title_is_public")

        def anonymous_views():
            return "Anonymous" in [
                r["name"] for r in case.rolesOfPermission("View") if r["selected"]
            ]

        assert anonymous_views()
        setup_tool.setLastVersionForProfile("municipality.policy:default", "1001")
        setup_tool.upgradeProfile("municipality.policy:default")
        assert internal in wftool.objectIds()
        assert wftool.getChainFor(case) == (internal,)
        assert api.content.get_state(case) == "paatetty"
        assert [h["action"] for h in case.workflow_history[internal]][-1] == "decide"
        assert not anonymous_views()
        (brain,) = catalog.unrestrictedSearchResults(UID=case.UID())
        assert brain.title_is_public is False  # the diary shows the public title
        assert restrictionlog.changes(case) == []
        case.personal_data = "none"
        assert [name for name, _old, _new in restrictionlog.changes(case)] == [
            "personal_data"
        ]

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


def test_every_upgrade_from_1002_runs_on_the_demo(demo_portal):
    """The whole chain 1002 -> newest on a site with records: no step fails,
    the site ends at the profile's version and the records still answer."""
    from municipality.policy.interfaces import ICase
    from plone import api

    setup = demo_portal.portal_setup
    profile = "municipality.policy:default"
    newest = setup.getVersionForProfile(profile)
    setup.setLastVersionForProfile(profile, "1002")
    steps = [step["dest"][0] for step in setup.listUpgrades(profile)]
    assert steps[-1] == newest and len(steps) >= 6
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(profile)
        assert setup.getLastVersionForProfile(profile) == (newest,)
        catalog = api.portal.get_tool("portal_catalog")
        cases = catalog.unrestrictedSearchResults(object_provides=ICase.__identifier__)
        assert len(cases) > 40
        numbers = {brain.diary_number for brain in cases}
        assert len(numbers) == len(cases)  # every case kept its own number
        newest_case = max(cases, key=lambda b: (b.diary_year, b.diary_sequence))
        registry = demo_portal["esimerkkikunta"]["kirjaamo"]
        html = registry.restrictedTraverse("@@diary")()
    # the diary's first page lists the newest case first
    assert newest_case.diary_number in html
