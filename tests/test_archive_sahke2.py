"""SÄHKE2 (issue 14): a closed case's archival metadata validates against the
copied schema and says what the case holds; checksums are the files' own; a
transfer package's manifest verifies, its cases end ``siirretty``, and one
bad case keeps every case where it was; ``@sahke2`` refuses who may not and
an open case; the TiHL 28 § description is public and shows no case."""

from builders import make_registry
from io import BytesIO
from lxml import etree
from meeting_builders import PASSWORD
from meeting_builders import ensure_user
from municipality.policy.archive import sahke2
from municipality.policy.archive import sahke2_setup
from municipality.policy.archive import sahke2_transfer
from municipality.policy.cases import phaselog
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.registry.api import register_case
from municipality.policy.security.browser import tools
from pathlib import Path
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.namedfile.file import NamedBlobFile
from zope.annotation.interfaces import IAnnotations
import hashlib
import importlib.util
import municipality.policy
import pytest
import re
import requests
import tarfile
import transaction


XSD = (
    Path(municipality.policy.__file__).parent
    / "archive"
    / "schemas"
    / "sahke2"
    / "Sahke2_2019_03.xsd"
)
NS = {"s": "http://www.arkisto.fi/skeemat/Sahke2/2019/08/29"}
REASON = "KA/13089/07.01.01.03.01/2018"
CONTACT = {
    "contract": "AL/1234/2026",
    "name": "Arja Arkistonjohtaja",
    "address": "Kunnantie 1, 99999 Esimerkkilä",
    "phone": "012 345 6789",
    "email": "arkisto@esimerkkikunta.example",
}
#: a PDF/A-2b's XMP identification, as a PDF writer puts it
PDFA = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Metadata /Subtype /XML >>\n"
    b"stream\n<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:Description "
    b"xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/'><pdfaid:part>2</pdfaid:part>"
    b"<pdfaid:conformance>B</pdfaid:conformance></rdf:Description></x:xmpmeta>\n"
    b"endstream\nendobj\n%%EOF\n"
)


def validator():
    return etree.XMLSchema(etree.parse(str(XSD)))


def closed_case(registry, title, period=-1, reason=REASON, rendition=True):
    """A closed (paattynyt) partly secret case of 10.03.02 with personal data,
    a handling phase and a registered statement (with a public rendition)."""
    case = register_case(registry, title=title, task_class="10.03.02")
    case.retention_period = period
    case.retention_reason = reason
    case.retention_start_rule = "case_closed"
    case.publicity_class = "partly_secret"
    case.security_reasons = ["24.1.25"]
    case.secrecy_period = 25
    case.personal_data = "personal"
    phaselog.append(case, "valmistelu", "Lausunto pyydetty naapureilta")
    document = create_document(
        case,
        title="Naapurin lausunto",
        file=(make_pdf("Lausunto", ["Lausunto rakennusluvasta."]), "lausunto.pdf"),
        record_type="Lausunto",
        direction="incoming",
        register=False,
    )
    if rendition:
        document.public_rendition = NamedBlobFile(
            data=make_pdf("Lausunto", ["Peitetty lausunto."]),
            filename="lausunto-julkinen.pdf",
        )
    api.content.transition(obj=document, transition="register")
    for transition in ("prepare", "submit", "decide", "close"):
        api.content.transition(obj=case, transition=transition)
    return case


@pytest.fixture
def registry(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return make_registry(portal)


@pytest.fixture
def case(registry):
    return closed_case(registry, "Rakennuslupa, Kuja 1")


def parse(xml):
    tree = etree.parse(BytesIO(xml))
    assert validator().validate(tree), validator().error_log
    return tree


def text(tree, path):
    return [element.text for element in tree.xpath(path, namespaces=NS)]


class TestCaseXML:
    def test_valid_and_says_what_the_case_holds(self, case):
        tree = parse(sahke2.case_xml(case))
        casefile = "/s:Metadata/s:CaseFile"
        assert text(tree, f"{casefile}/s:NativeId") == [case.diary_number]
        assert text(tree, f"{casefile}/s:Title") == ["Rakennuslupa, Kuja 1"]
        assert text(tree, f"{casefile}/s:Status") == ["Päättynyt"]
        assert text(tree, f"{casefile}/s:Function") == ["10.03.02"]
        assert text(tree, f"{casefile}//s:FunctionCode") == ["10", "10.03", "10.03.02"]
        assert text(tree, f"{casefile}/s:RetentionPeriod") == ["-1"]
        assert text(tree, f"{casefile}/s:RetentionReason") == [REASON]
        assert text(tree, f"{casefile}/s:Finished") == [
            phaselog.day(phaselog.entries(case)[-1]).isoformat()
        ]
        restriction = f"{casefile}/s:Restriction"
        assert text(tree, f"{restriction}/s:PublicityClass") == [
            "Osittain salassapidettävä"
        ]
        assert text(tree, f"{restriction}/s:SecurityReason") == [
            "JulkL (621/1999) 24.1 § 25 k"
        ]
        assert text(tree, f"{restriction}/s:SecurityPeriod") == ["25"]
        assert text(tree, f"{restriction}/s:PersonalData") == [
            "sisältää henkilötietoja"
        ]
        assert text(tree, f"{casefile}/s:Custom/*") == ["Asian lopullinen ratkaisu"]
        # the handling phases as Actions, with their type and description
        types = text(tree, f"{casefile}/s:Action/s:Type")
        assert "Vireilletulo" in types and "Päätöksenteko" in types
        phase = tree.xpath(
            f"{casefile}/s:Action[s:Type='Valmistelu' and s:Description]", namespaces=NS
        )
        assert text(phase[0], "s:Description") == ["Lausunto pyydetty naapureilta"]

    def test_records_files_and_redaction(self, case):
        tree = parse(sahke2.case_xml(case))
        (document,) = case.objectValues()
        records = tree.xpath("//s:Action/s:Record", namespaces=NS)
        assert len(records) == 2  # the statement and its public rendition
        original, public = records
        assert text(original, "s:NativeId") == [document.UID()]
        assert text(original, "s:Type") == ["Lausunto"]
        assert text(original, "s:RecordRelation/s:HasRedaction") == [
            f"{document.UID()}-julkaisu"
        ]
        assert text(public, "s:RecordRelation/s:IsRedactionOf") == [document.UID()]
        assert text(public, "s:Restriction/s:PublicityClass") == ["Julkinen"]
        assert text(original, "s:Restriction/s:SecurityReason") == [
            "JulkL (621/1999) 24.1 § 25 k"
        ]
        assert text(original, "s:Document/s:UseType") == ["Natiivi"]
        assert text(public, "s:Document/s:UseType") == ["Julkaisu"]
        assert text(original, "s:Document/s:Format/s:Name") == ["application/pdf"]
        assert text(original, "s:Document/s:Format/s:Version") == ["1.4"]
        base = f"files/{case.getId()}/{document.getId()}"
        assert text(original, "s:Document/s:File/s:Path") == [f"{base}/lausunto.pdf"]
        assert text(public, "s:Document/s:File/s:Path") == [
            f"{base}/julkaisu/lausunto-julkinen.pdf"
        ]
        assert text(tree, "//s:Document/s:HashAlgorithm") == ["SHA-256", "SHA-256"]

    def test_checksums_are_the_files_own(self, case):
        (document,) = case.objectValues()
        tree = parse(sahke2.case_xml(case))
        with document.file._blob.open("r") as stream:
            original = hashlib.sha256(stream.read()).hexdigest()
        with document.public_rendition._blob.open("r") as stream:
            public = hashlib.sha256(stream.read()).hexdigest()
        assert text(tree, "//s:Document/s:HashValue") == [original, public]
        assert original == document.sha256

    def test_pdfa_is_an_archival_format(self, portal):
        pdfa = NamedBlobFile(data=PDFA, filename="a.pdf")
        assert sahke2.file_format(pdfa) == ("application/pdf", "A-2b")
        plain = NamedBlobFile(data=b"PK\x03\x04 not a pdf", filename="x.bin")
        assert sahke2.file_format(plain)[1] == "(:unav)"

    def test_open_case_is_not_described(self, registry):
        case = register_case(registry, title="Kesken", task_class="10.03.02")
        with pytest.raises(sahke2.TransferInvalid) as raised:
            sahke2.case_xml(case)
        assert raised.value.field == "state"
        assert raised.value.case == case.diary_number

    def test_tampered_file_is_refused(self, case):
        (document,) = case.objectValues()
        document.sha256 = "0" * 64  # what registration took no longer matches
        with pytest.raises(sahke2.TransferInvalid) as raised:
            sahke2.case_xml(case)
        assert [(p.case, p.field) for p in raised.value.problems] == [
            (case.diary_number, "sha256")
        ]


class TestTransferPackage:
    def test_package_manifest_verifies_and_cases_move(
        self, registry, monkeypatch, tmp_path
    ):
        monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
        first = closed_case(registry, "Asemakaava, Keskusta")
        second = closed_case(registry, "Rakennuslupa, Koulu", rendition=False)
        ten_years = closed_case(registry, "Toimenpidelupa", period=10)
        creator = registry.aq_parent
        assert sahke2_transfer.transferable(creator) == [first, second]
        assert ten_years not in sahke2_transfer.transferable(creator)

        record = sahke2_transfer.transfer(creator, [first, second], CONTACT)

        (package,) = tmp_path.glob("*.tar")
        assert record["sha256"] == hashlib.sha256(package.read_bytes()).hexdigest()
        with tarfile.open(package) as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
        manifest = members.pop("manifest-sha256.txt").decode()
        lines = [line.split("  ", 1) for line in manifest.splitlines()]
        assert sorted(path for _digest, path in lines) == sorted(members)
        for digest, path in lines:
            assert hashlib.sha256(members[path]).hexdigest() == digest
        assert len(members) == 4  # sahke2.xml, 2 originals, 1 rendition
        tree = parse(members["sahke2.xml"])
        assert text(tree, "/s:Metadata/s:CaseFile/s:NativeId") == [
            first.diary_number,
            second.diary_number,
        ]
        assert text(tree, "//s:TransferContractId") == ["AL/1234/2026"]
        assert text(tree, "//s:ContactPerson/s:Email") == [CONTACT["email"]]
        for path in text(tree, "//s:Document/s:File/s:Path"):
            assert path in members
        # the cases are transferred, the transition logged; the other stays
        for case in (first, second):
            assert api.content.get_state(case) == "siirretty"
            last = phaselog.entries(case)[-1]
            assert last["kind"] == "state" and last["data"]["new"] == "siirretty"
            assert record["id"] in last["note"]
        assert api.content.get_state(ten_years) == "paattynyt"
        (saved,) = IAnnotations(creator)[sahke2_transfer.TRANSFERS_KEY]
        assert saved["cases"] == [first.diary_number, second.diary_number]
        assert saved["agent"] == TEST_USER_ID
        assert sahke2_transfer.transferable(creator) == []

    def test_one_bad_case_blocks_the_package(self, registry, monkeypatch, tmp_path):
        monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
        good = closed_case(registry, "Asemakaava, Ranta")
        bad = closed_case(registry, "Asemakaava, Satama", reason="")
        creator = registry.aq_parent
        with pytest.raises(sahke2.TransferInvalid) as raised:
            sahke2_transfer.transfer(creator, [good, bad], CONTACT)
        assert [(p.case, p.field) for p in raised.value.problems] == [
            (bad.diary_number, "retention_reason")
        ]
        assert api.content.get_state(good) == "paattynyt"
        assert api.content.get_state(bad) == "paattynyt"
        assert list(tmp_path.iterdir()) == []
        assert sahke2_transfer.TRANSFERS_KEY not in IAnnotations(creator)

    def test_schema_invalid_xml_is_never_packed(self, registry, monkeypatch, tmp_path):
        monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
        good = closed_case(registry, "Asemakaava, Kallio")
        # a value the schema's PersonalData list does not have
        monkeypatch.setitem(sahke2.PERSONAL_DATA, "personal", "henkilötietoja on")
        with pytest.raises(sahke2.TransferInvalid) as raised:
            sahke2_transfer.transfer(registry.aq_parent, [good], CONTACT)
        assert raised.value.case == good.diary_number
        assert raised.value.field == "sahke2"
        assert "PersonalData" in str(raised.value)
        assert list(tmp_path.iterdir()) == []
        assert api.content.get_state(good) == "paattynyt"

    def test_a_file_changed_since_registration_blocks_it_too(
        self, registry, monkeypatch, tmp_path
    ):
        monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
        good = closed_case(registry, "Asemakaava, Mäki")
        bad = closed_case(registry, "Asemakaava, Laakso")
        (document,) = bad.objectValues()
        document.sha256 = "f" * 64
        with pytest.raises(sahke2.TransferInvalid) as raised:
            sahke2_transfer.transfer(registry.aq_parent, [good, bad], CONTACT)
        assert raised.value.field == "sha256"
        assert raised.value.case == bad.diary_number
        assert api.content.get_state(good) == "paattynyt"
        assert list(tmp_path.iterdir()) == []


TRANSFER_SCRIPT = Path(__file__).parents[1] / "instance" / "transfer.py"


def load_script():
    spec = importlib.util.spec_from_file_location("kp_transfer_script", TRANSFER_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # no `app` global: main() is not run
    return module


class TestCommandLine:
    def test_progress_and_record(self, registry, monkeypatch, tmp_path, capsys):
        monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
        first = closed_case(registry, "Yleiskaava")
        second = closed_case(registry, "Osayleiskaava", rendition=False)
        argv = ["--site", registry.aq_parent.aq_parent.getId()]
        argv += [f"--{key}={value}" for key, value in CONTACT.items()]
        record = load_script().main(registry.getPhysicalRoot(), argv, commit=False)
        out = capsys.readouterr().out
        assert f"[1/2] {first.diary_number}" in out
        assert f"[2/2] {second.diary_number}" in out
        assert record["cases"] == [first.diary_number, second.diary_number]
        assert record["files"] == 3
        assert api.content.get_state(first) == "siirretty"

    def test_refused_case_named(self, registry, monkeypatch, tmp_path, capsys):
        monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
        number = closed_case(registry, "Yleiskaava", reason="").diary_number
        argv = ["--site", registry.aq_parent.aq_parent.getId()]
        argv += [f"--{key}={value}" for key, value in CONTACT.items()]
        assert (
            load_script().main(registry.getPhysicalRoot(), argv, commit=False) is None
        )
        assert f"REFUSED {number}: retention_reason" in capsys.readouterr().err
        assert list(tmp_path.iterdir()) == []


def test_tool_for_the_chief_records_officer(registry):
    portal, creator = registry.aq_parent.aq_parent, registry.aq_parent
    ensure_user("arkistojohtaja-t", "Arja Arkistojohtaja")
    ensure_user("kirjaaja-t", "Kalle Kirjaaja")
    api.user.grant_roles(
        username="arkistojohtaja-t", obj=creator, roles=["ChiefRecordsOfficer"]
    )
    api.user.grant_roles(username="kirjaaja-t", obj=creator, roles=["Registrar"])
    names = {}
    for user in ("arkistojohtaja-t", "kirjaaja-t"):
        login(portal, user)
        names[user] = [t["name"] for t in tools.tools_on(creator, portal.REQUEST)]
    assert "archival-transfer" in names["arkistojohtaja-t"]
    assert "archival-transfer" not in names["kirjaaja-t"]


def test_public_link_under_kunnan_tiedot(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    assert sahke2_setup.link_description(portal) is None  # no folder, no link
    api.content.create(container=portal, type="Folder", id="kunnan-tiedot", title="K")
    link = sahke2_setup.link_description(portal)
    assert sahke2_setup.link_description(portal) == link  # idempotent
    assert portal["kunnan-tiedot"].objectIds() == ["tiedonhallintakuvaus"]
    assert link.remoteUrl == "${portal_url}/@@tiedonhallintakuvaus"


# ---------------------------------------------------------------- over HTTP
CRO = "arkistojohtaja-s2"
STAFF = "virkailija-s2"
TITLE = "Rakennuslupa, Satamatie 5 (SÄHKE2)"
OPEN_TITLE = "Vireillä oleva asia (SÄHKE2)"


@pytest.fixture
def site(rest_portal, monkeypatch, tmp_path):
    monkeypatch.setenv(sahke2_transfer.ENVIRONMENT, str(tmp_path))
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    login(rest_portal, TEST_USER_NAME)
    if True:
        registry = make_registry(rest_portal)
        creator = registry.aq_parent  # left internal: the description is public
        ensure_user(CRO, "Arja Arkistojohtaja")
        ensure_user(STAFF, "Veli Virkailija")
        api.user.grant_roles(username=CRO, obj=creator, roles=["ChiefRecordsOfficer"])
        api.user.grant_roles(username=STAFF, obj=creator, roles=["Registrar"])
        cases = {
            brain.Title: brain._unrestrictedGetObject()
            for brain in rest_portal.portal_catalog.unrestrictedSearchResults(
                portal_type="Case"
            )
            if brain.Title in (TITLE, OPEN_TITLE)
        }
        if TITLE not in cases:
            cases[TITLE] = closed_case(registry, TITLE)
            cases[OPEN_TITLE] = register_case(
                registry, title=OPEN_TITLE, task_class="10.03.02"
            )
    transaction.commit()
    return rest_portal, cases


class TestOverHTTP:
    def test_sahke2_refusals_and_xml(self, site):
        portal, cases = site
        url = f"{cases[TITLE].absolute_url()}/@sahke2"
        headers = {"Accept": "application/json"}
        assert requests.get(url, headers=headers, timeout=60).status_code == 401
        staff = requests.get(url, headers=headers, auth=(STAFF, PASSWORD), timeout=60)
        assert staff.status_code == 403
        open_case = requests.get(
            f"{cases[OPEN_TITLE].absolute_url()}/@sahke2",
            headers=headers,
            auth=(CRO, PASSWORD),
            timeout=60,
        )
        assert open_case.status_code == 400
        assert open_case.json()["field"] == "state"
        answer = requests.get(url, headers=headers, auth=(CRO, PASSWORD), timeout=60)
        assert answer.status_code == 200
        assert answer.headers["Content-Type"].startswith("application/xml")
        tree = parse(answer.content)
        assert text(tree, "//s:CaseFile/s:NativeId") == [cases[TITLE].diary_number]
        download = requests.get(
            f"{cases[TITLE].absolute_url()}/@@sahke2.xml",
            auth=(CRO, PASSWORD),
            timeout=60,
        )
        assert download.status_code == 200
        assert "attachment" in download.headers["Content-Disposition"]

    def test_description_is_public_and_shows_no_case(self, site):
        portal, cases = site
        for url in (
            f"{portal.absolute_url()}/@@tiedonhallintakuvaus",
            f"{portal.absolute_url()}/esimerkkikunta/@@tiedonhallintakuvaus",
        ):
            page = requests.get(url, headers={"Accept-Language": "fi"}, timeout=60)
            assert page.status_code == 200
            assert "Rakennusluvat" in page.text and "10.03.02" in page.text
            assert "Kirjaamo" in page.text
            for case in cases.values():
                assert case.Title() not in page.text
                assert case.diary_number not in page.text
                assert case.getId() not in page.text

    def test_transfer_page_for_the_chief_records_officer(self, site):
        portal, cases = site
        url = f"{portal.absolute_url()}/esimerkkikunta/@@archival-transfer"
        assert requests.get(url, auth=(STAFF, PASSWORD), timeout=60).status_code == 403
        session = requests.Session()
        session.auth = (CRO, PASSWORD)
        page = session.get(url, headers={"Accept-Language": "fi"}, timeout=60)
        assert page.status_code == 200
        case = cases[TITLE]
        assert case.diary_number in page.text
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)[1]
        form = {
            "_authenticator": token,
            "form.submitted": "1",
            "cases:list": [case.UID()],
        }
        missing = session.post(url, data=form, timeout=60)
        assert missing.status_code == 400  # contact details are required
        answer = session.post(url, data={**form, **CONTACT}, timeout=60)
        assert answer.status_code == 200  # followed the redirect
        link = re.search(r'href="([^"]+\?download=[^"]+)"', answer.text)[1]
        package = session.get(link.replace("&amp;", "&"), timeout=60)
        assert package.headers["Content-Type"] == "application/x-tar"
        with tarfile.open(fileobj=BytesIO(package.content)) as tar:
            assert "sahke2.xml" in tar.getnames()
        transaction.begin()
        assert api.content.get_state(case) == "siirretty"
