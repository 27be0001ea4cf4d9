"""The declarative table is the single source: profile equality and an
exhaustive walk of type x workflow state x role (and anonymous)."""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import nobody
from builders import make_registry
from DateTime import DateTime
from municipality.policy.security import generate
from municipality.policy.security.model import ANONYMOUS
from municipality.policy.security.model import ROLE_IDS
from municipality.policy.security.model import TABLE_ROLES
from municipality.policy.security.model import WORKFLOWS
from municipality.policy.security.model import WORKFLOWS_BY_ID
from municipality.policy.security.model import permissions_of
from municipality.policy.security.model import roles_for
from municipality.policy.security.model import transition_expression
from municipality.policy.security.model import transition_roles
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import logout
from plone.app.testing import setRoles
from Products.CMFCore.utils import _checkPermission
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import pytest


def test_profile_files_equal_the_table():
    for relative, text in generate.files().items():
        path = generate.PROFILE / relative
        assert path.read_text(encoding="utf-8") == text, (
            f"{relative} differs from security/model.py: run "
            "python -m municipality.policy.security.generate"
        )


def test_every_workflow_installed_and_bound(portal):
    wftool = api.portal.get_tool("portal_workflow")
    for workflow in WORKFLOWS:
        assert workflow.id in wftool.objectIds()
        for type_id in workflow.types:
            assert wftool.getChainForPortalType(type_id) == (workflow.id,)
        states = set(wftool[workflow.id].states.objectIds())
        assert states == {state for state, _title in workflow.states}


def test_roles_exist_with_site_permissions(portal):
    assert set(ROLE_IDS) <= set(portal.validRoles())
    roles = {
        r["name"]
        for r in portal.rolesOfPermission("municipality.policy: View access log")
        if r["selected"]
    }
    assert roles == {
        "Manager",
        "Site Administrator",
        "ChiefRecordsOfficer",
        "SectorRecordsManager",
    }


@pytest.fixture
def users(portal):
    """One user per table role, holding it globally."""
    for role in TABLE_ROLES:
        if role == ANONYMOUS:
            continue
        api.user.create(
            email=f"{role.lower().replace(' ', '')}@example.invalid",
            username=f"u-{role.replace(' ', '')}",
            password="Secret-123456",
        )
        api.user.grant_roles(username=f"u-{role.replace(' ', '')}", roles=[role])
    return {role: f"u-{role.replace(' ', '')}" for role in TABLE_ROLES}


def _objects(portal):
    """type id -> a fresh object of that type (for the types that exist)."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    creator = registry.aq_parent
    found = {
        "ArchiveCreator": creator,
        "SubArchiveCreator": creator["kunnanhallitus"],
        "Registry": registry,
    }
    types = api.portal.get_tool("portal_types").objectIds()
    if "Case" in types:
        found["Case:public"] = api.content.create(
            container=registry,
            type="Case",
            title="Julkinen asia",
            task_class="00.01.00",
        )
        found["Case:public"].publicity_class = "public"
        found["Case:secret"] = api.content.create(
            container=registry,
            type="Case",
            title="Salainen asia",
            task_class="00.01.00",
        )
        found["Case:secret"].publicity_class = "secret"
        found["Case:internal"] = api.content.create(
            container=registry,
            type="Case",
            title="Henkilötietoja sisältävä asia",
            task_class="00.01.00",
        )
        found["Case:internal"].publicity_class = "public"
        found["Case:internal"].personal_data = "personal"
    if "CaseDocument" in types and "Case:public" in found:
        wftool = api.portal.get_tool("portal_workflow")
        for name, case_class, case_state, doc_class in (
            ("CaseDocument:public", "public", "paatetty", "public"),
            ("CaseDocument:internal", "public", "vireilla", "public"),
            ("CaseDocument:restricted", "public", "paatetty", "secret"),
        ):
            case = api.content.create(
                container=registry, type="Case", title=name, task_class="00.01.00"
            )
            case.publicity_class = case_class
            notify(ObjectModifiedEvent(case))  # onto its variant before the state
            wf_id = wftool.getChainFor(case)[0]
            wftool.setStatusOf(
                wf_id, case, {"review_state": case_state, "time": DateTime()}
            )
            doc = api.content.create(container=case, type="CaseDocument", title=name)
            doc.publicity_class = doc_class
            found[name] = doc
    if "Body" in types:
        sector = creator["kunnanhallitus"]
        body = api.content.create(container=sector, type="Body", title="Hallitus")
        found["Body"] = body
        found["Meeting"] = api.content.create(
            container=body, type="Meeting", title="1/2026", start=None
        )
        public_case = found["Case:public"]
        secret_case = found["Case:secret"]
        for name, case, type_id in (
            ("AgendaItem:internal", public_case, "AgendaItem"),
            ("AgendaItem:restricted", secret_case, "AgendaItem"),
            ("OfficeHolderDecision:internal", public_case, "OfficeHolderDecision"),
            ("OfficeHolderDecision:restricted", secret_case, "OfficeHolderDecision"),
        ):
            obj = api.content.create(container=case, type=type_id, title=name)
            obj.publicity_class = case.publicity_class
            notify(ObjectModifiedEvent(obj))
            found[name] = obj
    if "Intranet" in types:
        root = portal["intranet"]
        found["Intranet"] = root
        found["IntranetPage"] = api.content.create(
            container=root, type="IntranetPage", title="Ohje"
        )
        found["IntranetNews"] = api.content.create(
            container=root, type="IntranetNews", title="Uutinen"
        )
    if "Notice" in types:
        board = api.content.create(
            container=creator,
            type="NoticeBoard",
            id="ilmoitustaulu",
            title="Ilmoitustaulu",
        )
        found["NoticeBoard"] = board
        found["Notice"] = api.content.create(
            container=board, type="Notice", title="Kuulutus"
        )
    if "DisposalList" in types:
        found["DisposalList"] = api.content.create(
            container=creator, type="DisposalList", title="Hävittämisluettelo"
        )
    return found


def _walk(obj):
    """Yield (workflow id, state) after putting ``obj`` into each state."""
    wftool = api.portal.get_tool("portal_workflow")
    wf_id = wftool.getChainFor(obj)[0]
    workflow = wftool[wf_id]
    for state, _title in WORKFLOWS_BY_ID[wf_id].states:
        wftool.setStatusOf(
            wf_id,
            obj,
            {
                "review_state": state,
                "action": None,
                "actor": TEST_USER_ID,
                "comments": "",
                "time": None,
            },
        )
        workflow.updateRoleMappingsFor(obj)
        yield wf_id, state


def test_exhaustive_type_state_role(portal, users):
    wftool = api.portal.get_tool("portal_workflow")
    checked = 0
    mismatches = []
    walked = set()
    for name, obj in _objects(portal).items():
        expected_wf = {
            "Case:public": "municipality_case_workflow_public",
            "Case:secret": "municipality_case_workflow",
            "Case:internal": "municipality_case_workflow_internal",
            "CaseDocument:public": "municipality_document_workflow_public",
            "CaseDocument:internal": "municipality_document_workflow_internal",
            "CaseDocument:restricted": "municipality_document_workflow",
            "AgendaItem:internal": "municipality_item_workflow_internal",
            "AgendaItem:restricted": "municipality_item_workflow",
            "OfficeHolderDecision:internal": "municipality_decision_workflow_internal",
            "OfficeHolderDecision:restricted": "municipality_decision_workflow",
        }.get(name)
        if expected_wf:
            assert wftool.getChainFor(obj) == (expected_wf,)
        for wf_id, state in _walk(obj):
            walked.add(wf_id)
            workflow = WORKFLOWS_BY_ID[wf_id]
            outgoing = {t[0] for t in workflow.transitions if state in t[2]}
            for role in TABLE_ROLES:
                saved = getSecurityManager()
                if role == ANONYMOUS:
                    newSecurityManager(None, nobody)
                else:
                    acl = portal.acl_users
                    newSecurityManager(None, acl.getUserById(users[role]).__of__(acl))
                try:
                    for perm in permissions_of(workflow):
                        holders = roles_for(wf_id, state, perm)
                        # Every user also has what Anonymous has.
                        want = role in holders or ANONYMOUS in holders
                        got = bool(_checkPermission(perm, obj))
                        checked += 1
                        if want != got:
                            mismatches.append((name, state, role, perm, want, got))
                    allowed = {t["id"] for t in wftool.getTransitionsFor(obj)}
                    # the archive procedures' transitions are closed outside
                    # their procedure (test_procedure_transitions)
                    want_t = {
                        t
                        for t in outgoing
                        if role in transition_roles(wf_id, t)
                        and not transition_expression(wf_id, t)
                    }
                    if allowed != want_t:
                        mismatches.append(
                            (name, state, role, "transitions", want_t, allowed)
                        )
                finally:
                    setSecurityManager(saved)
    assert not mismatches, mismatches[:20]
    assert walked == set(WORKFLOWS_BY_ID), set(WORKFLOWS_BY_ID) - walked
    assert checked > 1000


def test_publicity_change_keeps_state_and_switches_variant(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    case = api.content.create(
        container=registry, type="Case", title="Vaihtuva", task_class="00.01.00"
    )
    case.publicity_class = "public"
    notify(ObjectModifiedEvent(case))
    for transition in ("prepare", "submit", "decide"):
        api.content.transition(obj=case, transition=transition)
    assert api.content.get_state(case) == "paatetty"
    assert "Anonymous" in [
        r["name"] for r in case.rolesOfPermission("View") if r["selected"]
    ]
    case.publicity_class = "secret"
    notify(ObjectModifiedEvent(case))
    wftool = api.portal.get_tool("portal_workflow")
    assert wftool.getChainFor(case) == ("municipality_case_workflow",)
    assert api.content.get_state(case) == "paatetty"
    assert "Anonymous" not in [
        r["name"] for r in case.rolesOfPermission("View") if r["selected"]
    ]
    # the history is kept
    history = case.workflow_history["municipality_case_workflow"]
    assert [h.get("action") for h in history][-3:] == ["prepare", "submit", "decide"]
    # anonymous catalog search no longer finds it
    logout()
    assert not api.content.find(UID=case.UID())


def test_procedure_transitions(portal, users):
    """A case is disposed of or transferred only by its archive procedure:
    outside ``removal.procedure`` nobody (Manager included) is offered or may
    fire ``dispose``/``transfer``; inside, the guard's roles still hold."""
    from municipality.policy.cases import removal
    from Products.CMFCore.WorkflowCore import WorkflowException

    setRoles(portal, TEST_USER_ID, ["Manager"])
    case = api.content.create(
        container=make_registry(portal),
        type="Case",
        title="Loppu",
        task_class="00.01.00",
    )
    for transition in ("prepare", "submit", "decide", "close"):
        api.content.transition(obj=case, transition=transition)
    wftool = api.portal.get_tool("portal_workflow")

    def offered(userid=None):
        if userid is None:
            return {t["id"] for t in wftool.getTransitionsFor(case)}
        with api.env.adopt_user(username=userid):
            return {t["id"] for t in wftool.getTransitionsFor(case)}

    assert offered() == {"reopen"}  # Manager: no end of life by hand
    for transition in ("dispose", "transfer"):
        with pytest.raises(WorkflowException):
            wftool.doActionFor(case, transition)
    assert api.content.get_state(case) == "paattynyt"
    with removal.procedure(case, "dispose"):
        assert "dispose" in offered(users["ChiefRecordsOfficer"])
        assert "transfer" not in offered(users["ChiefRecordsOfficer"])
        assert "dispose" not in offered(users["Preparer"])
    assert "dispose" not in offered(users["ChiefRecordsOfficer"])
    with pytest.raises(ValueError), removal.procedure(case, "close"):
        pass
