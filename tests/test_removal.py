"""Final records are not deleted: cases with a diary number, registered documents.

Every channel is refused (api.content.delete, the delete forms, REST DELETE),
Manager included; drafts, renames and moves still work, and so does removing
the whole site.
"""

from builders import make_records
from builders import make_statement
from municipality.policy.cases.removal import IRemovalRefused
from municipality.policy.cases.removal import refuse_removal
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry.api import register_case
from OFS.event import ObjectWillBeRemovedEvent
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.interface import alsoProvides
import json
import pytest
import requests
import transaction


AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json", "Accept-Language": "fi"}


_doc = make_statement
_setup = make_records


@pytest.fixture
def records(portal):
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    registry, case = _setup(portal)
    yield registry, case


def _refused(callable_, *args, **kw):
    with pytest.raises(Forbidden) as info:
        callable_(*args, **kw)
    assert IRemovalRefused.providedBy(info.value)
    return info.value


class TestGuard:
    def test_case_with_diary_number_is_not_deleted_even_by_manager(self, records):
        registry, case = records
        error = _refused(api.content.delete, case, check_linkintegrity=False)
        assert case.diary_number in str(error)
        assert case.getId() in registry.objectIds()

    def test_registered_document_is_not_deleted(self, records):
        _registry, case = records
        doc = _doc(case)
        _refused(api.content.delete, doc, check_linkintegrity=False)
        assert doc.getId() in case.objectIds()

    def test_draft_document_is_deleted(self, records):
        _registry, case = records
        doc = _doc(case, register=False)
        api.content.delete(doc, check_linkintegrity=False)
        assert doc.getId() not in case.objectIds()

    def test_container_of_records_is_not_deleted(self, records):
        registry, _case = records
        creator = registry.aq_parent
        _refused(api.content.delete, registry, check_linkintegrity=False)
        assert "kirjaamo" in creator.objectIds()

    def test_rename_and_move_still_work(self, records):
        registry, case = records
        doc = _doc(case)
        api.content.rename(obj=case, new_id="asia-uusi")
        assert registry["asia-uusi"].diary_number == case.diary_number
        other = register_case(registry, title="Toinen", task_class="10.03.02")
        moved = api.content.move(
            source=registry["asia-uusi"][doc.getId()], target=other
        )
        assert moved.getId() in other.objectIds()

    def test_removing_the_site_is_not_refused(self, records, portal):
        _registry, case = records
        app = portal.aq_parent
        refuse_removal(case, ObjectWillBeRemovedEvent(portal, app, portal.getId()))
        savepoint = transaction.savepoint()
        try:
            app.manage_delObjects([portal.getId()])
            assert portal.getId() not in app.objectIds()
        finally:
            savepoint.rollback()
        assert portal.getId() in app.objectIds()


class TestDeleteUI:
    def _authenticated(self, context):
        request = context.REQUEST
        request.form.clear()
        request.method = request["REQUEST_METHOD"] = "POST"
        request.form["_authenticator"] = api.content.get_view(
            "authenticator", context, request
        ).token()
        return request

    def test_confirmation_form_shows_the_error_without_delete_button(self, records):
        _registry, case = records
        request = case.REQUEST
        view = api.content.get_view("delete_confirmation", case, request)
        view.update()
        assert "Delete" not in view.actions
        messages = [m.message for m in IStatusMessage(request).show()]
        assert any(case.diary_number in m for m in messages), messages

    def test_confirmation_form_post_keeps_the_record(self, records):
        registry, case = records
        doc = _doc(case)
        request = self._authenticated(doc)
        request.form["form.buttons.Delete"] = "Poista"
        view = api.content.get_view("delete_confirmation", doc, request)
        view.update()
        assert doc.getId() in case.objectIds()

    def test_confirmation_form_of_a_container_reports_the_refusal(self, records):
        registry, case = records
        creator = registry.aq_parent
        request = self._authenticated(registry)
        request.form["form.buttons.Delete"] = "Poista"
        view = api.content.get_view("delete_confirmation", registry, request)
        view.update()
        assert "kirjaamo" in creator.objectIds()
        assert case.getId() in registry.objectIds()
        assert request.response.getStatus() == 302
        messages = [m.message for m in IStatusMessage(request).show()]
        assert any("arkistoprosessi" in m or case.diary_number in m for m in messages)

    def test_folder_contents_delete_reports_and_keeps_records(self, records):
        _registry, case = records
        registered, draft = _doc(case), _doc(case, register=False)
        request = self._authenticated(case)
        path = "/".join(
            case.getPhysicalPath()[len(api.portal.get().getPhysicalPath()) :]
        )
        request.form["folder"] = "/" + path
        request.form["selection"] = json.dumps([registered.UID(), draft.UID()])
        result = json.loads(api.content.get_view("fc-delete", case, request)())
        assert result["status"] == "warning"
        assert "hävittäminen" in result["msg"] or "arkisto" in result["msg"]
        assert registered.getId() in case.objectIds()
        assert draft.getId() not in case.objectIds()
        assert api.content.find(UID=registered.UID())  # still indexed


@pytest.fixture
def rest_records(rest_portal):
    registry, case = _setup(rest_portal)
    draft = _doc(case, register=False)
    transaction.commit()
    yield case, draft


def test_rest_delete_is_403_with_a_json_message(rest_records):
    case, draft = rest_records
    response = requests.delete(case.absolute_url(), headers=JSON, auth=AUTH, timeout=30)
    assert response.status_code == 403, response.text
    body = response.json()
    assert body["type"] == "Forbidden"
    assert case.diary_number in body["message"]
    transaction.begin()
    assert case.getId() in case.aq_parent.objectIds()
    response = requests.delete(
        draft.absolute_url(), headers=JSON, auth=AUTH, timeout=30
    )
    assert response.status_code == 204, response.text
