"""PDF/A of decision documents, extracts of a §, sending them, and the
personal-data mark in the editor.

One integration layer; content is built directly (states set on the
workflow tool, so others' transition guards do not matter here).
"""

from datetime import date
from meeting_builders import SECRETARY
from meeting_builders import as_manager
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings import extracts
from municipality.policy.meetings import pdf
from municipality.policy.meetings import personaldata
from municipality.policy.meetings.browser import pdfviews
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.textfield.value import RichTextValue
from plone.registry.interfaces import IRegistry
from Products.CMFCore.utils import getToolByName
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.component import getGlobalSiteManager
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.interface import Interface
from zope.interface import alsoProvides
from zope.publisher.interfaces.browser import IBrowserRequest
import io
import json
import pypdf
import pytest


PERSON = "Matti Meikäläinen"
ADDRESS = "Koivukuja 3 B 12"


def pdf_text(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def set_state(obj, state):
    tool = getToolByName(obj, "portal_workflow")
    (wf_id,) = tool.getChainFor(obj)
    tool.setStatusOf(
        wf_id,
        obj,
        {"review_state": state, "action": None, "actor": "test", "comments": ""},
    )
    tool.getWorkflowById(wf_id).updateRoleMappingsFor(obj)
    obj.reindexObject()


def checked_item(portal, state="checked", **fields):
    body = make_body(portal, title="Sivistyslautakunta")
    meeting = make_meeting(body, start=None)
    meeting.number, meeting.year = 3, 2026
    item = make_item(
        portal,
        title="Koulukuljetusten hankinta",
        presentation=RichTextValue(
            f"<p>Hakija <span class='kp-personal'>{PERSON}</span>, "
            f"<span class='kp-personal'>{ADDRESS}</span>, haki kuljetusta.</p>",
            "text/html",
            "text/x-html-safe",
        ),
        proposal=RichTextValue("<p>Myönnetään koulukuljetus.</p>"),
        extract_recipients=[PERSON, "Koulutoimisto"],
        **fields,
    )
    item.meeting = meeting.UID()
    item.number = 45
    item.decision = RichTextValue(
        f"<p>Lautakunta myönsi koulukuljetuksen "
        f"<span class='kp-personal'>{PERSON}</span>:lle.</p>"
    )
    item.resolution = "as_proposed"
    item.votes = [
        {
            "kind": "open",
            "question": "Myönnetäänkö?",
            "jaa": "Ehdotus",
            "ei": "Vastaehdotus",
            "ballots": {"jasen-3": "jaa", "jasen-4": "ei"},
            "result": "Ehdotus voitti",
        }
    ]
    item.disqualified = [{"userid": "jasen-5", "reason": "Hakijan sukulainen"}]
    meeting.agenda = [item.UID()]
    set_state(item, state)
    return item


def view(context, name, **form):
    request = context.REQUEST
    request.form.clear()
    request.form.update(form)
    request.response.setStatus(200)
    return getMultiAdapter((context, request), name=name)


# ------------------------------------------------------------------ PDF/A


def test_pdfa_is_tagged_archival_with_title_and_language():
    html = (
        '<!DOCTYPE html><html lang="sv"><head><title>Utdrag § 7</title></head>'
        "<body><h1>Protokollsutdrag</h1><p>Text åäö</p>"
        '<img src="http://example.invalid/logo.png" alt="Logo"></body></html>'
    )
    data = pdf.to_pdfa(html)
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert "Utdrag § 7" in xmp
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "sv"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Utdrag § 7"
    fonts = root["/Pages"]["/Kids"][0].get_object()["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded
    assert "Protokollsutdrag" in pdf_text(data)


def test_pdf_fetches_nothing_over_the_network():
    fetcher = pdf.url_fetcher()
    for url in (
        "http://example.invalid/a.css",
        "https://x.invalid/",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


# -------------------------------------------------------------- meetings


def test_meeting_pdf_is_a_clean_404_without_its_document_view(portal):
    as_manager(portal)
    meeting = make_meeting(make_body(portal, title="Sivistyslautakunta"))
    request = portal.REQUEST
    request.response.setStatus(200)

    class Missing(pdfviews.MeetingPDF):
        document_view = "no-such-document"
        prefix = "esityslista"

    body = Missing(meeting, request)()
    assert request.response.getStatus() == 404
    assert "<h1>404</h1>" in body


class IPDFTestMeeting(Interface):
    """Marker of the test's meeting: its own agenda-document view wins."""


class FakeAgendaDocument:
    def __init__(self, context, request):
        self.context = context

    def __call__(self):
        return (
            '<!DOCTYPE html><html lang="fi"><head><title>Esityslista</title>'
            "</head><body><h1>Esityslista 3/2026</h1></body></html>"
        )


def test_agenda_pdf_converts_the_document_view(portal):
    as_manager(portal)
    meeting = make_meeting(make_body(portal, title="Sivistyslautakunta"))
    meeting.number, meeting.year = 3, 2026
    alsoProvides(meeting, IPDFTestMeeting)
    registry = getGlobalSiteManager()
    spec = (IPDFTestMeeting, IBrowserRequest)
    registry.registerAdapter(FakeAgendaDocument, spec, Interface, "agenda-document")
    try:
        request = portal.REQUEST
        request.response.setStatus(200)
        data = pdfviews.AgendaPDF(meeting, request)()
    finally:
        registry.unregisterAdapter(
            FakeAgendaDocument, spec, Interface, "agenda-document"
        )
    response = request.response
    assert response.getHeader("Content-Type") == "application/pdf"
    assert 'filename="esityslista-sivistyslautakunta-2026-3.pdf"' in (
        response.getHeader("Content-Disposition")
    )
    assert response.getHeader("Cache-Control") == "private, no-store"
    assert "Esityslista 3/2026" in pdf_text(data)
    assert IMeeting.providedBy(meeting)


# -------------------------------------------------------------- extracts


def test_extract_full_for_staff_public_without_personal_data(portal):
    item = checked_item(portal)
    html = view(item, "extract-document")()
    assert PERSON in html and ADDRESS in html
    assert "Sivistyslautakunta" in html and "3/2026" in html

    full = view(item, "extract.pdf")()
    response = item.REQUEST.response
    assert response.getHeader("Content-Type") == "application/pdf"
    assert "ote-sivistyslautakunta-2026-45.pdf" in response.getHeader(
        "Content-Disposition"
    )
    text = pdf_text(full)
    assert PERSON in text and ADDRESS in text
    assert "§ 45" in text or "§\n45" in text
    assert "Oikaisuvaatimusohje" in text  # the committee's default type
    assert "Oikaisuvaatimus tehdään: Sivistyslautakunta." in text
    assert "Otteen oikeaksi todistaa" in text
    assert SECRETARY in text  # the body's secretary certifies (no full name)
    assert "Hakijan sukulainen" in text  # disqualification
    assert "Jaana Jäsen" in text and "Jussi Jäsen" in text  # votes by name

    public = pdf_text(view(item, "extract.pdf", public="1")())
    assert PERSON not in public and ADDRESS not in public
    assert "Meikäläinen" not in public
    assert "[…]" in public
    assert "koulukuljetuksen" in public
    assert item.REQUEST.response.getHeader("Cache-Control").startswith("public")

    logout()
    anonymous = pdf_text(view(item, "extract.pdf")())
    assert PERSON not in anonymous and "Myönnetään koulukuljetus." in anonymous


def test_extract_of_a_secret_item_is_nothing_to_the_public(portal):
    item = checked_item(portal, publicity="secret")
    assert PERSON in view(item, "extract-document")()
    logout()
    body = view(item, "extract-document")()
    assert item.REQUEST.response.getStatus() == 404
    assert PERSON not in body and "Koulukuljetusten" not in body


def test_extract_refused_before_the_minutes_are_checked(portal):
    item = checked_item(portal, state="decided")
    body = view(item, "extract-document")()
    assert item.REQUEST.response.getStatus() == 404
    assert "ennen pöytäkirjan tarkastamista" in body
    assert PERSON not in body
    view(item, "extract.pdf")()
    assert item.REQUEST.response.getStatus() == 404
    with pytest.raises(extracts.ExtractError) as error:
        extracts.send(item, "Koulutoimisto", "letter")
    assert error.value.field == "review_state"
    assert item.deliveries == []


def test_send_files_the_extract_and_records_the_delivery(portal):
    item = checked_item(portal)
    case = item.aq_parent
    before = set(case.objectIds())
    # Letter Fri 4.12.2026 -> received Fri 11.12. -> 14 days: Christmas Day
    # 25.12. -> Mon 28.12.
    delivery = extracts.send(item, PERSON, "letter", sent=date(2026, 12, 4))
    assert delivery["recipient"] == PERSON
    assert delivery["method"] == "letter"
    assert delivery["sent"] == "2026-12-04"
    assert delivery["received"] == "2026-12-11"
    assert delivery["appeal_ends"] == "2026-12-28"
    assert item.deliveries == [delivery]
    (new_id,) = set(case.objectIds()) - before
    document = case[new_id]
    assert api.content.get_uuid(document) == delivery["document"]
    assert document.record_type == "Ote"
    assert document.direction == "outgoing"
    assert document.correspondent == PERSON
    assert api.content.get_state(document) != "draft"
    assert document.file.filename == "ote-sivistyslautakunta-2026-45.pdf"
    assert PERSON in pdf_text(document.file.data)


def test_send_writes_nothing_on_bad_input(portal):
    item = checked_item(portal)
    case = item.aq_parent
    before = set(case.objectIds())
    with pytest.raises(extracts.ExtractError) as error:
        extracts.send(item, PERSON, "carrier-pigeon")
    assert error.value.field == "method"
    with pytest.raises(extracts.ExtractError) as error:
        extracts.send_many(item, [PERSON, "  "], "email")
    assert error.value.field == "recipients"
    assert set(case.objectIds()) == before
    assert item.deliveries == []


# ---------------------------------------------------- the editor's mark


def test_personal_data_mark_survives_safe_html(portal):
    transforms = getToolByName(portal, "portal_transforms")
    source = f'<p>Hakija <span class="kp-personal">{PERSON}</span> haki.</p>'
    output = transforms.convertTo(
        "text/x-html-safe", source, mimetype="text/html"
    ).getData()
    assert f'<span class="kp-personal">{PERSON}</span>' in output
    value = RichTextValue(source, "text/html", "text/x-html-safe")
    assert 'class="kp-personal"' in value.output
    assert PERSON not in personaldata.public_html(value.output)


def test_personal_data_style_in_tinymce(portal):
    registry = getUtility(IRegistry)
    # the profile has it
    assert json.loads(registry["plone.formats"])["personaldata"] == {
        "inline": "span",
        "classes": "kp-personal",
    }
    assert (
        "Henkilötieto / Personuppgift|personaldata|user"
        in (registry["plone.inline_styles"])
    )
    # an existing site gets it once, keeping its own settings
    registry["plone.formats"] = json.dumps({"discreet": {"inline": "span"}})
    registry["plone.inline_styles"] = ["Bold|bold|bold"]
    registry["plone.other_settings"] = json.dumps({"height": 300})
    personaldata.install_personal_data_style(portal)
    personaldata.install_personal_data_style(portal)
    formats = json.loads(registry["plone.formats"])
    assert set(formats) == {"discreet", "personaldata"}
    assert registry["plone.inline_styles"] == [
        "Bold|bold|bold",
        "Henkilötieto / Personuppgift|personaldata|user",
    ]
    other = json.loads(registry["plone.other_settings"])
    assert other["height"] == 300
    assert other["content_style"].count("span.kp-personal{") == 1


# ------------------------------------------------------------------ REST


def rest_post(item, payload):
    request = item.REQUEST
    request["BODY"] = json.dumps(payload).encode("utf-8")
    request.response.setStatus(200)
    service = extracts.ExtractsPost()
    service.context, service.request = item, request
    return service.reply()


def test_rest_post_extracts_names_the_bad_field_and_writes_nothing(portal):
    item = checked_item(portal)
    case = item.aq_parent
    before = set(case.objectIds())
    for payload, field in (
        ({"recipients": "Koulutoimisto", "method": "letter"}, "recipients"),
        ({"recipients": [PERSON, ""], "method": "letter"}, "recipients"),
        ({"recipients": [PERSON], "method": "fax"}, "method"),
        ({"recipients": [PERSON], "method": "email", "sent": "4.12.2026"}, "sent"),
    ):
        with pytest.raises(BadRequest) as error:
            rest_post(item, payload)
        assert error.value.extra == {"field": field}, payload
    assert set(case.objectIds()) == before
    assert item.deliveries == []

    # E-mail Tue 15.12.2026 -> received Fri 18.12. -> + 14 = New Year's Day
    # (Fri 1.1.2027) -> Mon 4.1.2027; both recipients, two filed extracts.
    reply = rest_post(
        item,
        {
            "recipients": [PERSON, "Koulutoimisto"],
            "method": "email",
            "sent": "2026-12-15",
        },
    )
    assert item.REQUEST.response.getStatus() == 201
    assert [row["recipient"] for row in reply["items"]] == [PERSON, "Koulutoimisto"]
    assert {row["appeal_ends"] for row in reply["items"]} == {"2027-01-04"}
    assert {row["received"] for row in reply["items"]} == {"2026-12-18"}
    assert len(set(case.objectIds()) - before) == 2
    service = extracts.ExtractsGet()
    service.context, service.request = item, item.REQUEST
    listed = service.reply()
    assert listed["items"] == item.deliveries and listed["items_total"] == 2


def test_rest_post_extracts_before_checking_is_a_400(portal):
    item = checked_item(portal, state="decided")
    with pytest.raises(BadRequest) as error:
        rest_post(item, {"recipients": [PERSON], "method": "letter"})
    assert error.value.extra == {"field": "review_state"}
    assert item.deliveries == []


def test_send_extract_form_prefills_recipients_and_shows_the_dates(portal):
    item = checked_item(portal)
    html = view(item, "send-extract")()
    assert PERSON in html and "Koulutoimisto" in html
    request = item.REQUEST
    request.form.update(
        {
            "form.widgets.recipients": f"{PERSON}\nKoulutoimisto",
            "form.widgets.method": ["letter"],
            "form.widgets.method-empty-marker": "1",
            "form.widgets.sent": "2026-12-04",
            "form.buttons.calculate": "Laske päivät",
        }
    )
    # the page shows the status messages: each recipient's days
    html = getMultiAdapter((item, request), name="send-extract")()
    assert f"{PERSON}: tiedoksisaantipäivä 11.12.2026" in html
    assert "muutoksenhakuajan viimeinen päivä 28.12.2026" in html
    assert item.deliveries == []  # calculating sends nothing


def test_extract_of_an_office_holder_decision(portal):
    item = checked_item(portal, state="draft")  # only for its case
    decision = api.content.create(
        container=item.aq_parent,
        type="OfficeHolderDecision",
        title="Koulukuljetuspäätös",
        decider=SECRETARY,
        post="Sivistysjohtaja",
        delegation="Hallintosääntö 42 §",
        text=RichTextValue(
            f"<p>Myönnetään <span class='kp-personal'>{PERSON}</span>:lle.</p>"
        ),
    )
    decision.number, decision.decision_date = 12, date(2026, 3, 2)
    view(decision, "extract-document")()
    assert decision.REQUEST.response.getStatus() == 404  # draft: no decision yet
    set_state(decision, "decided")
    text = pdf_text(view(decision, "extract.pdf")())
    assert PERSON in text and "Oikaisuvaatimusohje" in text
    assert "Hallintosääntö 42 §" in text
    assert "ote-sivistysjohtaja-2026-12.pdf" in (
        decision.REQUEST.response.getHeader("Content-Disposition")
    )
    logout()
    view(decision, "extract-document")()  # not published online
    assert decision.REQUEST.response.getStatus() == 404


def test_a_body_member_neither_sends_nor_reads_the_recipients(portal):
    item = checked_item(portal)
    api.user.grant_roles(username="jasen-3", obj=item, roles=["BodyMember"])
    login(portal, "jasen-3")
    # the recipients' field permission: members read the item, not its recipients
    assert not api.user.has_permission("List folder contents", obj=item)
    service = extracts.ExtractsGet()
    service.context, service.request = item, item.REQUEST
    with pytest.raises(Forbidden):
        service.reply()
    with pytest.raises(Forbidden):
        rest_post(item, {"recipients": [PERSON], "method": "letter"})
    assert item.deliveries == []
