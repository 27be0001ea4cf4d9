"""E-services, the rest of issue 13's intake (over real HTTP, anonymous):
attachments sniffed by content (REST JSON base64 and the HTML form's file
input), their limits, nothing written on any error (cases and the diary
counter); the receipt e-mail through MailHost to a local SMTP server
(aiosmtpd), none for a refused submission; a rectification claim on both
sides of midnight of its last day (fixed clock); an expired tracking code is
the same 404 as a wrong one.
"""

from aiosmtpd.controller import Controller
from builders import make_case
from builders import make_registry
from DateTime import DateTime
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from dateutil.relativedelta import relativedelta
from email import message_from_bytes
from email.policy import default as default_policy
from municipality.policy.eservices import abuse
from municipality.policy.eservices import intake
from municipality.policy.eservices import settings
from municipality.policy.meetings import decisions
from municipality.policy.registry import numbering
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from zoneinfo import ZoneInfo
import base64
import hashlib
import io
import pytest
import requests
import socket
import transaction
import zipfile


FI = {"Accept": "application/json", "Accept-Language": "fi"}
HELSINKI = ZoneInfo("Europe/Helsinki")
FEEDBACK = {
    "subject": "Leikkipuisto",
    "message": "Koivikon leikkipuiston keinu on rikki.",
    "name": "Maija Meikäläinen",
    "email": "maija@example.fi",
}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17) + b"kuvadataa" * 10
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(100)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TEXT = "Lisäselvitys: keinun ketju on katkennut.\n".encode()


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")])
ZIP = _zip([("ohje.txt", "hei")])


def b64(data):
    return base64.b64encode(data).decode()


@pytest.fixture
def site(rest_portal):
    with api.env.adopt_roles(["Manager"]):
        registry = make_registry(rest_portal)
    transaction.commit()
    abuse.reset()
    yield rest_portal
    abuse.reset()
    transaction.abort()
    del registry


def registry_of(portal):
    return portal["esimerkkikunta"]["kirjaamo"]


def url(portal, *parts):
    return "/".join([portal.absolute_url(), "@submissions", *parts])


def submit(portal, kind, data, headers=FI):
    return requests.post(
        url(portal), json={"kind": kind, **data}, headers=headers, timeout=120
    )


def state(portal):
    """(cases, last diary number this year): what the server committed."""
    transaction.begin()
    count = len(portal.portal_catalog.unrestrictedSearchResults(portal_type="Case"))
    year = datetime.now(HELSINKI).year
    return count, numbering.last_number(registry_of(portal), year)


def case_by_number(portal, number):
    transaction.begin()
    brains = portal.portal_catalog.unrestrictedSearchResults(
        portal_type="Case", diary_number=number
    )
    return brains[0]._unrestrictedGetObject()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                message_from_bytes(envelope.content, policy=default_policy),
            )
        )
        return "250 OK"


@pytest.fixture
def smtp(site):
    """A local SMTP server (a free port on 127.0.0.1) and the site's mail
    settings pointed to it; stopped at the end."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    # Plone's mailer takes the server from the registry (Site setup > Mail)
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", controller.port)
    api.portal.set_registry_record("plone.email_from_address", "kirjaamo@esimerkki.fi")
    api.portal.set_registry_record("plone.email_from_name", "Esimerkkikunnan kirjaamo")
    transaction.commit()
    try:
        yield inbox
    finally:
        controller.stop()


# ------------------------------------------------------------- attachments
def test_attachments_become_registered_documents_by_their_content(site):
    response = submit(
        site,
        "feedback",
        {
            **FEEDBACK,
            "attachments": [
                # a PNG named .pdf, with a lying content type: a PNG
                {
                    "filename": "valokuva.pdf",
                    "data": b64(PNG),
                    "content_type": "application/pdf",
                },
                {"filename": "../../selvitys", "data": b64(TEXT)},
                {"filename": "liite.docx", "data": b64(DOCX)},
            ],
        },
    )
    assert response.status_code == 201, response.text
    case = case_by_number(site, response.json()["diary_number"])
    documents = {d.record_type: [] for d in case.objectValues()}
    for document in case.objectValues():
        documents[document.record_type].append(document)
    assert [d.file.filename for d in documents["Kirje"]] == ["feedback.pdf"]
    attached = documents["Liite"]
    assert [(d.file.filename, d.file.contentType) for d in attached] == [
        ("valokuva.png", "image/png"),
        ("selvitys.txt", "text/plain"),
        (
            "liite.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]
    assert [d.file.data for d in attached] == [PNG, TEXT, DOCX]
    for document, data in zip(attached, [PNG, TEXT, DOCX], strict=True):
        assert api.content.get_state(document) == "registered"
        assert document.direction == "incoming"
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert document.personal_data == case.personal_data == "personal"
        assert document.publicity_class == case.publicity_class


@pytest.mark.parametrize(
    "data,found",
    [(EXE, "EXE"), (ZIP, "ZIP"), (HTML, "HTML")],
    ids=["exe", "zip", "html"],
)
def test_a_refused_type_named_pdf_names_the_file_and_writes_nothing(site, data, found):
    before = state(site)
    response = submit(
        site,
        "feedback",
        {
            **FEEDBACK,
            "attachments": [
                {"filename": "kuva.png", "data": b64(PNG)},
                {"filename": "hakemus.pdf", "data": b64(PNG)},
                {
                    "filename": "paatos.pdf",
                    "data": b64(data),
                    "content_type": "application/pdf",
                },
            ],
        },
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["field"] == "attachments[2]"
    assert "Tämän tyyppistä tiedostoa ei oteta vastaan" in body["message"]
    assert found in body["message"]
    assert "PDF, JPEG, PNG, DOCX, ODT, TXT" in body["message"]
    assert state(site) == before


def test_limits_name_the_field_and_write_nothing(site, monkeypatch):
    before = state(site)
    many = [{"filename": f"kuva{i}.png", "data": b64(PNG)} for i in range(6)]
    response = submit(site, "feedback", {**FEEDBACK, "attachments": many})
    assert (response.status_code, response.json()["field"]) == (400, "attachments")
    assert "enintään 5 tiedostoa" in response.json()["message"]
    monkeypatch.setattr(settings, "ATTACHMENT_MAX_SIZE", 150)
    monkeypatch.setattr(settings, "ATTACHMENT_MAX_TOTAL", 250)
    big = [
        {"filename": "pieni.png", "data": b64(PNG)},
        {"filename": "iso.png", "data": b64(PNG + bytes(200))},
    ]
    response = submit(site, "feedback", {**FEEDBACK, "attachments": big})
    assert (response.status_code, response.json()["field"]) == (400, "attachments[1]")
    assert "iso.png" in response.json()["message"]
    total = [{"filename": f"k{i}.png", "data": b64(PNG)} for i in range(3)]
    response = submit(site, "feedback", {**FEEDBACK, "attachments": total})
    assert (response.status_code, response.json()["field"]) == (400, "attachments")
    for bad, field in (
        ("kuva.png", "attachments"),
        ([{"filename": "x.png", "data": "ei base64:ää!"}], "attachments[0]"),
        ([{"filename": "tyhja.txt", "data": ""}], "attachments[0]"),
        ([{"data": b64(PNG)}], "attachments[0]"),
    ):
        response = submit(site, "feedback", {**FEEDBACK, "attachments": bad})
        assert (response.status_code, response.json()["field"]) == (400, field)
    # a form error with good files: the form's field is named, nothing written
    response = submit(
        site,
        "feedback",
        {"name": "Maija", "attachments": [{"filename": "k.png", "data": b64(PNG)}]},
    )
    assert (response.status_code, response.json()["field"]) == (400, "message")
    assert state(site) == before


def test_a_failure_after_the_first_writes_rolls_everything_back(site, monkeypatch):
    before = state(site)
    real = intake.create_document
    calls = []

    def failing(case, **kw):
        calls.append(kw["record_type"])
        if kw["record_type"] == "Liite":
            raise RuntimeError("the blob storage is full")
        return real(case, **kw)

    monkeypatch.setattr(intake, "create_document", failing)
    response = submit(
        site,
        "feedback",
        {**FEEDBACK, "attachments": [{"filename": "k.png", "data": b64(PNG)}]},
    )
    assert response.status_code == 500
    assert calls == ["Kirje", "Liite"]
    assert state(site) == before  # the case, its form and the counter: gone


def test_the_schemas_tell_the_attachment_rules(site):
    schema = requests.get(url(site, "schemas", "feedback"), headers=FI, timeout=30)
    assert schema.json()["x-attachments"] == {
        "field": "attachments",
        "item": {"filename": "string", "data": "base64", "content_type": "ignored"},
        "types": [
            "application/pdf",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "image/jpeg",
            "image/png",
            "text/plain",
        ],
        "max_count": 5,
        "max_size": 10 * 1024 * 1024,
        "max_total": 25 * 1024 * 1024,
        "type_by": "content",
    }


def test_one_megabyte_over_rest_and_the_body_limits(site):
    big = PNG + bytes(1024 * 1024)  # over Zope's 1 MB form-memory-limit as base64
    response = submit(
        site,
        "feedback",
        {**FEEDBACK, "attachments": [{"filename": "iso.png", "data": b64(big)}]},
    )
    assert response.status_code == 201, response.text
    case = case_by_number(site, response.json()["diary_number"])
    assert [len(d.file.data) for d in case.objectValues()][1:] == [len(big)]
    # without attachments the body stays small
    response = submit(site, "feedback", {**FEEDBACK, "message": "x" * (70 * 1024)})
    assert (response.status_code, response.json()["field"]) == (413, "body")


def test_the_html_form_takes_files_without_javascript(site):
    page = requests.get(f"{site.absolute_url()}/@@asiointi/feedback", timeout=60)
    assert 'enctype="multipart/form-data"' in page.text
    assert 'type="file"' in page.text and "multiple" in page.text
    before = state(site)
    fields = dict(FEEDBACK)
    refused = requests.post(
        f"{site.absolute_url()}/@@asiointi/feedback",
        data=fields,
        files=[
            ("attachments", ("kuva.png", PNG, "image/png")),
            ("attachments", ("paatos.pdf", EXE, "application/pdf")),
        ],
        headers={"Accept-Language": "fi"},
        allow_redirects=False,
        timeout=60,
    )
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.text
    assert 'href="#kp-field-attachments"' in refused.text
    assert "Tämän tyyppistä tiedostoa ei oteta vastaan (EXE)" in refused.text
    assert state(site) == before
    sent = requests.post(
        f"{site.absolute_url()}/@@asiointi/feedback",
        data=fields,
        files=[
            ("attachments", ("kuva.pdf", PNG, "application/pdf")),
            ("attachments", ("", b"", "application/octet-stream")),  # left empty
        ],
        headers={"Accept-Language": "fi"},
        allow_redirects=False,
        timeout=60,
    )
    assert sent.status_code == 303, sent.text
    count, _last = state(site)
    assert count == before[0] + 1
    transaction.begin()
    brain = site.portal_catalog.unrestrictedSearchResults(portal_type="Case")[0]
    case = brain._unrestrictedGetObject()
    assert case.parties == ["Maija Meikäläinen"]  # UTF-8 fields of a multipart form
    assert [(d.record_type, d.file.filename) for d in case.objectValues()][1:] == [
        ("Liite", "kuva.png")
    ]


# ------------------------------------------------------------ receipt mail
def test_receipt_mail_in_the_senders_language(site, smtp):
    response = submit(site, "feedback", FEEDBACK)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["maija@example.fi"]
    assert message["To"] == "maija@example.fi"
    assert "kirjaamo@esimerkki.fi" in message["From"]
    assert message["Subject"] == (
        f"Vastaanottokuittaus (palaute), dnro {answer['diary_number']}"
    )
    body = message.get_content()
    assert f"Diaarinumero: {answer['diary_number']}" in body
    assert f"Seurantakoodi: {answer['tracking_code']}" in body
    assert f"@@asiointi-tila?koodi={answer['tracking_code']}" in body
    local = datetime.fromisoformat(answer["arrival"]).astimezone(HELSINKI)
    assert f"{local:%-d.%-m.%Y} klo {local.hour}.{local.minute:02d}" in body
    assert "keinu" not in body and "Maija" not in body  # nothing of the message
    swedish = submit(
        site,
        "information_request",
        {
            "documents": "Protokoll 3/2026",
            "delivery": "email",
            "email": "anna@example.fi",
        },
        headers={"Accept": "application/json", "Accept-Language": "sv"},
    )
    assert swedish.status_code == 201, swedish.text
    assert smtp.messages[1][1]["Subject"].startswith("Mottagningskvitto")


def test_no_mail_when_refused_or_without_address(site, smtp):
    refused = submit(site, "feedback", {"email": "maija@example.fi"})
    assert refused.status_code == 400
    honeypot = submit(site, "feedback", {**FEEDBACK, "website": "x"})
    assert honeypot.status_code == 201
    without = submit(
        site,
        "application",
        {
            "subject": "Lupa",
            "description": "Haen lupaa.",
            "name": "Liisa",
            "address": "Rantatie 1, 12345 Esimerkkilä",
        },
    )
    assert without.status_code == 201
    assert smtp.messages == []


# ------------------------------------------------------ rectification claim
@pytest.fixture
def decision(site):
    """An office holder's decision of Fri 4.12.2026 published online: deemed
    known Fri 11.12., + 14 days = Fri 25.12. (Christmas Day), 26.12. Sat,
    27.12. Sun: the last day is Mon 28.12.2026."""
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        case = make_case(registry_of(site), "Koulukuljetus", "public")
        found = api.content.create(
            container=case,
            type="OfficeHolderDecision",
            title="Koulukuljetuksen epääminen",
            decider=SITE_OWNER_NAME,
            post="sivistysjohtaja",
            delegation="Hallintosääntö 42 §",
            publish_online=True,
        )
        decisions.decide(found, when=date(2026, 12, 4))
    transaction.commit()
    return found


def at(*args):
    return datetime(*args, tzinfo=HELSINKI).astimezone(UTC)


def claim(text):
    return {
        "decision": text,
        "claim": "Päätös on oikaistava.",
        "grounds": "Koulumatka on yli viisi kilometriä.",
        "name": "Emma Laaksonen",
        "email": "emma@example.fi",
    }


def test_rectification_claim_until_midnight_of_the_last_day(
    site, decision, smtp, monkeypatch
):
    number = decision.aq_parent.diary_number
    monkeypatch.setattr(intake, "now", lambda: at(2026, 12, 28, 23, 59, 59))
    timely = submit(site, "rectification_claim", claim(decision.absolute_url()))
    assert timely.status_code == 201, timely.text
    assert timely.json()["arrival"] == "2026-12-28T23:59:59+02:00"
    assert len(smtp.messages) == 1
    before = state(site)
    monkeypatch.setattr(intake, "now", lambda: at(2026, 12, 29, 0, 0, 0))
    for text in (
        decision.absolute_url(),
        f"Sivistysjohtajan päätös {decision.UID()}",
        f"{number}, sivistysjohtaja 1/2026",
    ):
        late = submit(site, "rectification_claim", claim(text))
        assert late.status_code == 400, (text, late.text)
        assert late.json()["field"] == "decision"
        assert "päättyi maanantaina 28.12.2026 klo 23.59.59" in late.json()["message"]
    assert state(site) == before
    assert len(smtp.messages) == 1  # none for the refused claims
    # a decision the text does not identify: the registry judges it
    free = submit(site, "rectification_claim", claim("Sivistysjohtaja 4.12.2026"))
    assert free.status_code == 201, free.text
    # a link from the decision prefills the form; the page shows the error on the field
    link = requests.get(
        f"{site.absolute_url()}/@@asiointi/rectification_claim",
        params={"decision": decision.absolute_url()},
        timeout=60,
    )
    assert f'value="{decision.absolute_url()}"' in link.text
    page = requests.post(
        f"{site.absolute_url()}/@@asiointi/rectification_claim",
        data=claim(decision.absolute_url()),
        headers={"Accept-Language": "fi"},
        allow_redirects=False,
        timeout=60,
    )
    assert page.status_code == 200
    assert 'id="kp-field-decision-error"' in page.text
    assert "28.12.2026 klo 23.59.59" in page.text


# ------------------------------------------------------------ tracking expiry
def _close(case, when):
    history = dict(case.workflow_history)
    key = next(iter(history))
    history[key] = (
        *history[key],
        {
            "action": "close",
            "review_state": "paattynyt",
            "actor": "admin",
            "comments": "",
            "time": DateTime(when),
        },
    )
    case.workflow_history = history


def test_an_expired_code_is_the_same_404_as_a_wrong_one(site):
    answer = submit(site, "feedback", FEEDBACK).json()
    wrong = requests.get(url(site, "x" * 32), headers=FI, timeout=30)
    assert wrong.status_code == 404
    case = case_by_number(site, answer["diary_number"])
    # closed 12 months minus 2 days ago: still answers
    _close(case, datetime.now(UTC) - relativedelta(months=12) + timedelta(days=2))
    transaction.commit()
    live = requests.get(answer["status_url"], headers=FI, timeout=30)
    assert live.status_code == 200
    assert live.json()["state"] == "paattynyt"
    case = case_by_number(site, answer["diary_number"])
    history = dict(case.workflow_history)
    key = next(iter(history))
    rows = list(history[key])
    # closed 12 months and 2 days ago: expired
    when = datetime.now(UTC) - relativedelta(months=12) - timedelta(days=2)
    rows[-1] = {**rows[-1], "time": DateTime(when)}
    history[key] = tuple(rows)
    case.workflow_history = history
    transaction.commit()
    expired = requests.get(answer["status_url"], headers=FI, timeout=30)
    assert expired.status_code == 404
    assert expired.json() == wrong.json()
    page = requests.get(
        f"{site.absolute_url()}/@@asiointi-tila",
        params={"koodi": answer["tracking_code"]},
        timeout=30,
    )
    assert page.status_code == 404
