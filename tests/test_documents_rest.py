"""Case documents over plone.restapi: create, 400s naming the field, no extracted text."""

from builders import make_registry
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import setRoles
import base64
import hashlib
import pytest
import requests
import transaction


AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
OFFICER = ("asiakirjavastaava", "secret-pw-123")
JSON = {"Accept": "application/json"}
PDF = make_pdf("Lausunto", ["Ympäristölautakunta puoltaa hanketta lumikuormalla."])


def _file(data, filename="lausunto.pdf"):
    return {
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
        "filename": filename,
        "content-type": "application/pdf",
    }


@pytest.fixture
def case(rest_portal):
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    login(rest_portal, TEST_USER_NAME)
    registry = make_registry(rest_portal)
    case = register_case(registry, title="Kaavamuutos", task_class="10.03.02")
    api.user.create(email="ao@example.org", username=OFFICER[0], password=OFFICER[1])
    api.user.grant_roles(username=OFFICER[0], obj=case, roles=["RecordsOfficer"])
    transaction.commit()
    yield case


@pytest.fixture
def doc(case):
    doc = create_document(
        case,
        title="Lausunto",
        file=(PDF, "lausunto.pdf"),
        record_type="Lausunto",
        direction="incoming",
        correspondent="Ympäristölautakunta",
    )
    transaction.commit()
    return doc


def _errors(response):
    body = response.json()
    return str(body.get("message", body))


def test_post_creates_draft_document(case):
    response = requests.post(
        case.absolute_url(),
        headers=JSON,
        auth=AUTH,
        timeout=30,
        json={
            "@type": "CaseDocument",
            "title": "Hakemus",
            "record_type": "Hakemus",
            "direction": "incoming",
            "file": _file(PDF),
        },
    )
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["@id"].rsplit("/", 1)[1].startswith("asiakirja-")
    assert data["review_state"] == "draft"
    assert data["sha256"] is None


def test_post_bad_record_type_names_field(case):
    response = requests.post(
        case.absolute_url(),
        headers=JSON,
        auth=AUTH,
        timeout=30,
        json={
            "@type": "CaseDocument",
            "title": "Hakemus",
            "record_type": "Eiole",
            "direction": "incoming",
            "file": _file(PDF),
        },
    )
    assert response.status_code == 400
    assert "record_type" in _errors(response)
    transaction.begin()
    assert case.objectIds() == []


def test_post_looser_than_secret_case_is_400(case):
    case.publicity_class = "secret"
    case.secrecy_period = 25
    transaction.commit()
    response = requests.post(
        case.absolute_url(),
        headers=JSON,
        auth=AUTH,
        timeout=30,
        json={
            "@type": "CaseDocument",
            "title": "Hakemus",
            "record_type": "Hakemus",
            "direction": "incoming",
            "file": _file(PDF),
            "publicity_class": "public",
        },
    )
    assert response.status_code == 400
    assert "publicity_class" in _errors(response)
    transaction.begin()
    assert case.objectIds() == []


def test_get_has_hash_but_no_extracted_text(doc):
    response = requests.get(doc.absolute_url(), headers=JSON, auth=AUTH, timeout=30)
    assert response.status_code == 200
    data = response.json()
    assert data["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert "lumikuormalla" not in response.text
    search = requests.get(
        api.portal.get().absolute_url() + "/@search",
        params={"SearchableText": "lumikuormalla", "metadata_fields": "_all"},
        headers=JSON,
        auth=AUTH,
        timeout=30,
    ).json()
    assert [item["@id"] for item in search["items"]] == [doc.absolute_url()]
    assert "lumikuormalla" not in str(search["items"][0])
    anonymous = requests.get(
        api.portal.get().absolute_url() + "/@search",
        params={"SearchableText": "lumikuormalla"},
        headers=JSON,
        timeout=30,
    ).json()
    assert anonymous["items_total"] == 0


def test_patch_registered_metadata_is_400(doc):
    response = requests.patch(
        doc.absolute_url(),
        headers=JSON,
        auth=AUTH,
        timeout=30,
        json={"title": "Muutettu"},
    )
    assert response.status_code == 400
    assert "title" in _errors(response)
    transaction.begin()
    assert doc.title == "Lausunto"


def test_patch_sha256_is_400(doc):
    response = requests.patch(
        doc.absolute_url(),
        headers=JSON,
        auth=AUTH,
        timeout=30,
        json={"sha256": "0" * 64},
    )
    assert response.status_code == 400
    assert "sha256" in _errors(response)


def test_records_officer_patches_new_version(doc):
    second = make_pdf("Lausunto", ["Korjattu lausunto."])
    response = requests.patch(
        doc.absolute_url(),
        headers=JSON,
        auth=OFFICER,
        timeout=30,
        json={"file": _file(second, "lausunto-2.pdf")},
    )
    assert response.status_code == 400, response.text  # no reason given
    assert "file_change_reason" in _errors(response)
    assert "perustelu" in _errors(response)
    response = requests.patch(
        doc.absolute_url(),
        headers=JSON,
        auth=OFFICER,
        timeout=30,
        json={
            "file": _file(second, "lausunto-2.pdf"),
            "file_change_reason": "Lausuntoon korjattu päivämäärä.",
        },
    )
    assert response.status_code == 204, response.text
    transaction.begin()
    assert doc.sha256 == hashlib.sha256(second).hexdigest()
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        assert len(repository.getHistoryMetadata(doc)) == 2
