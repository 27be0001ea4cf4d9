"""Leak test of meeting material (issue 11): a secret agenda item (secret
title, presentation, proposal, decision, non-public attachment) and an item
with marked personal data never reach the public, a staff member without a
role on the case, or another body's member, on any channel: the meeting
page, the agenda and minutes (HTML, PDF text, REST), extracts, attachments,
the meeting package, the item itself (page, REST), search (site search page,
ajax search, REST ``@search`` with full objects) and the catalog's
SearchableText as search answers it.

Two meetings of body A: one convened (agenda published), one whose minutes
are checked (items decided). Real HTTP against the served site.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from io import BytesIO
from meeting_builders import MEMBERS
from meeting_builders import PASSWORD
from meeting_builders import SECRETARY
from meeting_builders import ensure_user
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.documents.api import create_document
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.meetings.localroles import reindex_item_security
from plone import api
from plone.app.textfield.value import RichTextValue
from zope.component import getSiteManager
from zope.interface import Interface
from zope.interface import providedBy
from zope.publisher.interfaces.browser import IBrowserRequest
import pypdf
import pytest
import requests
import transaction
import zipfile


SECRET_WORDS = (
    "KAMELEONTTI",  # the secret item's title
    "SALAMANTERI",  # its presentation
    "TUATARAESITYS",  # its decision proposal
    "LEGUAANIPAATOS",  # its decision
    "VARAANILIITE",  # its non-public attachment
)
#: marked personal data (``kp-personal``) in an internal item
PERSONAL = "Matti Meik"
PERSONAL_HTML = '<span class="kp-personal">Matti Meikäläinen</span>'
STAFF = "tekninen-henkilo"  # Staff of another sector: no role on the case
OTHER = "b-jasen"  # member of body B, elected official of another sector
PROBES = (None, STAFF, OTHER)
JSON = {"Accept": "application/json"}
#: browser views (name, on) and REST services (name, on) of the new channels
VIEWS = (
    ("view", "meeting"),
    ("agenda-document", "meeting"),
    ("minutes", "meeting"),
    ("minutes-document", "meeting"),
    ("agenda.pdf", "meeting"),
    ("minutes.pdf", "meeting"),
    ("meeting-package", "meeting"),
    ("view", "item"),
    ("extract-document", "item"),
    ("extract.pdf", "item"),
    ("attachment", "item"),
)
#: documents every probe reads: of the convened meeting, of the checked one
PUBLIC_DOCUMENTS = (
    ("agenda-document", "agenda.pdf"),
    ("minutes", "minutes-document", "minutes.pdf"),
)
SERVICES = (("@agenda", "meeting"), ("@minutes", "meeting"), ("@extracts", "item"))


def get(url, user, **kw):
    auth = (user, PASSWORD) if user else None
    kw.setdefault("timeout", 120)
    return requests.get(url, auth=auth, allow_redirects=True, **kw)


def text_of(response):
    """The readable text of a response: PDF text, ZIP members, else the body."""
    data = response.content
    if data[:5] == b"%PDF-":
        reader = pypdf.PdfReader(BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if data[:2] == b"PK":
        archive = zipfile.ZipFile(BytesIO(data))
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )
    return response.text


def leaks(text):
    words = [*SECRET_WORDS, PERSONAL]
    return [word for word in words if word in text]


def place(meeting, item):
    item.meeting = meeting.UID()
    meeting.agenda = [*(meeting.__dict__.get("agenda") or []), item.UID()]
    api.content.transition(obj=item, transition="approve")
    api.content.transition(obj=item, transition="schedule")
    reindex_item_security(item)


def convene(meeting):
    meeting.notice_published = datetime.now(UTC)
    api.content.transition(obj=meeting, transition="convene")
    for uid in meeting.__dict__.get("agenda") or []:
        item = api.content.get(UID=uid)
        api.content.transition(obj=item, transition="publish")


def decide(item, number, decision_html):
    item.number = number
    item.resolution = "as_proposed"
    item.decision = rich(decision_html)
    api.content.transition(obj=item, transition="decide")


def rich(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


def items(portal, meeting, suffix):
    """A secret item (with a non-public attachment) and an internal one with
    marked personal data, placed on ``meeting``."""
    secret = make_item(
        portal,
        title=f"Oppilashuolto KAMELEONTTI {suffix}",
        publicity="secret",
        presentation=rich("<p>SALAMANTERI: oppilaan tilanne.</p>"),
        proposal=rich("<p>TUATARAESITYS</p>"),
    )
    attachment = create_document(
        secret.aq_parent,
        title="Selvitys",
        file=(b"VARAANILIITE sisalto", "selvitys.txt"),
        record_type="Selvitys",
        direction="incoming",
    )
    secret.attachments = [
        {"uid": attachment.UID(), "public": False, "ground": "JulkL 24.1 § 25 k"}
    ]
    personal = make_item(
        portal,
        title=f"Avustushakemus {suffix}",
        publicity="public",
        personal_data="personal",
        presentation=rich(f"<p>Hakija {PERSONAL_HTML} hakee avustusta.</p>"),
        proposal=rich(f"<p>Myönnetään {PERSONAL_HTML} avustus.</p>"),
    )
    place(meeting, secret)
    place(meeting, personal)
    return secret, personal


@pytest.fixture
def world(rest_portal):
    portal = rest_portal
    body = make_body(portal, public_meetings=True)
    ensure_user(OTHER, "Bertta Muukalainen")
    ensure_user(STAFF, "Teemu Tekninen")
    creator = body.aq_parent.aq_parent
    api.user.grant_roles(
        username=STAFF, roles=["Staff"], obj=creator["tekninen-lautakunta"]
    )
    api.user.grant_roles(
        username=OTHER, roles=["ElectedOfficial"], obj=creator["tekninen-lautakunta"]
    )
    make_body(
        portal,
        title="Toinen lautakunta",
        members=[{"userid": OTHER, "name": "Bertta", "function": "chair"}],
    )
    for obj in (creator, creator["kunnanhallitus"], body):
        if api.content.get_state(obj) != "published":
            api.content.transition(obj=obj, transition="publish")
    convened = make_meeting(body, days_ahead=7)
    secret, personal = items(portal, convened, "A")
    convene(convened)
    checked = make_meeting(body, days_ahead=-7)
    old_secret, old_personal = items(portal, checked, "B")
    convene(checked)
    api.content.transition(obj=checked, transition="hold")
    common = {
        "deputy_for": None,
        "remote": False,
        "arrived_before": None,
        "left_after": None,
    }
    checked.participants = [
        {"userid": userid, "name": name, "capacity": "member", **common}
        for userid, (name, _function) in MEMBERS.items()
    ] + [{"userid": SECRETARY, "name": "Sihteeri", "capacity": "secretary", **common}]
    decide(old_secret, 1, "<p>LEGUAANIPAATOS</p>")
    decide(old_personal, 2, f"<p>Myönnetään {PERSONAL_HTML} avustus.</p>")
    checked.opened = checked.start
    checked.closed = checked.start + timedelta(hours=2)
    stamp = checked.closed.isoformat()
    checked.signatures = {
        "chair": "jasen-puheenjohtaja",
        "chair_at": stamp,
        "secretary": SECRETARY,
        "secretary_at": stamp,
    }
    checked.examiners = ["jasen-3", "jasen-4"]
    checked.examinations = [
        {"userid": userid, "checked": stamp, "how": "electronic", "remark": ""}
        for userid in checked.examiners
    ]
    api.content.transition(obj=checked, transition="sign")
    # minutes published 90 days ago: the appeal period is over and the marked
    # personal data has left the web (KuntaL 140 §; until then it is shown)
    checked.minutes_published = datetime.now(UTC) - timedelta(days=90)
    api.content.transition(obj=checked, transition="check")
    for item in (old_secret, old_personal):
        api.content.transition(obj=item, transition="check")
    transaction.commit()
    return {
        "portal": portal,
        "body": body,
        "meetings": (convened, checked),
        "items": (secret, personal, old_secret, old_personal),
        "attachment_uids": {
            item.UID(): item.attachments[0]["uid"] if item.attachments else ""
            for item in (secret, personal, old_secret, old_personal)
        },
    }


def registered(name, context):
    """Is a browser view ``name`` registered for ``context`` on our layer?"""
    lookup = getSiteManager().adapters.lookup
    for layer in (IMunicipalityPolicyLayer, IBrowserRequest):
        if lookup((providedBy(context), layer), Interface, name=name) is not None:
            return True
    return False


def missing_channels(w):
    meeting, item = w["meetings"][0], w["items"][0]
    on = {"meeting": meeting, "item": item}
    missing = [name for name, kind in VIEWS if not registered(name, on[kind])]
    for name, kind in SERVICES:
        if not registered(f"GET_application_json_{name}", on[kind]):
            missing.append(name)
    return missing


def channel_urls(w):
    site = w["portal"].absolute_url()
    missing = set(missing_channels(w))
    found = []
    for meeting in w["meetings"]:
        base = meeting.absolute_url()
        found.append((base, {}))
        found.append((base, JSON))
        for name, kind in VIEWS:
            if kind == "meeting" and name not in missing:
                found.append((f"{base}/@@{name}", {}))
        for name, kind in SERVICES:
            if kind == "meeting" and name not in missing:
                found.append((f"{base}/{name}", JSON))
    for item in w["items"]:
        base = item.absolute_url()
        found.append((base, JSON))
        for name, kind in VIEWS:
            if kind != "item" or name in missing:
                continue
            if name == "attachment":
                uid = w["attachment_uids"][item.UID()]
                found.append((f"{base}/@@attachment?uid={uid}", {}))
            else:
                found.append((f"{base}/@@{name}", {}))
        for name, kind in SERVICES:
            if kind == "item" and name not in missing:
                found.append((f"{base}/{name}", JSON))
    for word in ("kameleontti", "salamanteri", "leguaanipaatos", "meikalainen"):
        found += [
            (f"{site}/@@search?SearchableText={word}", {}),
            (f"{site}/@@ajax-search?SearchableText={word}", {}),
            (f"{site}/@search?SearchableText={word}&fullobjects=1", JSON),
        ]
    found += [
        (f"{site}/@search?portal_type=AgendaItem&metadata_fields=_all", JSON),
        (f"{site}/@search?portal_type=AgendaItem&fullobjects=1", JSON),
        (w["body"].absolute_url(), {}),
        (f"{site}/@@my-meetings", {}),
    ]
    return found


@pytest.mark.parametrize("user", PROBES, ids=("anonymous", "staff", "other-body"))
def test_no_meeting_channel_leaks(world, user):
    found, served = [], set()
    for url, headers in channel_urls(world):
        response = get(url, user, headers=headers)
        if response.status_code == 200:
            served.add(url)
        words = leaks(text_of(response))
        if words:
            found.append((url, response.status_code, words))
    assert not found, found
    # the public versions were really served (and read, PDFs as text)
    convened, checked = world["meetings"]
    public = [f"{convened.absolute_url()}/@@{name}" for name in PUBLIC_DOCUMENTS[0]]
    public += [f"{checked.absolute_url()}/@@{name}" for name in PUBLIC_DOCUMENTS[1]]
    missing = set(missing_channels(world))
    public = [url for url in public if url.rsplit("@@", 1)[1] not in missing]
    assert set(public) <= served, sorted(set(public) - served)


def test_every_channel_is_registered(world):
    """The leak test covers only what is registered: say what is not yet."""
    missing = missing_channels(world)
    if missing:
        pytest.skip(f"not registered yet, not covered: {', '.join(missing)}")


def test_probes_are_real(world):
    """The words are there for a member of body A, and the public version is
    there for the public: their absence above means something."""
    secret, personal, old_secret, _old_personal = world["items"]
    convened, checked = world["meetings"]
    response = get(secret.absolute_url(), "jasen-3", headers=JSON)
    assert response.status_code == 200 and "KAMELEONTTI" in response.text
    assert "SALAMANTERI" in response.text
    response = get(personal.absolute_url(), "jasen-3", headers=JSON)
    assert PERSONAL in response.text
    uid = world["attachment_uids"][secret.UID()]
    response = get(f"{secret.absolute_url()}/@@attachment?uid={uid}", "jasen-3")
    assert response.content == b"VARAANILIITE sisalto"
    response = get(
        f"{world['portal'].absolute_url()}/@search?SearchableText=kameleontti",
        "jasen-3",
        headers=JSON,
    )
    assert response.json()["items_total"] == 2  # both meetings' secret items
    if registered("agenda-document", convened):
        response = get(convened.absolute_url() + "/@@agenda-document", None)
        assert response.status_code == 200
        assert "Salassa pidettävä asia" in response.text  # the public title
        response = get(convened.absolute_url() + "/@@agenda-document", "jasen-3")
        assert "KAMELEONTTI" in response.text
    if registered("minutes-document", checked):
        response = get(checked.absolute_url() + "/@@minutes-document", None)
        assert response.status_code == 200, response.text[-3000:]
        assert "Salassa pidettävä asia" in response.text
        assert old_secret.number == 1
