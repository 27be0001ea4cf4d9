"""Records are not copied: a case, a registered document, a folder holding them.

Every channel that creates content is refused (api.content.copy,
manage_pasteObjects, manage_clone, the copy and paste UIs, REST @copy, a ZMI
import of a second copy), Manager included, with nothing written and no diary
number taken; a draft document may be copied and its copy stays a deletable
draft.
"""

from builders import make_records
from builders import make_statement
from municipality.policy.cases.copying import ICopyRefused
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry import numbering
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.interface import alsoProvides
import json
import os
import pytest
import requests
import tempfile
import transaction


AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json", "Accept-Language": "fi"}


_doc = make_statement
_setup = make_records


@pytest.fixture
def records(portal):
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    request["LANGUAGE"] = "fi"
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "fi"
    registry, case = _setup(portal)
    yield registry, case


def _refused(callable_, *args, **kw):
    with pytest.raises(Forbidden) as info:
        callable_(*args, **kw)
    assert ICopyRefused.providedBy(info.value)
    return info.value


def _numbers(registry):
    return sorted(c.diary_number for c in registry.objectValues() if c.diary_number)


class TestGuard:
    def test_case_is_not_copied_and_no_number_is_taken(self, records):
        registry, case = records
        before = _numbers(registry)
        year = case.diary_year
        error = _refused(api.content.copy, source=case, target=registry, safe_id=True)
        assert case.diary_number in str(error)
        assert "kopioida" in str(error)  # Finnish: ei voi kopioida
        assert _numbers(registry) == before
        assert len(registry.objectIds()) == 1
        assert numbering.last_number(registry, year) == 1

    def test_paste_into_another_registry_is_refused(self, records, portal):
        registry, case = records
        other = api.content.create(
            container=registry.aq_parent, type="Registry", id="toinen", prefix="TOI"
        )
        cp = registry.manage_copyObjects([case.getId()])
        _refused(other.manage_pasteObjects, cp)
        assert list(other.objectIds()) == []

    def test_duplicate_by_manage_clone_is_refused(self, records):
        registry, case = records
        _refused(registry.manage_clone, case, "kopio")
        assert "kopio" not in registry.objectIds()

    def test_registered_document_is_not_copied(self, records):
        registry, case = records
        doc = _doc(case)
        other = register_case(registry, title="Toinen", task_class="10.03.02")
        error = _refused(api.content.copy, source=doc, target=other)
        assert "kirjattu" in str(error)
        assert list(other.objectIds()) == []
        _refused(api.content.copy, source=doc, target=case, safe_id=True)
        assert list(case.objectIds()) == [doc.getId()]

    def test_folder_holding_records_is_not_copied(self, records):
        registry, case = records
        creator = registry.aq_parent
        _refused(api.content.copy, source=registry, target=creator, safe_id=True)
        assert [o for o in creator.objectIds() if o.startswith("copy")] == []

    def test_draft_document_copy_is_a_deletable_draft(self, records):
        registry, case = records
        draft = _doc(case, register=False)
        copy = api.content.copy(source=draft, target=case, safe_id=True)
        assert api.content.get_state(copy) == "draft"
        assert copy.sha256 is None
        assert copy.UID() != draft.UID()
        api.content.delete(copy, check_linkintegrity=False)
        assert copy.getId() not in case.objectIds()


class TestCopyPasteUI:
    def _authenticated(self, context):
        request = context.REQUEST
        request.form.clear()
        request.form["_authenticator"] = api.content.get_view(
            "authenticator", context, request
        ).token()
        return request

    def test_copy_action_refuses_a_case_with_a_message(self, records):
        registry, case = records
        request = self._authenticated(case)
        api.content.get_view("object_copy", case, request)()
        messages = IStatusMessage(request).show()
        assert [m.type for m in messages] == ["error"]
        assert case.diary_number in messages[0].message
        assert "__cp" not in request.response.cookies

    def test_paste_of_an_old_clipboard_is_refused_with_a_message(self, records):
        registry, case = records
        request = self._authenticated(registry)
        request["__cp"] = registry.manage_copyObjects([case.getId()])
        api.content.get_view("object_paste", registry, request)()
        assert request.response.getStatus() == 302
        messages = IStatusMessage(request).show()
        assert [m.type for m in messages] == ["error"], messages
        assert case.diary_number in messages[0].message
        assert list(registry.objectIds()) == [case.getId()]
        assert numbering.last_number(registry, case.diary_year) == 1

    def test_paste_of_a_draft_document_still_works(self, records):
        _registry, case = records
        draft = _doc(case, register=False)
        request = self._authenticated(case)
        request["__cp"] = case.manage_copyObjects([draft.getId()])
        api.content.get_view("object_paste", case, request)()
        assert len(case.objectIds()) == 2

    def _folder(self, obj):
        path = obj.getPhysicalPath()[len(api.portal.get().getPhysicalPath()) :]
        return "/" + "/".join(path)

    def test_folder_contents_copy_and_paste_report_the_refusal(self, records):
        registry, case = records
        request = self._authenticated(registry)
        request.method = request["REQUEST_METHOD"] = "POST"
        request.form["folder"] = self._folder(registry)
        request.form["selection"] = json.dumps([case.UID()])
        result = json.loads(api.content.get_view("fc-copy", registry, request)())
        assert result["status"] == "warning"
        assert case.diary_number in result["msg"]
        request["__cp"] = registry.manage_copyObjects([case.getId()])
        result = json.loads(api.content.get_view("fc-paste", registry, request)())
        assert result["status"] == "warning"
        assert case.diary_number in result["msg"]
        assert list(registry.objectIds()) == [case.getId()]


@pytest.fixture
def rest_records(rest_portal):
    registry, case = _setup(rest_portal)
    doc = _doc(case)
    draft = _doc(case, register=False)
    transaction.commit()
    yield registry, case, doc, draft


def test_rest_copy_is_403_with_a_json_message(rest_records):
    registry, case, doc, draft = rest_records
    response = requests.post(
        registry.absolute_url() + "/@copy",
        headers=JSON,
        json={"source": case.absolute_url()},
        auth=AUTH,
        timeout=30,
    )
    assert response.status_code == 403, response.text
    body = response.json()
    assert body["type"] == "Forbidden"
    assert case.diary_number in body["message"]
    response = requests.post(
        case.absolute_url() + "/@copy",
        headers=JSON,
        json={"source": [draft.UID(), doc.UID()]},
        auth=AUTH,
        timeout=30,
    )
    assert response.status_code == 403, response.text
    transaction.begin()
    assert list(registry.objectIds()) == [case.getId()]
    assert sorted(case.objectIds()) == sorted([doc.getId(), draft.getId()])
    response = requests.post(
        case.absolute_url() + "/@copy",
        headers=JSON,
        json={"source": draft.UID()},
        auth=AUTH,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    transaction.begin()
    assert len(case.objectIds()) == 3


def test_import_of_a_second_copy_is_refused(functional):
    portal = functional["portal"]
    registry, case = _setup(portal)
    transaction.commit()
    handle, path = tempfile.mkstemp(suffix=".zexp")
    os.close(handle)
    try:
        with open(path, "wb") as stream:
            case._p_jar.exportFile(case._p_oid, stream)
        other = api.content.create(
            container=registry.aq_parent, type="Registry", id="toinen", prefix="TOI"
        )
        _refused(other._importObjectFromFile, path, verify=0)
        transaction.abort()
        assert "toinen" not in registry.aq_parent.objectIds()
    finally:
        os.remove(path)
