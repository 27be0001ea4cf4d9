"""Upgrade 1002 -> 1003: a sector's elected official loses the restricted cases.

At 1002 the restricted case workflow gave ``ElectedOfficial`` View and List
from "Ratkaistavana" on, and the restricted document workflow View once
registered. The test puts those mappings back on the demo site (as a 1002 site
has them), checks that the sector's elected official reads a secret case and
its document, upgrades, and checks that they no longer do, in the catalog too.
"""

from plone import api
import pytest


PROFILE = "municipality.policy:default"
ELECT = "ElectedOfficial"
USER = "sivistys-luottamushenkilo"
#: what 1002 gave ElectedOfficial in the restricted variants
AT_1002 = {
    "municipality_case_workflow": (
        ("ratkaistavana", "paatetty", "toimeenpantava", "paattynyt", "siirretty"),
        ("View", "Access contents information", "List folder contents"),
    ),
    "municipality_document_workflow": (
        ("registered",),
        ("View", "Access contents information"),
    ),
}


def _as_at_1002(wftool):
    for wf_id, (states, permissions) in AT_1002.items():
        for state_id in states:
            state = wftool[wf_id].states[state_id]
            for permission in permissions:
                roles = tuple(state.getPermissionInfo(permission)["roles"])
                state.setPermission(permission, False, roles + (ELECT,))


def _secret_case():
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Case",
        sub_archive_creator="sivistyslautakunta",
        publicity_class="secret",
        review_state="toimeenpantava",
    ):
        case = brain._unrestrictedGetObject()
        docs = [
            doc
            for doc in case.objectValues()
            if api.content.get_state(doc) == "registered"
        ]
        if docs:
            return case, docs[0]
    raise LookupError("no decided secret case with a registered document")


def _found_by(user, obj):
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username=user):
        return bool(catalog(UID=obj.UID()))


@pytest.fixture
def site_at_1002(demo_portal):
    wftool = api.portal.get_tool("portal_workflow")
    _as_at_1002(wftool)
    case, doc = _secret_case()
    for obj in (case, doc):
        (wf_id,) = wftool.getChainFor(obj)
        assert wftool[wf_id].updateRoleMappingsFor(obj)
        obj.reindexObjectSecurity()
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile(PROFILE, "1002")
    return case, doc


def test_site_at_1002_leaks_to_the_elected_official(site_at_1002):
    """The simulation is real: at 1002 the official read the secret case."""
    case, doc = site_at_1002
    for obj in (case, doc):
        assert api.user.has_permission("View", username=USER, obj=obj)
        assert _found_by(USER, obj)


def test_upgrade_1003_takes_restricted_cases_from_elected_officials(site_at_1002):
    case, doc = site_at_1002
    setup = api.portal.get_tool("portal_setup")
    steps = setup.listUpgrades(PROFILE)
    assert ("1003",) in [step["dest"] for step in steps]
    setup.upgradeProfile(PROFILE, dest="1003")
    assert setup.getLastVersionForProfile(PROFILE) == ("1003",)
    wftool = api.portal.get_tool("portal_workflow")
    for wf_id, (states, permissions) in AT_1002.items():
        for state_id in states:
            for permission in permissions:
                info = wftool[wf_id].states[state_id].getPermissionInfo(permission)
                assert ELECT not in info["roles"], (wf_id, state_id, permission)
    for obj in (case, doc):
        assert not api.user.has_permission("View", username=USER, obj=obj)
        assert not _found_by(USER, obj)
    # the chain still reads it
    assert api.user.has_permission("View", username="sivistys-valmistelija", obj=case)
    assert _found_by("sivistys-valmistelija", doc)
