"""Who sees what of a body's meeting material: members while they are
members, from the agenda's publication on; nobody else through the body
(another body's members, ended members, a sector's elected official); the
attachments through the item; every such view in the access log; the
members form and REST check the list; the member's own page and package.

One layer (restapi, served over WSGI): in-process checks and real HTTP.
"""

from datetime import timedelta
from io import BytesIO
from meeting_builders import DEPUTIES
from meeting_builders import PASSWORD
from meeting_builders import SECRETARY
from meeting_builders import ensure_user
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.base.dates import today
from municipality.policy.documents.api import create_document
from municipality.policy.meetings.localroles import reindex_item_security
from municipality.policy.meetings.lookup import agenda_uids
from municipality.policy.security import accesslog
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import pytest
import requests
import transaction
import zipfile


MEMBER = "jasen-3"
DEPUTY = DEPUTIES["jasen-3"]
OTHER = "b-jasen"  # a member of body B only
OFFICIAL = "alan-luottamushenkilo"  # ElectedOfficial on the sector, no body
SECRET = "SIILIPIILO"  # in the secret item's title
ATTACHMENT_TEXT = b"MYYRANKOLO liitteen sisalto"
JSON = {"Accept": "application/json"}
#: refused: a page answers 302 to the login form (or 401/403), a download of
#: something not listed 404
DENIED = (302, 401, 403, 404)


def get(url, user, **kw):
    auth = (user, PASSWORD) if user else None
    kw.setdefault("timeout", 60)
    return requests.get(url, auth=auth, allow_redirects=False, **kw)


def can_view(user, obj):
    return bool(api.user.has_permission("View", username=user, obj=obj))


def found(user, obj):
    """Does a catalog search as ``user`` find ``obj``?"""
    with api.env.adopt_user(username=user):
        catalog = api.portal.get_tool("portal_catalog")
        return len(catalog.searchResults(UID=obj.UID())) == 1


def place(meeting, item):
    """As the agenda does: the item names the meeting, the meeting lists it."""
    item.meeting = meeting.UID()
    meeting.agenda = [*agenda_uids(meeting), item.UID()]
    reindex_item_security(item)


def advance(item, *transitions):
    for transition in transitions:
        api.content.transition(obj=item, transition=transition)


@pytest.fixture
def world(rest_portal):
    portal = rest_portal
    body = make_body(portal)
    ensure_user(OTHER, "Bertta Muukalainen")
    other_body = make_body(
        portal,
        title="Toinen lautakunta",
        members=[
            {"userid": OTHER, "name": "Bertta", "function": "chair", "deputies": []}
        ],
        secretary=None,
        presenters=[],
    )
    meeting = make_meeting(body)
    other_meeting = make_meeting(other_body)
    item = make_item(portal, title=f"Oppilaan asia {SECRET}", publicity="secret")
    case = item.aq_parent
    attachment = create_document(
        case,
        title="Selvitys",
        file=(ATTACHMENT_TEXT, "selvitys.txt"),
        record_type="Selvitys",
        direction="incoming",
    )
    unlisted = create_document(
        case,
        title="Muu asiakirja",
        file=(b"ei liitteena", "muu.txt"),
        record_type="Selvitys",
        direction="incoming",
    )
    item.attachments = [{"uid": attachment.UID(), "public": False, "ground": "24.1.25"}]
    place(meeting, item)
    return {
        "portal": portal,
        "body": body,
        "other_body": other_body,
        "meeting": meeting,
        "other_meeting": other_meeting,
        "item": item,
        "case": case,
        "attachment": attachment,
        "unlisted": unlisted,
    }


def test_member_reads_secret_item_only_once_the_agenda_is_published(world):
    item = world["item"]
    for transitions in ((), ("approve",), ("schedule",)):
        advance(item, *transitions)
        for user in (MEMBER, DEPUTY):
            assert not can_view(user, item), api.content.get_state(item)
            assert not found(user, item), api.content.get_state(item)
    advance(item, "publish")
    for user in (MEMBER, DEPUTY, "jasen-puheenjohtaja"):
        assert can_view(user, item)
        assert found(user, item)
    # the member still has no View on the secret case or the document itself
    assert not can_view(MEMBER, world["case"])
    assert not can_view(MEMBER, world["attachment"])
    # the meeting and the body: members read them
    assert can_view(MEMBER, world["meeting"])
    assert can_view(MEMBER, world["body"])


def test_other_body_member_and_sector_official_see_nothing(world):
    item = world["item"]
    advance(item, "approve", "schedule", "publish")
    ensure_user(OFFICIAL)
    sector = world["body"].aq_parent
    api.user.grant_roles(username=OFFICIAL, roles=["ElectedOfficial"], obj=sector)
    for user in (OTHER, OFFICIAL):
        assert not can_view(user, item)
        assert not found(user, item)
        assert not can_view(user, world["attachment"])
    assert not can_view(OTHER, world["meeting"])  # planned: body A's people only
    transaction.commit()
    for user in (OTHER, OFFICIAL, None):
        response = get(item.absolute_url(), user, headers=JSON)
        assert response.status_code in (401, 403)
        assert SECRET not in response.text
        response = get(
            f"{world['portal'].absolute_url()}/@search?SearchableText=siilipiilo"
            "&metadata_fields=_all",
            user,
            headers=JSON,
        )
        assert response.status_code == 200 and SECRET not in response.text
    # the member gets it over REST: the probe above is real
    response = get(item.absolute_url(), MEMBER, headers=JSON)
    assert response.status_code == 200 and SECRET in response.json()["title"]


def test_internal_item_reaches_elected_official_of_the_sector(world):
    """The overlay gives staff-level reading of an internal item: the
    official reads it, but never a restricted one (previous test)."""
    item = make_item(world["portal"], title="Katuvalot", publicity="public")
    place(world["meeting"], item)
    advance(item, "approve", "schedule", "publish")
    ensure_user(OFFICIAL)
    sector = world["body"].aq_parent
    api.user.grant_roles(username=OFFICIAL, roles=["ElectedOfficial"], obj=sector)
    assert can_view(OFFICIAL, item)
    assert not can_view(OFFICIAL, world["item"])


def test_ended_membership_and_ended_term_give_nothing(world):
    item, body = world["item"], world["body"]
    advance(item, "approve", "schedule", "publish")
    yesterday = (today() - timedelta(days=1)).isoformat()
    rows = [dict(row) for row in body.members]
    for row in rows:
        if row["userid"] == "jasen-4":
            row["end"] = yesterday
        if row["userid"] == "jasen-5":
            row["start"] = (today() + timedelta(days=1)).isoformat()
    body.members = rows
    notify(ObjectModifiedEvent(body))
    for user in ("jasen-4", DEPUTIES["jasen-4"], "jasen-5"):
        assert not can_view(user, item), user
        assert not found(user, item), user
        assert not can_view(user, world["meeting"]), user
    assert can_view(MEMBER, item) and found(MEMBER, item)
    body.term_end = today() - timedelta(days=1)
    notify(ObjectModifiedEvent(body))
    assert not can_view(MEMBER, item)
    assert not found(MEMBER, item)
    # the secretary keeps the role: old minutes are still finished
    assert can_view(SECRETARY, item)


def test_attachment_streams_to_members_only(world):
    item = world["item"]
    advance(item, "approve", "schedule", "publish")
    transaction.commit()
    url = item.absolute_url() + "/@@attachment?uid=" + world["attachment"].UID()
    response = get(url, MEMBER)
    assert response.status_code == 200
    assert response.content == ATTACHMENT_TEXT
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "selvitys" not in response.headers["Content-Disposition"]  # neutral name
    for user in (OTHER, None, "valmistelija-testi-ei-ole"):
        response = get(url, user)
        assert response.status_code in DENIED, user
        assert ATTACHMENT_TEXT not in response.content
    unlisted = item.absolute_url() + "/@@attachment?uid=" + world["unlisted"].UID()
    assert get(unlisted, MEMBER).status_code == 404
    assert get(item.absolute_url() + "/@@attachment", MEMBER).status_code == 404
    # the document itself stays closed to the member
    response = get(world["attachment"].absolute_url() + "/@@download/file", MEMBER)
    assert response.status_code in DENIED


def test_members_views_are_access_logged(world):
    item = world["item"]
    advance(item, "approve", "schedule", "publish")
    transaction.commit()
    assert get(item.absolute_url(), MEMBER).status_code == 200
    url = item.absolute_url() + "/@@attachment?uid=" + world["attachment"].UID()
    assert get(url, MEMBER).status_code == 200
    transaction.begin()
    entries = accesslog.search(user=MEMBER, case=item.UID())
    views = [e for e in entries if e["uid"] == item.UID() and e["action"] == "view"]
    assert len(views) == 2  # the page and the attachment (through the item)
    downloads = accesslog.search(user=MEMBER, case=world["attachment"].UID())
    assert [e["action"] for e in downloads] == ["download"]
    assert downloads[0]["portal_type"] == "CaseDocument"


def test_meeting_package(world):
    item = world["item"]
    advance(item, "approve", "schedule", "publish")
    transaction.commit()
    url = world["meeting"].absolute_url() + "/@@meeting-package"
    response = get(url, MEMBER)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(BytesIO(response.content))
    contents = {name: archive.read(name) for name in archive.namelist()}
    assert ATTACHMENT_TEXT in contents.values()
    assert b"ei liitteena" not in contents.values()
    transaction.begin()
    logged = accesslog.search(user=MEMBER, case=item.UID(), action="download")
    assert [e["uid"] for e in logged] == [item.UID()]
    assert get(url, OTHER).status_code in DENIED


def test_my_meetings(world):
    item = world["item"]
    advance(item, "approve", "schedule", "publish")
    transaction.commit()
    site = world["portal"].absolute_url()
    response = get(site + "/@@my-meetings", MEMBER)
    assert response.status_code == 200
    assert world["meeting"].absolute_url() + "/@@meeting-package" in response.text
    assert "Testilautakunta" in response.text
    assert world["other_meeting"].absolute_url() not in response.text
    response = get(site + "/@@my-meetings", OTHER)
    assert world["meeting"].absolute_url() not in response.text
    assert world["other_meeting"].absolute_url() in response.text
    assert get(site + "/@@my-meetings", None).status_code in (302, 401)


def test_my_votes_and_disqualifications(world):
    item = world["item"]
    advance(item, "approve", "schedule", "publish", "decide")
    item.number = 12
    item.votes = [
        {
            "kind": "open",
            "question": "Esitys vastaan vastaehdotus",
            "ballots": {MEMBER: "ei", "jasen-4": "jaa"},
            "result": "jaa",
        }
    ]
    item.disqualified = [{"userid": "jasen-5", "reason": "Läheinen sukulainen"}]
    api.content.transition(obj=world["meeting"], transition="convene")
    api.content.transition(obj=world["meeting"], transition="hold")
    transaction.commit()
    site = world["portal"].absolute_url()
    text = get(site + "/@@my-meetings", MEMBER).text
    assert "12 §" in text and "Esitys vastaan vastaehdotus" in text
    assert "Läheinen sukulainen" not in text
    text = get(site + "/@@my-meetings", "jasen-5").text
    assert "Läheinen sukulainen" in text


def _patch(body, members, user=SITE_OWNER_NAME, password=SITE_OWNER_PASSWORD):
    return requests.patch(
        body.absolute_url(),
        json={"members": members},
        headers=JSON,
        auth=(user, password),
        timeout=60,
    )


@pytest.mark.parametrize(
    "members",
    [
        pytest.param(
            [{"userid": "ei-ole-olemassa", "name": "X", "function": "member"}],
            id="unknown-user",
        ),
        pytest.param(
            [
                {"userid": "jasen-3", "name": "A", "function": "chair"},
                {"userid": "jasen-4", "name": "B", "function": "chair"},
            ],
            id="two-chairs",
        ),
        pytest.param(
            [
                {
                    "userid": "jasen-3",
                    "name": "A",
                    "function": "member",
                    "deputies": [{"userid": "jasen-6"}, {"userid": "jasen-6"}],
                }
            ],
            id="deputy-twice",
        ),
        pytest.param(
            [
                {"userid": "jasen-3", "name": "A", "function": "member"},
                {"userid": "jasen-3", "name": "A", "function": "member"},
            ],
            id="member-twice",
        ),
        pytest.param(
            [
                {
                    "userid": "jasen-3",
                    "name": "A",
                    "function": "member",
                    "start": "2027-01-01",
                    "end": "2026-01-01",
                }
            ],
            id="ends-before-start",
        ),
    ],
)
def test_rest_refuses_bad_members(world, members):
    body = world["body"]
    before = [dict(row) for row in body.members]
    transaction.commit()
    response = _patch(body, members)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "members"
    transaction.begin()
    assert [dict(row) for row in body.members] == before


def test_rest_writes_good_members(world):
    body = world["body"]
    transaction.commit()
    members = [
        {
            "userid": "jasen-3",
            "name": "Jaana Jäsen",
            "function": "chair",
            "deputies": [{"userid": DEPUTY, "name": "Vara"}],
        }
    ]
    assert _patch(body, members).status_code == 204
    transaction.begin()
    assert [row["userid"] for row in body.members] == ["jasen-3"]


def test_members_form(world):
    body = world["body"]
    transaction.commit()
    url = body.absolute_url() + "/@@members"
    assert get(url, MEMBER).status_code in DENIED
    session = requests.Session()
    session.auth = (SECRETARY, PASSWORD)
    page = session.get(url, timeout=60)
    assert page.status_code == 200
    assert 'name="rows.userid:records"' in page.text
    token = page.text.split('name="_authenticator" value="')[1].split('"')[0]
    form = [
        ("_authenticator", token),
        ("rows.userid:records", "jasen-3"),
        ("rows.function:records", "chair"),
        ("rows.deputies:records", f"{DEPUTY}, jasen-7"),
        ("rows.start:records", ""),
        ("rows.end:records", ""),
        ("rows.userid:records", "ei-ole-olemassa"),
        ("rows.function:records", "member"),
        ("rows.deputies:records", ""),
        ("rows.start:records", ""),
        ("rows.end:records", ""),
        ("form.save", "1"),
    ]
    response = session.post(url, data=form, timeout=60, allow_redirects=False)
    assert response.status_code == 200
    assert "ei-ole-olemassa" in response.text and 'role="alert"' in response.text
    transaction.begin()
    assert len(body.members) == 7  # nothing written
    form = [pair for pair in form if pair[1] != "ei-ole-olemassa"]
    form = form[:6] + form[10:]
    response = session.post(url, data=form, timeout=60, allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    transaction.begin()
    assert [row["userid"] for row in body.members] == ["jasen-3"]
    assert [d["userid"] for d in body.members[0]["deputies"]] == [DEPUTY, "jasen-7"]
    assert body.members[0]["function"] == "chair"
    assert not can_view("jasen-4", world["meeting"])  # no longer a member


def test_full_agenda_document_is_access_logged_per_item(world):
    """A member reading the agenda with the secret § in full: one view of the
    item in the log; another body's member reads the public version only."""
    item, meeting = world["item"], world["meeting"]
    advance(item, "approve", "schedule", "publish")
    api.content.transition(obj=meeting, transition="convene")
    transaction.commit()
    url = meeting.absolute_url() + "/@@agenda-document"
    assert get(url, MEMBER).status_code == 200
    assert get(url, OTHER).status_code == 200
    transaction.begin()
    logged = accesslog.search(case=item.UID())
    assert [(e["user"], e["action"]) for e in logged] == [(MEMBER, "view")]
    assert logged[0]["url"].endswith("/@@agenda-document")
