"""Disposal through an approved disposal list (archive.disposal): the one
logged exception to "final records are not deleted".

Integration layer only: two small closed cases of the municipal board whose
retention (10 years from closing in 2010) ended on 1.1.2021, one of the
technical board, and one on a legal hold.
"""

from builders import make_case
from builders import make_registry
from builders import make_statement
from datetime import UTC
from datetime import datetime
from io import BytesIO
from municipality.policy.archive import disposal
from municipality.policy.archive import retention
from municipality.policy.archive.browser.disposal import validate
from municipality.policy.archive.settings import IDisposalSettings
from municipality.policy.cases import phaselog
from municipality.policy.cases import removal
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry.entry import Entry
from municipality.policy.registry.entry import find_case
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.dexterity.utils import iterSchemata
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.annotation.interfaces import IAnnotations
from zope.interface import alsoProvides
import importlib.util
import json
import pathlib
import pypdf
import pytest
import re
import requests
import transaction


BOARD = "kunnanhallitus"
TECH = "tekninen-lautakunta"
CLOSED_ON = datetime(2010, 6, 1, 9, 0, tzinfo=UTC)
DISPOSE = pathlib.Path(__file__).parents[1] / "instance" / "dispose.py"
AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json", "Accept-Language": "fi"}
USERS = {
    "kpd-ro": ("RecordsOfficer", None),
    "kpd-srm": ("SectorRecordsManager", BOARD),
    "kpd-srm-tech": ("SectorRecordsManager", TECH),
    "kpd-cro": ("ChiefRecordsOfficer", None),
    "kpd-staff": ("Staff", None),
    "kpd-archivist": ("Archivist", None),
}


def _closed_long_ago(registry, title, sector=BOARD, documents=1, **fields):
    """A public case of ``sector`` closed on 1.6.2010, retention 10 years."""
    publicity = fields.pop("publicity", "public")
    case = make_case(registry, title, publicity, sector=sector, **fields)
    case.retention_period = 10
    for _index in range(documents):
        make_statement(case)
    for transition in ("prepare", "submit", "decide", "close"):
        api.content.transition(obj=case, transition=transition)
    # back-date the closing in the log (retention's source of truth; the
    # workflow history is left alone: the variants' sync reads its times)
    for entry in IAnnotations(case)[phaselog.KEY]:
        if (entry.get("data") or {}).get("new") == "paattynyt":
            entry["date"] = CLOSED_ON
    case.reindexObject()
    return case


@pytest.fixture
def world(portal):
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    creator = registry.aq_parent
    for user, (role, sector) in USERS.items():
        api.user.create(
            email=f"{user}@example.invalid", username=user, password="Secret-123456"
        )  # ids prefixed: plain "staff" is taken
        place = creator[sector] if sector else creator
        api.user.grant_roles(username=user, roles=[role], obj=place)
    cases = {
        "a": _closed_long_ago(registry, "Vanha asia A"),
        "b": _closed_long_ago(registry, "Vanha asia B", documents=2),
        "held": _closed_long_ago(registry, "Riita-asia", documents=0),
        "tech": _closed_long_ago(registry, "Tekninen asia", sector=TECH, documents=0),
    }
    retention.hold(cases["held"], "Oikeudenkäynti vireillä")
    return creator, registry, cases


def _as(portal, user):
    login(portal, user)


def _transition(dlist, tid):
    api.portal.get_tool("portal_workflow").doActionFor(dlist, tid)


def _draw(portal, creator, user="kpd-ro"):
    _as(portal, user)
    return disposal.create(creator, "Hävittämisluettelo 2026", BOARD)


def _approved(portal, creator):
    dlist = _draw(portal, creator)
    _as(portal, "kpd-srm")
    _transition(dlist, "check")
    _as(portal, "kpd-cro")
    _transition(dlist, "approve")
    return dlist


def test_drawing_takes_expired_cases_of_the_scope_not_held(portal, world):
    creator, _registry, cases = world
    assert retention.retention_end(cases["a"]).isoformat() == "2021-01-01"
    dlist = _draw(portal, creator)
    numbers = [row["diary_number"] for row in dlist.included_rows()]
    assert numbers == [cases["a"].diary_number, cases["b"].diary_number]
    row = dlist.included_rows()[1]
    assert row["documents"] == 2
    assert row["retention_period"] == 10
    assert row["retention_end"] == "2021-01-01"
    assert row["sha256"] == [doc.sha256 for doc in cases["b"].objectValues()]
    assert len(row["sha256"][0]) == 64
    # the title when the public may read it, else the public label
    assert row["title"] == "Vanha asia B"
    secret = _closed_long_ago(
        _registry,
        "Lapsen X huostaanotto",
        publicity="secret",
        public_title="Lastensuojelu",
    )
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, "test-user")
    permanent = _closed_long_ago(_registry, "Valtuuston pöytäkirja", documents=0)
    permanent.retention_period = -1
    retention.reindex(permanent)
    dlist = disposal.create(creator, "Kaikki", task_classes=["00.01"])
    titles = {row["diary_number"]: row["title"] for row in dlist.included_rows()}
    assert permanent.diary_number not in titles
    assert cases["held"].diary_number not in titles
    assert disposal.ineligible(permanent) == "permanent"
    assert titles[secret.diary_number] == "Lastensuojelu"
    assert cases["tech"].diary_number in titles  # no sector: every sector
    assert api.content.get_state(dlist) == "draft"


def test_roles_and_refusals(portal, world):
    creator, _registry, cases = world
    dlist = _draw(portal, creator)
    # a records officer takes a row off with a reason, not without one
    with pytest.raises(ValueError):
        disposal.remove_row(dlist, cases["a"].UID(), "  ")
    disposal.remove_row(dlist, cases["a"].UID(), "Tarvitaan tutkimukseen")
    assert [r["diary_number"] for r in dlist.removed_rows()] == [
        cases["a"].diary_number
    ]
    # ... but cannot check it
    with pytest.raises(WorkflowException):
        _transition(dlist, "check")
    # the records manager of another sector does not even see it
    _as(portal, "kpd-srm-tech")
    assert not api.user.has_permission("View", obj=dlist)
    _as(portal, "kpd-srm")
    assert [b.UID for b in api.content.find(portal_type="DisposalList")] == [
        dlist.UID()
    ]  # the scope's records manager finds it (ScopeRoles, catalog)
    _transition(dlist, "check")
    assert dlist.checked_by == "kpd-srm"
    with pytest.raises(WorkflowException):  # the sector records manager cannot approve
        _transition(dlist, "approve")
    _as(portal, "kpd-cro")
    _transition(dlist, "approve")
    assert dlist.approved_by == "kpd-cro" and dlist.approved_at is not None
    # the rows are fixed
    with pytest.raises(Forbidden):
        disposal.remove_row(dlist, cases["b"].UID(), "Myöhässä")
    _as(portal, "kpd-ro")
    assert api.user.has_permission("View", obj=dlist)
    assert not api.user.has_permission("Modify portal content", obj=dlist)
    with pytest.raises(WorkflowException):  # a records officer cannot execute
        _transition(dlist, "execute")
    # plain staff never see a list; nor does the public
    for user in ("kpd-staff",):
        _as(portal, user)
        assert not api.user.has_permission("View", obj=dlist)
        assert not api.content.find(portal_type="DisposalList")
    logout()
    assert not api.user.has_permission("View", obj=dlist)
    assert not api.content.find(portal_type="DisposalList")
    with pytest.raises(Unauthorized):
        creator.restrictedTraverse("@@disposal-lists")()


def test_nobody_deletes_a_registered_document_outside_execution(portal, world):
    creator, _registry, cases = world
    doc = cases["a"].objectValues()[0]
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, "test-user")
    with pytest.raises(Forbidden):
        api.content.delete(doc, check_linkintegrity=False)
    # the exception needs an approved list that includes the case
    dlist = _draw(portal, creator)
    with pytest.raises(Forbidden), removal.disposing(cases["a"], dlist):
        pass
    dlist = _approved(portal, creator)
    with pytest.raises(Forbidden), removal.disposing(cases["tech"], dlist):
        pass
    with pytest.raises(Forbidden), removal.disposing(cases["a"], creator):
        pass
    assert doc.getId() in cases["a"].objectIds()


def test_hold_after_approval_is_skipped_and_execution_disposes(portal, world):
    creator, registry, cases = world
    dlist = _approved(portal, creator)
    case_a, case_b = cases["a"], cases["b"]
    number_b = case_b.diary_number
    doc_uids = [doc.UID() for doc in case_b.objectValues()]
    doc_sha = [doc.sha256 for doc in case_b.objectValues()]
    handler = api.portal.get_tool("portal_historyidhandler")
    storage = api.portal.get_tool("portal_historiesstorage")
    history_ids = [handler.queryUid(doc) for doc in case_b.objectValues()]
    assert all(
        len(storage.getHistory(hid, countPurged=False)) == 1 for hid in history_ids
    )
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, "test-user")
    retention.hold(case_a, "Valitus hallinto-oikeudessa")
    _as(portal, "kpd-srm")
    report = disposal.execute(dlist)
    assert api.content.get_state(dlist) == "executed"
    assert dlist.executed_by == "kpd-srm"
    assert report["skipped"] == [
        {"uid": case_a.UID(), "diary_number": case_a.diary_number, "reason": "on_hold"}
    ]
    assert [row["diary_number"] for row in report["disposed"]] == [number_b]
    # the held case keeps its document and state
    assert api.content.get_state(case_a) == "paattynyt"
    assert len(case_a.objectIds()) == 1
    # the disposed case: no documents, metadata and number kept, logged
    assert case_b.objectIds() == []
    assert api.content.get_state(case_b) == "havitetty"
    assert case_b.diary_number == number_b
    assert case_b.title == "Vanha asia B"
    entries = phaselog.entries(case_b)
    assert entries[0]["kind"] == "registration"
    last = [entry for entry in entries if entry["kind"] == "disposal"][-1]
    assert last["data"]["list"] == dlist.UID()
    assert [d["uid"] for d in last["data"]["documents"]] == doc_uids
    assert [d["sha256"] for d in last["data"]["documents"]] == doc_sha
    assert entries[-1]["data"]["new"] == "havitetty"
    texts = [e["text"] for e in phaselog.rendered_entries(case_b, full=True)]
    assert any(
        "Hävittämisluettelo 2026" in text and doc_sha[1] in text for text in texts
    )
    public = [e["text"] for e in phaselog.rendered_entries(case_b, full=False)]
    assert public and not any("Lausunto" in text for text in public)
    # no version of the removed documents remains
    for hid in history_ids:
        assert len(storage.getHistory(hid, countPurged=False)) == 0
    # nothing of the documents in the catalog (as Manager: unrestricted)
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(UID=doc_uids)
    assert not catalog.unrestrictedSearchResults(
        portal_type="CaseDocument", path="/".join(case_b.getPhysicalPath())
    )
    path_b = "/".join(case_b.getPhysicalPath())
    assert not catalog.unrestrictedSearchResults(
        SearchableText="hankkeesta", path=path_b
    )
    path_a = "/".join(case_a.getPhysicalPath())
    assert catalog.unrestrictedSearchResults(SearchableText="hankkeesta", path=path_a)
    # the public diary entry: status Hävitetty, no documents
    logout()
    brain = find_case(registry, number_b)
    entry = Entry(brain, portal.REQUEST)
    assert entry.fields()["review_state"] == "havitetty"
    assert entry.documents() == ([], [])
    # the approved list is kept: nobody deletes it, Manager neither
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, "test-user")
    with pytest.raises(Forbidden):
        api.content.delete(dlist, check_linkintegrity=False)
    assert dlist.getId() in creator.objectIds()
    # the view shows the report
    _as(portal, "kpd-cro")
    html = dlist.restrictedTraverse("@@view")()
    assert number_b in html
    assert doc_sha[0] in html
    assert "@@disposal-list.pdf" in html
    data = dlist.restrictedTraverse("@@disposal-list.pdf")()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(BytesIO(data))
    xmp = reader.xmp_metadata.stream.get_data()
    assert re.search(rb"pdfaid:part\W{1,3}2", xmp), xmp  # PDF/A-2
    assert number_b in "".join(page.extract_text() for page in reader.pages)


def test_approval_reverifies_the_rows(portal, world):
    creator, _registry, cases = world
    dlist = _draw(portal, creator)
    _as(portal, "kpd-srm")
    _transition(dlist, "check")
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, "test-user")
    retention.hold(cases["b"], "Oikaisuvaatimus")
    _as(portal, "kpd-cro")
    with pytest.raises(WorkflowException) as info:
        _transition(dlist, "approve")
    assert cases["b"].diary_number in str(info.value)
    assert api.content.get_state(dlist) == "checked"
    # the toolbar's state menu: the refusal is a message, nothing changes
    request = portal.REQUEST
    request.form["_authenticator"] = creator.restrictedTraverse(
        "@@authenticator"
    ).token()
    dlist.restrictedTraverse("content_status_modify")(workflow_action="approve")
    messages = IStatusMessage(request).show()
    assert messages[-1].type == "error"
    assert cases["b"].diary_number in messages[-1].message
    assert api.content.get_state(dlist) == "checked"
    _transition(dlist, "return")
    assert dlist.checked_by is None
    _as(portal, "kpd-ro")
    disposal.remove_row(dlist, cases["b"].UID(), "Oikaisuvaatimus vireillä")
    # a draft list may be deleted
    api.content.delete(dlist, check_linkintegrity=False)


def test_a_separate_approver_when_the_archive_creator_requires_one(portal, world):
    creator, _registry, _cases = world
    api.user.create(
        email="kpd-cro2@example.invalid", username="kpd-cro2", password="Secret-123456"
    )
    api.user.grant_roles(
        username="kpd-cro2", roles=["ChiefRecordsOfficer"], obj=creator
    )
    # the setting is on the archive creator's edit form (behavior), off by default
    assert IDisposalSettings in iterSchemata(creator)
    assert IDisposalSettings(creator).separate_approver is False
    dlist = _draw(portal, creator)
    _as(portal, "kpd-cro")
    _transition(dlist, "check")
    IDisposalSettings(creator).separate_approver = True
    # the checker cannot approve: the reason, nothing written
    with pytest.raises(WorkflowException) as info:
        _transition(dlist, "approve")
    assert "Tarkastit tämän luettelon itse" in str(info.value)
    assert api.content.get_state(dlist) == "checked"
    assert dlist.approved_by is None and dlist.checked_by == "kpd-cro"
    # another chief records officer approves
    _as(portal, "kpd-cro2")
    _transition(dlist, "approve")
    assert api.content.get_state(dlist) == "approved"
    assert dlist.approved_by == "kpd-cro2"


def test_new_list_input_is_validated(portal, world):
    creator, _registry, _cases = world
    assert validate(creator, {"title": "L", "task_classes": "00.01, 02"}) == {
        "title": "L",
        "sub_archive_creator": None,
        "task_classes": ["00.01", "02"],
        "on": None,
    }
    for data, field in (
        ({}, "title"),
        ({"title": "L", "sub_archive_creator": "nope"}, "sub_archive_creator"),
        ({"title": "L", "task_classes": ["0x"]}, "task_classes"),
        ({"title": "L", "on": "2999-01-01"}, "on"),
    ):
        with pytest.raises(ValueError) as info:
            validate(creator, data)
        assert info.value.args[0] == field
    # ids from the title, unique in the archive creator
    _as(portal, "kpd-ro")
    first = disposal.create(creator, "Hävittämisluettelo 2027", BOARD)
    second = disposal.create(creator, "Hävittämisluettelo 2027", BOARD)
    assert first.getId() == "havittamisluettelo-2027"
    assert second.getId() == "havittamisluettelo-2027-1"  # Plone's chooser


def test_pages_of_the_lists(portal, world):
    creator, _registry, cases = world
    request = portal.REQUEST
    _as(portal, "kpd-ro")
    html = creator.restrictedTraverse("@@disposal-lists")()
    assert 'action="http://nohost/plone/esimerkkikunta/@@new-disposal-list"' in html
    assert '<th scope="col"' not in html  # no lists yet: no table
    dlist = _draw(portal, creator)
    html = creator.restrictedTraverse("@@disposal-lists")()
    assert dlist.absolute_url() in html
    html = dlist.restrictedTraverse("@@view")()
    assert cases["a"].diary_number in html
    assert 'name="reason"' in html  # a draft: rows may be taken off
    assert 'value="check"' not in html  # a records officer does not check
    # the take-off form: no reason, nothing written
    request.method = "POST"
    request.form.update(
        {
            "action": "remove",
            "uid": cases["a"].UID(),
            "_authenticator": creator.restrictedTraverse("@@authenticator").token(),
        }
    )
    dlist.restrictedTraverse("@@disposal-action")()
    assert len(dlist.included_rows()) == 2
    request.form["reason"] = "Tutkimuskäyttö"
    dlist.restrictedTraverse("@@disposal-action")()
    assert len(dlist.included_rows()) == 1
    _as(portal, "kpd-srm")
    html = dlist.restrictedTraverse("@@view")()
    assert 'value="check"' in html and 'value="approve"' not in html
    assert "Tutkimuskäyttö" in html


def test_command_line_execution(portal, world, capsys):
    creator, _registry, cases = world
    dlist = _draw(portal, creator)
    path = "/".join(dlist.getPhysicalPath()[2:])
    spec = importlib.util.spec_from_file_location("kp_dispose_script", DISPOSE)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    app = portal.aq_parent
    argv = ["--site", portal.getId(), "--list", path, "--user", "kpd-cro"]
    assert script.main(app, argv, commit=False) is None  # a draft: refused
    assert api.content.get_state(dlist) == "draft"
    assert "error" in capsys.readouterr().out
    _as(portal, "kpd-srm")
    _transition(dlist, "check")
    _as(portal, "kpd-cro")
    _transition(dlist, "approve")
    report = script.main(app, argv, commit=False)
    assert [row["diary_number"] for row in report["disposed"]] == [
        cases["a"].diary_number,
        cases["b"].diary_number,
    ]
    assert dlist.executed_by == "kpd-cro"
    assert json.loads(capsys.readouterr().out)["disposed"]


# ------------------------------------------------------------------- REST
def test_rest_draw_workflow_and_leaks(rest_portal):
    """``POST @disposal-lists``, ``@workflow``, ``GET`` and ``DELETE`` as the
    roles; after execution nothing of the documents over REST or search."""
    alsoProvides(rest_portal.REQUEST, IMunicipalityPolicyLayer)
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(rest_portal)
    creator = registry.aq_parent
    for user, (role, sector) in USERS.items():
        api.user.create(
            email=f"{user}@example.invalid", username=user, password="Secret-123456"
        )
        place = creator[sector] if sector else creator
        api.user.grant_roles(username=user, roles=[role], obj=place)
    case = _closed_long_ago(registry, "Vanha asia")
    doc_url = case.objectValues()[0].absolute_url()
    transaction.commit()
    url = creator.absolute_url()

    def call(method, path, user, **kw):
        auth = (user, "Secret-123456") if user else None
        return requests.request(method, path, headers=JSON, auth=auth, timeout=60, **kw)

    bad = call("POST", f"{url}/@disposal-lists", "kpd-ro", json={"title": " "})
    assert bad.status_code == 400 and bad.json()["field"] == "title"
    assert call("POST", f"{url}/@disposal-lists", "kpd-staff", json={}).status_code in (
        401,
        403,
    )
    made = call(
        "POST",
        f"{url}/@disposal-lists",
        "kpd-ro",
        json={"title": "Luettelo 2026", "sub_archive_creator": BOARD},
    )
    assert made.status_code == 201, made.text
    list_url = made.json()["@id"]
    assert [row["diary_number"] for row in made.json()["rows"]] == [case.diary_number]
    # rows, approvals and report are read-only over REST
    patched = call(
        "PATCH", list_url, "kpd-ro", json={"rows": [], "approved_by": "kpd-ro"}
    )
    assert patched.status_code in (204, 400), patched.text
    rows = call("GET", list_url, "kpd-ro").json()
    assert len(rows["rows"]) == 1 and rows["approved_by"] is None
    for user, tid, status in (
        ("kpd-ro", "check", 400),
        ("kpd-srm", "check", 200),
        ("kpd-srm", "approve", 400),
        ("kpd-cro", "approve", 200),
        ("kpd-ro", "execute", 400),
        ("kpd-srm", "execute", 200),
    ):
        response = call("POST", f"{list_url}/@workflow/{tid}", user)
        assert response.status_code == status, (user, tid, response.text)
    got = call("GET", list_url, "kpd-archivist")
    assert got.status_code == 200
    assert got.json()["review_state"] == "executed"
    assert got.json()["report"]["disposed"][0]["diary_number"] == case.diary_number
    for user in (None, "kpd-staff", "kpd-srm-tech"):
        assert call("GET", list_url, user).status_code in (401, 403), user
        found = call(
            "GET",
            f"{rest_portal.absolute_url()}/@search",
            user,
            params={"portal_type": "DisposalList"},
        )
        assert found.json()["items_total"] == 0
    deleted = requests.delete(list_url, headers=JSON, auth=AUTH, timeout=60)
    assert deleted.status_code == 403
    # the disposed documents: gone for everyone, Manager included
    assert requests.get(doc_url, headers=JSON, auth=AUTH, timeout=60).status_code == 404
    found = requests.get(
        f"{rest_portal.absolute_url()}/@search",
        headers=JSON,
        auth=AUTH,
        params={"portal_type": "CaseDocument", "SearchableText": "hankkeesta"},
        timeout=60,
    )
    assert found.json()["items_total"] == 0
    entry = requests.get(
        f"{rest_portal.absolute_url()}/@diary-entry",
        headers=JSON,
        params={"number": case.diary_number},
        timeout=60,
    )
    assert entry.status_code == 200, entry.text
    assert "havitetty" in entry.text
    assert "@@download" not in entry.text and "diary-rendition" not in entry.text


# ------------------------------------------------------------------- demo
def test_demo_list_is_drawn_and_executed_by_the_chief_records_officer(demo_portal):
    """The demo's draft list (demo.disposal) of demo.archive's expired cases."""
    creator = demo_portal["esimerkkikunta"]
    with api.env.adopt_user(username="arkistojohtaja"):
        (brain,) = api.content.find(context=creator, portal_type="DisposalList")
        dlist = brain.getObject()
        assert api.content.get_state(dlist) == "draft"
        titles = {row["title"] for row in dlist.included_rows()}
        assert {
            "Kunnanviraston aukioloajat kesällä 2013",
            "Hallintosäännön tarkistaminen 2013",
            "Tilintarkastuspalveluiden kilpailutus 2014",
        } <= titles
        assert "Vahingonkorvausvaatimus, katuvalaistuksen vaurio" not in titles
        assert "Kunnanvaltuuston kokousten pöytäkirjat 2015" not in titles
    with api.env.adopt_user(username="sivistys-vastuuhenkilo"):
        assert not api.user.has_permission("View", obj=dlist)  # not their scope
    with api.env.adopt_user(username="arkistojohtaja"):
        for tid in ("check", "approve", "execute"):
            _transition(dlist, tid)
        report = dlist.report
    assert len(report["disposed"]) == len(titles)
    assert report["skipped"] == []
