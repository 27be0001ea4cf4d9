"""Document view and forms: metadata, download, checksum, versions; refusals."""

from builders import make_registry
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import login
from plone.app.testing import setRoles
from zope.interface import alsoProvides
import pytest


PDF = make_pdf("Päätös", ["Kunnanhallitus myöntää avustuksen."])


@pytest.fixture
def case(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    registry = make_registry(portal)
    yield register_case(registry, title="Avustus", task_class="02.05.01")


def _doc(case, **kw):
    return create_document(
        case,
        title="Päätös avustuksesta",
        file=(PDF, "paatos.pdf"),
        record_type="Päätös",
        direction="outgoing",
        correspondent="Yhdistys ry",
        **kw,
    )


def _login(portal, case, user_id, role):
    api.user.create(
        email=f"{user_id}@example.org", username=user_id, password="secret-pw-123"
    )
    api.user.grant_roles(username=user_id, obj=case, roles=[role])
    login(portal, user_id)


def test_view_shows_metadata_download_hash_and_versions(case):
    doc = _doc(case)
    html = api.content.get_view("document-view", doc, doc.REQUEST)()
    assert "Yhdistys ry" in html
    assert f"{doc.absolute_url()}/@@download/file" in html
    assert "paatos.pdf" in html
    assert doc.sha256 in html
    assert 'class="document-versions"' in html


def test_draft_view_explains_hash_comes_later(case):
    doc = _doc(case, register=False)
    html = api.content.get_view("document-view", doc, doc.REQUEST)()
    assert 'class="document-sha256"' not in html
    assert 'class="document-versions"' not in html


def test_type_view_is_document_view(case):
    doc = _doc(case)
    assert doc.getLayout() == "document-view"


def test_edit_registered_refused_for_preparer(portal, case):
    doc = _doc(case)
    _login(portal, case, "valmistelija", "Preparer")
    request = doc.REQUEST
    request.form.update(
        {"form.widgets.title": "Muutettu", "form.buttons.save": "Tallenna"}
    )
    view = api.content.get_view("edit", doc, request)
    view()
    assert request.response.getStatus() == 302
    assert doc.title == "Päätös avustuksesta"


def test_edit_registered_offers_only_files_to_records_officer(portal, case):
    doc = _doc(case)
    _login(portal, case, "asiakirjavastaava", "RecordsOfficer")
    view = api.content.get_view("edit", doc, doc.REQUEST)
    html = view()
    form = view.form_instance
    assert set(form.fields.keys()) == {"file", "public_rendition", "file_change_reason"}
    assert not form.groups
    assert "form.widgets.title" not in html


def test_edit_draft_has_metadata_fields(case):
    doc = _doc(case, register=False)
    view = api.content.get_view("edit", doc, doc.REQUEST)
    view()
    assert "record_type" in view.form_instance.fields
    assert "file_change_reason" not in view.form_instance.fields  # drafts: no


def test_add_form_looser_field_error(portal, case):
    case.publicity_class = "secret"
    request = case.REQUEST
    fti = api.portal.get_tool("portal_types")["CaseDocument"]
    add = case.restrictedTraverse("++add++CaseDocument")
    add.update()
    widgets = add.form_instance.field_widgets()
    form = add.form_instance
    key = widgets["publicity_class"][1]
    request.form.update(
        {
            f"form.widgets.{key}": ["public"],
            "form.widgets.title": "X",
            "form.widgets.record_type": ["Hakemus"],
            "form.widgets.direction": ["incoming"],
        }
    )
    data, errors = form.extractData()
    assert any(e.widget is widgets["publicity_class"][2] for e in errors)
    assert fti.getId() == "CaseDocument"


@pytest.mark.parametrize(
    "lang, text",
    [
        ("fi", "SHA-256-tarkistussumma"),
        ("sv", "SHA-256-kontrollsumma"),
        ("en", "SHA-256 checksum"),
    ],
)
def test_labels_translated(portal, lang, text):
    from municipality.policy import _
    from zope.i18n import translate

    assert (
        translate(_("label_document_sha256", default="x"), target_language=lang) == text
    )


def _upload(data, filename):
    from io import BytesIO
    from ZPublisher.HTTPRequest import FileUpload

    class Storage:
        file = BytesIO(data)
        headers = {"content-type": "application/pdf"}
        name = "form.widgets.file"

    Storage.filename = filename
    return FileUpload(Storage())


def test_records_officer_uploads_new_version_through_form(portal, case):
    from municipality.policy.documents.registration import hash_history
    import hashlib

    doc = _doc(case)
    first = doc.sha256
    _login(portal, case, "asiakirjavastaava", "RecordsOfficer")
    second = make_pdf("Päätös", ["Oikaistu päätös."])
    request = doc.REQUEST
    request.form.update(
        {
            "form.widgets.file": _upload(second, "paatos-2.pdf"),
            "form.widgets.file.action": "replace",
            "form.widgets.title": "Ei saa muuttua",
            "form.widgets.file_change_reason": "Oikaisu.",
            "form.buttons.save": "Tallenna",
        }
    )
    view = api.content.get_view("edit", doc, request)
    view()
    assert doc.sha256 == hashlib.sha256(second).hexdigest()
    assert [h["sha256"] for h in hash_history(doc)] == [first, doc.sha256]
    assert doc.title == "Päätös avustuksesta"


def test_new_version_through_form_needs_a_reason_on_the_field(portal, case):
    doc = _doc(case)
    first = doc.sha256
    _login(portal, case, "asiakirjavastaava", "RecordsOfficer")
    request = doc.REQUEST
    request.form.update(
        {
            "form.widgets.file": _upload(make_pdf("Päätös", ["Uusi."]), "p-2.pdf"),
            "form.widgets.file.action": "replace",
            "form.buttons.save": "Tallenna",
        }
    )
    request.method = request["REQUEST_METHOD"] = "POST"
    view = api.content.get_view("edit", doc, request)
    html = view()
    assert doc.sha256 == first
    widget = view.form_instance.widgets["file_change_reason"]
    assert widget.error is not None
    assert "perustelu" in html
    # the upload is kept: giving the reason and saving stores it
    upload_id = view.form_instance.widgets["file"].file_upload_id
    assert upload_id and upload_id in html
    request.form.clear()
    request.form.update(
        {
            "form.widgets.file.action": "nochange",
            "form.widgets.file.file_upload_id": upload_id,
            "form.widgets.file_change_reason": "Korjattu versio.",
            "form.buttons.save": "Tallenna",
        }
    )
    api.content.get_view("edit", doc, request)()
    assert doc.file.filename == "p-2.pdf"
    assert doc.sha256 != first
    assert not doc.file_change_reason


def test_a_reason_without_a_new_file_is_not_kept(portal, case):
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    doc = _doc(case)
    _login(portal, case, "asiakirjavastaava", "RecordsOfficer")
    doc.file_change_reason = "Ei uutta tiedostoa."
    notify(ObjectModifiedEvent(doc))
    assert not doc.file_change_reason  # it would explain the next new version
