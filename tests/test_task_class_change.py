"""Changing a registered case's task class: role, reason, log; the number stays.

Over REST and in the edit form's invariant: an Editor may not change it, a
records officer must give a reason; the change is written to the handling-phase
log with the reason (then cleared), the diary number keeps the old class, the
case view shows both, and the case keeps its own restriction.
"""

from builders import make_registry
from municipality.policy.cases import phaselog
from municipality.policy.cases import taskclass
from municipality.policy.cases.browser.view import CaseView
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import setRoles
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent
import pytest
import requests
import transaction


PASSWORD = "Salasana-2026!"
JSON = {"Accept": "application/json", "Accept-Language": "fi"}


def _user(portal, name, roles):
    api.user.create(email=f"{name}@example.org", username=name, password=PASSWORD)
    api.user.grant_roles(username=name, roles=roles)
    return (name, PASSWORD)


@pytest.fixture
def rest_case(rest_portal):
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    login(rest_portal, TEST_USER_NAME)
    registry = make_registry(rest_portal)
    case = register_case(registry, title="Rakennuslupa", task_class="10.03.02")
    editor = _user(rest_portal, "muokkaaja", ["Editor", "Reviewer", "Member"])
    officer = _user(rest_portal, "asiakirjavastaava", ["RecordsOfficer", "Member"])
    transaction.commit()
    yield case, editor, officer


def _patch(case, auth, **data):
    return requests.patch(
        case.absolute_url(), headers=JSON, json=data, auth=auth, timeout=30
    )


def test_rest_change_needs_the_role_and_a_reason_and_is_logged(rest_case):
    case, editor, officer = rest_case
    number = case.diary_number
    before = len(phaselog.entries(case))
    response = _patch(case, editor, task_class="02.05.01", task_class_change_reason="x")
    assert response.status_code in (400, 401, 403), response.text
    if response.status_code == 400:
        assert response.json()["field"] == "task_class"
    response = _patch(case, officer, task_class="02.05.01")
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "task_class_change_reason"
    assert "perustelu" in response.json()["message"].lower()
    transaction.begin()
    assert case.task_class == "10.03.02"
    assert len(phaselog.entries(case)) == before
    response = _patch(
        case,
        officer,
        task_class="02.05.01",
        task_class_change_reason="Kyse on talousarviosta.",
    )
    assert response.status_code == 204, response.text
    transaction.begin()
    assert case.task_class == "02.05.01"
    assert case.diary_number == number == "ESIM/1/10.03.02/" + number.split("/")[-1]
    entry = phaselog.entries(case)[-1]
    assert entry["kind"] == phaselog.RESTRICTION
    assert entry["data"]["changes"] == [
        {"field": "task_class", "old": "10.03.02", "new": "02.05.01"}
    ]
    assert entry["note"] == "Kyse on talousarviosta."
    assert entry["agent"] == "asiakirjavastaava"
    assert not case.task_class_change_reason  # a reason belongs to one change
    # a second change without a new reason is refused: the old one is gone
    response = _patch(case, officer, task_class="00.01.00")
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "task_class_change_reason"
    # other edits need no reason
    response = _patch(case, officer, title="Rakennuslupa, muutettu")
    assert response.status_code == 204, response.text


@pytest.fixture
def case(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    request["LANGUAGE"] = "fi"
    registry = make_registry(portal)
    return register_case(registry, title="Rakennuslupa", task_class="10.03.02")


def _change(case, code, reason):
    case.task_class = code
    case.task_class_change_reason = reason
    notify(ObjectModifiedEvent(case))


def test_view_shows_current_class_and_the_class_of_the_number(case):
    view = CaseView(case, case.REQUEST)
    assert view.diary_task_class() == ""
    _change(case, "02.05.01", "Talousarvioasia.")
    rows = {str(label): value for label, value in view.metadata()}
    assert rows["label_case_diary_task_class"] == "10.03.02 Rakennusluvat"
    assert "02.05.01" in rows["label_case_task_class"]
    rendered = phaselog.render(case, phaselog.entries(case)[-1], case.REQUEST, True)
    assert "Talousarvioasia." in rendered["note"]
    assert "10.03.02" in rendered["text"] and "02.05.01" in rendered["text"]
    assert rendered["text"].startswith(
        "Tehtäväluokka vaihdettu: 10.03.02 Rakennusluvat → 02.05.01 Talousarvio."
    ), rendered["text"]


def test_case_keeps_its_restriction_and_is_told_of_differing_defaults(case):
    plan_class = api.portal.get()["esimerkkikunta"]["tos"]["02"]["02.05"]["02.05.01"]
    plan_class.publicity_class = "secret"
    case.publicity_class = "public"
    _change(case, "02.05.01", "Talousarvioasia.")
    assert case.publicity_class == "public"
    assert taskclass.differing_defaults(case) == ["publicity_class"]


def test_upgrade_1005_reads_the_class_of_the_number(case, portal):
    from municipality.policy.upgrades import v1005

    assert v1005.class_in_number("ESIM/12/10.03.02/2026", None) == "10.03.02"
    assert (
        v1005.class_in_number(
            "2026-10.03.02-12 ESIM", "{year}-{class}-{number} {prefix}"
        )
        == "10.03.02"
    )
    case.task_class = "02.05.01"  # changed silently before the upgrade
    del case.diary_task_class
    delattr(case, taskclass.SEEN_ATTR)
    permission = taskclass.CHANGE_TASK_CLASS
    portal.manage_permission(permission, [], acquire=True)
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("municipality.policy:default", "1004")
    setup.upgradeProfile("municipality.policy:default", dest="1005")
    assert case.diary_task_class == "10.03.02"
    assert getattr(case, taskclass.SEEN_ATTR) == "02.05.01"
    roles = {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}
    assert {"RecordsOfficer", "SectorRecordsManager", "ChiefRecordsOfficer"} <= roles
    assert "Editor" not in roles


def _deserialize(case, **data):
    from plone.restapi.interfaces import IDeserializeFromJson
    from Products.CMFCore.indexing import processQueue
    from zope.component import getMultiAdapter

    request = case.REQUEST
    deserializer = getMultiAdapter((case, request), IDeserializeFromJson)
    # a request starts from an indexed state: the catalog's indexing queue is
    # not part of a savepoint (rolled back, indexing done after it is lost)
    processQueue()
    savepoint = transaction.savepoint()
    try:
        return deserializer(data=data)
    except Exception:
        savepoint.rollback()  # as the publisher aborts a refused request
        raise


def test_deserializer_refuses_without_role_or_reason(case, portal):
    from zExceptions import BadRequest

    _user(portal, "muokkaaja", ["Editor", "Member"])
    _user(portal, "asiakirjavastaava", ["RecordsOfficer", "Member"])
    login(portal, "muokkaaja")
    with pytest.raises(BadRequest) as info:
        _deserialize(case, task_class="02.05.01", task_class_change_reason="x")
    assert info.value.extra["field"] == "task_class"
    login(portal, "asiakirjavastaava")
    with pytest.raises(BadRequest) as info:
        _deserialize(case, task_class="02.05.01")
    assert info.value.extra["field"] == "task_class_change_reason"
    assert "Perustelu" in str(info.value)
    _deserialize(case, task_class="02.05.01", task_class_change_reason="Talous.")
    assert case.task_class == "02.05.01"
    assert phaselog.entries(case)[-1]["note"] == "Talous."
    assert not case.task_class_change_reason
    with pytest.raises(BadRequest):
        _deserialize(case, task_class="00.01.00")


def test_edit_form_asks_the_reason_on_its_field_and_keeps_the_number(case, portal):
    from plone.locking.interfaces import ILockable
    from test_restriction_changes import _edit as edit_form
    from test_restriction_changes import _error_fields

    def _edit(case, user_id, **values):
        ILockable(case).clear_locks()  # each user opens the form afresh
        return edit_form(case, user_id, **values)

    _user(portal, "muokkaaja", ["Editor", "Member"])
    _user(portal, "asiakirjavastaava", ["RecordsOfficer", "Member"])
    number = case.diary_number
    _form, errors = _edit(case, "muokkaaja", task_class=["02.05.01"])
    assert _error_fields(errors) == {"task_class"}
    _form, errors = _edit(case, "asiakirjavastaava", task_class=["02.05.01"])
    assert _error_fields(errors) == {"task_class_change_reason"}
    assert case.task_class == "10.03.02"
    _form, errors = _edit(
        case,
        "asiakirjavastaava",
        task_class=["02.05.01"],
        task_class_change_reason="Talousarvioasia.",
    )
    assert errors == []
    assert (case.task_class, case.diary_number) == ("02.05.01", number)
    assert phaselog.entries(case)[-1]["note"] == "Talousarvioasia."
    form, errors = _edit(case, "asiakirjavastaava", title="Uusi otsikko")
    assert errors == []
    widgets = {w.field.__name__: w for w in form.widgets.values()}
    assert not widgets["task_class_change_reason"].value  # never prefilled
