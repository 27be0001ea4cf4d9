"""The public diary entry (``@@diary-entry``, ``@diary-entry``) and the download
of redacted public renditions (``@@diary-rendition``), seen by anonymous."""

from builders import make_registry
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.namedfile.file import NamedBlobFile
from statuses import is_login_challenge
import pytest
import requests
import transaction


SECRET_TITLE = "Lastensuojeluilmoitus Matti Meikäläinen"
SECRET_DOC_TITLE = "Sosiaalityöntekijän selvitys Matista"
SECRET_TEXT = "SALAINENSISALTO"
SECRET_PDF = make_pdf("Selvitys", [f"{SECRET_TEXT} Matti asuu Kujalla 1."])
REDACTED_PDF = make_pdf("Selvitys", ["JULKINENVERSIO (salassa pidettävä poistettu)."])
PUBLIC_PDF = make_pdf("Päätös", ["Kunnanhallitus päätti asiassa."])
HTML = {"Accept": "text/html", "Accept-Language": "fi"}
JSON = {"Accept": "application/json", "Accept-Language": "fi"}


def _secret_doc(case, title, rendition=True):
    doc = create_document(
        case,
        title=title,
        file=(SECRET_PDF, "matti-selvitys.pdf"),
        record_type="Selvitys",
        direction="incoming",
        publicity_class="secret",
        security_reasons=["24.1.25"],
        restriction_reason="Sosiaalihuollon asiakastieto",
        register=False,
    )
    if rendition:
        doc.public_rendition = NamedBlobFile(
            data=REDACTED_PDF, filename="matti-selvitys-peitetty.pdf"
        )
    api.content.transition(obj=doc, transition="register")
    return doc


def _case(registry, publicity, title, public_title, decided):
    case = register_case(
        registry,
        title=title,
        public_title=public_title,
        task_class="12.01.00",
        publicity_class=publicity,
    )
    public = create_document(
        case,
        title="Päätös lastensuojeluasiassa",
        file=(PUBLIC_PDF, "paatos.pdf"),
        record_type="Päätös",
        direction="outgoing",
        # a secret case's documents are secret too
        publicity_class="secret" if publicity == "secret" else "public",
        restriction_reason="Päätöksen julkisuus",
    )
    secret = _secret_doc(case, SECRET_DOC_TITLE)
    _secret_doc(case, "Toinen salainen liite", rendition=False)
    if decided:
        for transition in ("prepare", "submit", "decide"):
            api.content.transition(obj=case, transition=transition)
    return case, public, secret


@pytest.fixture
def diary(rest_portal):
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    login(rest_portal, TEST_USER_NAME)
    registry = make_registry(rest_portal)
    for obj in (registry.aq_parent, registry):
        api.content.transition(obj=obj, transition="publish")
    cases = {
        "partly": _case(
            registry, "partly_secret", SECRET_TITLE, "Lastensuojeluasia", True
        ),
        "secret": _case(
            registry, "secret", "Salainen asia Liisa", "Sosiaaliasia", True
        ),
        "pending": _case(
            registry, "partly_secret", "Vireillä Pekka", "Vireillä oleva asia", False
        ),
    }
    logout()
    transaction.commit()
    yield registry, cases


def _entry(registry, case, **kw):
    return requests.get(
        registry.absolute_url() + "/@@diary-entry",
        params={"number": case.diary_number},
        headers=HTML,
        timeout=30,
        **kw,
    )


def _never_leaks(text, case, secret):
    assert SECRET_TITLE not in text
    assert case.title not in text
    assert SECRET_DOC_TITLE not in text
    assert "Toinen salainen liite" not in text
    assert "matti-selvitys" not in text
    assert f"{secret.absolute_url()}/@@download" not in text
    assert SECRET_TEXT not in text


class TestEntryPage:
    def test_partly_secret_decided_case(self, diary):
        registry, cases = diary
        case, public, secret = cases["partly"]
        response = _entry(registry, case)
        assert response.status_code == 200, response.text
        html = response.text
        assert f"Diaarimerkintä {case.diary_number}" in html
        assert "Lastensuojeluasia" in html
        assert "Päätetty" in html
        # the public document is linked; anonymous may open it
        assert public.absolute_url() in html
        assert requests.get(public.absolute_url(), timeout=30).status_code == 200
        # the secret document appears only as its rendition, title-free
        assert "Julkinen versio" in html and "Lataa julkinen versio" in html
        assert html.count("@@diary-rendition") == 1
        assert "Selvitys" in html  # record type
        _never_leaks(html, case, secret)
        # the case itself stays closed to anonymous
        closed = requests.get(case.absolute_url(), allow_redirects=False, timeout=30)
        is_login_challenge(closed)
        assert SECRET_TITLE not in closed.text

    def test_rendition_download(self, diary):
        registry, cases = diary
        case, _public, secret = cases["partly"]
        url = registry.absolute_url() + "/@@diary-rendition"
        params = {"number": case.diary_number, "document": secret.UID()}
        response = requests.get(url, params=params, timeout=30)
        assert response.status_code == 200
        assert response.content == REDACTED_PDF
        assert SECRET_TEXT.encode() not in response.content
        disposition = response.headers["Content-Disposition"]
        assert "matti" not in disposition
        assert f"{secret.getId()}.pdf" in disposition
        # the secret file itself stays closed
        closed = requests.get(
            f"{secret.absolute_url()}/@@download/file",
            allow_redirects=False,
            timeout=30,
        )
        is_login_challenge(closed)
        assert SECRET_TEXT.encode() not in closed.content

    def test_secret_case_lists_no_documents(self, diary):
        registry, cases = diary
        case, _public, secret = cases["secret"]
        html = _entry(registry, case).text
        assert "Sosiaaliasia" in html
        assert "Salainen asia Liisa" not in html
        assert "@@diary-rendition" not in html
        assert "Päätös lastensuojeluasiassa" not in html
        assert "Tämän asian asiakirjat eivät ole julkisia." in html
        _never_leaks(html, case, secret)
        response = requests.get(
            registry.absolute_url() + "/@@diary-rendition",
            params={"number": case.diary_number, "document": secret.UID()},
            timeout=30,
        )
        assert response.status_code == 404

    def test_undecided_partly_secret_case_lists_nothing(self, diary):
        registry, cases = diary
        case, _public, secret = cases["pending"]
        html = _entry(registry, case).text
        assert "Vireillä oleva asia" in html
        assert "@@diary-rendition" not in html
        assert "Päätös lastensuojeluasiassa" not in html
        assert "julkaistaan, kun asia on ratkaistu" in html
        _never_leaks(html, case, secret)
        response = requests.get(
            registry.absolute_url() + "/@@diary-rendition",
            params={"number": case.diary_number, "document": secret.UID()},
            timeout=30,
        )
        assert response.status_code == 404

    def test_rendition_needs_the_right_case(self, diary):
        registry, cases = diary
        _case, _public, secret = cases["partly"]
        other = cases["pending"][0]
        response = requests.get(
            registry.absolute_url() + "/@@diary-rendition",
            params={"number": other.diary_number, "document": secret.UID()},
            timeout=30,
        )
        assert response.status_code == 404

    def test_unknown_number_is_404(self, diary):
        registry, _cases = diary
        for params in ({"number": "ESIM/999/12.01.00/2026"}, {}):
            response = requests.get(
                registry.absolute_url() + "/@@diary-entry",
                params=params,
                headers=HTML,
                timeout=30,
            )
            assert response.status_code == 404

    def test_diary_rows_link_to_the_entry(self, diary):
        registry, cases = diary
        case = cases["partly"][0]
        html = requests.get(
            registry.absolute_url() + "/@@diary", headers=HTML, timeout=30
        ).text
        number = case.diary_number.replace("/", "%2F")
        assert f"{registry.absolute_url()}/@@diary-entry?number={number}" in html
        assert SECRET_TITLE not in html


class TestEntryService:
    def _get(self, number=None):
        portal = api.portal.get()
        params = {"number": number} if number is not None else {}
        return requests.get(
            portal.absolute_url() + "/@diary-entry",
            params=params,
            headers=JSON,
            timeout=30,
        )

    def test_partly_secret_decided_case(self, diary):
        _registry, cases = diary
        case, public, secret = cases["partly"]
        response = self._get(case.diary_number)
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["diary_number"] == case.diary_number
        assert data["title"] == "Lastensuojeluasia"
        assert data["review_state"] == "paatetty"
        assert data["task_class"] == "12.01.00"
        assert [d["url"] for d in data["public_documents"]] == [public.absolute_url()]
        (rendition,) = data["renditions"]
        assert set(rendition) == {
            "record_type",
            "direction",
            "registration_date",
            "url",
            "size",
            "content_type",
        }
        assert requests.get(rendition["url"], timeout=30).content == REDACTED_PDF
        _never_leaks(response.text, case, secret)

    def test_secret_and_pending_cases_list_nothing(self, diary):
        _registry, cases = diary
        for key in ("secret", "pending"):
            case, _public, secret = cases[key]
            data = self._get(case.diary_number).json()
            assert data["public_documents"] == [] and data["renditions"] == []
            _never_leaks(str(data), case, secret)

    def test_unknown_number_is_404_missing_is_400(self, diary):
        assert self._get("ESIM/999/12.01.00/2026").status_code == 404
        response = self._get()
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "number"

    def test_diary_items_link_to_the_entry(self, diary):
        _registry, cases = diary
        portal = api.portal.get()
        items = requests.get(
            portal.absolute_url() + "/@diary", headers=JSON, timeout=30
        ).json()["items"]
        number = cases["partly"][0].diary_number
        (item,) = [i for i in items if i["diary_number"] == number]
        assert item["diary_entry"].startswith(portal.absolute_url() + "/@diary-entry?")
        assert (
            requests.get(item["diary_entry"], headers=JSON, timeout=30).json()[
                "diary_number"
            ]
            == number
        )
