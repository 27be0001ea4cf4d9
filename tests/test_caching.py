"""HTTP caching of the public web (plone.app.caching; publication.caching).

Served over WSGI (``rest_portal``): anonymous public pages carry an ETag and
revalidate (304), a change (as a scrub does: new text, reindexed) gives a new
ETag, a logged-in user's page is private and never 304, and ``purge(obj)``
sends PURGE requests to a configured caching proxy (a tiny local HTTP server
that records them) after the commit, and nothing when purging is off.
"""

from builders import make_case
from builders import make_registry
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from meeting_builders import MEMBERS
from meeting_builders import PASSWORD
from meeting_builders import SECRETARY
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.cases import phaselog
from municipality.policy.meetings.localroles import reindex_item_security
from municipality.policy.publication import caching
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.cachepurging.interfaces import ICachePurgingSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
import pytest
import requests
import threading
import transaction


PERSONAL = '<span class="kp-personal">Matti Meikäläinen</span>'
FI = {"Accept-Language": "fi"}


def rich(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


def get(url, headers=None, auth=None, cookies=None):
    return requests.get(
        url, headers={**FI, **(headers or {})}, auth=auth, cookies=cookies, timeout=60
    )


@pytest.fixture
def world(rest_portal):
    """A public body's checked meeting with one public § naming a person."""
    portal = rest_portal
    body = make_body(portal, title="Välimuistilautakunta", public_meetings=True)
    creator = body.aq_parent.aq_parent
    for obj in (creator, creator["kunnanhallitus"], body):
        if api.content.get_state(obj) != "published":
            api.content.transition(obj=obj, transition="publish")
    meeting = make_meeting(body, days_ahead=-7)
    item = make_item(
        portal,
        title="Avustushakemus",
        personal_data="personal",
        presentation=rich(f"<p>Hakija {PERSONAL} hakee avustusta.</p>"),
        proposal=rich("<p>Myönnetään avustus.</p>"),
    )
    item.meeting = meeting.UID()
    meeting.agenda = [item.UID()]
    api.content.transition(obj=item, transition="approve")
    api.content.transition(obj=item, transition="schedule")
    reindex_item_security(item)
    meeting.notice_published = datetime.now(UTC) - timedelta(days=14)
    api.content.transition(obj=meeting, transition="convene")
    api.content.transition(obj=item, transition="publish")
    api.content.transition(obj=meeting, transition="hold")
    common = {"deputy_for": None, "remote": False, "arrived_before": None}
    meeting.participants = [
        {"userid": u, "name": n, "capacity": "member", "left_after": None, **common}
        for u, (n, _f) in MEMBERS.items()
    ] + [
        {
            "userid": SECRETARY,
            "name": "Sihteeri",
            "capacity": "secretary",
            "left_after": None,
            **common,
        }
    ]
    item.number = 1
    item.resolution = "as_proposed"
    item.decision = rich(f"<p>Myönnetään {PERSONAL} avustus KUUSIKKO.</p>")
    api.content.transition(obj=item, transition="decide")
    meeting.opened = meeting.start
    meeting.closed = meeting.start + timedelta(hours=2)
    stamp = meeting.closed.isoformat()
    meeting.signatures = {
        "chair": "jasen-puheenjohtaja",
        "chair_at": stamp,
        "secretary": SECRETARY,
        "secretary_at": stamp,
    }
    meeting.examiners = ["jasen-3", "jasen-4"]
    meeting.examinations = [
        {"userid": u, "checked": stamp, "how": "electronic", "remark": ""}
        for u in meeting.examiners
    ]
    api.content.transition(obj=meeting, transition="sign")
    api.content.transition(obj=meeting, transition="check")
    api.content.transition(obj=item, transition="check")
    transaction.commit()
    return {"portal": portal, "body": body, "meeting": meeting, "item": item}


def test_anonymous_public_pages_have_an_etag_and_revalidate(world):
    meeting = world["meeting"]
    for url in (
        meeting.absolute_url() + "/@@minutes",
        meeting.absolute_url(),
        world["body"].absolute_url(),
        world["portal"].absolute_url(),
    ):
        first = get(url)
        assert first.status_code == 200, url
        etag = first.headers["ETag"]
        control = first.headers["Cache-Control"]
        assert "max-age=0" in control and "must-revalidate" in control, control
        assert "s-maxage=300" in control, control
        assert "private" not in control, control
        assert "Accept-Language" in first.headers["Vary"]
        again = get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.content == b""
    minutes = get(meeting.absolute_url() + "/@@minutes")
    assert "KUUSIKKO" in minutes.text


def test_the_etag_differs_per_language(world):
    url = world["meeting"].absolute_url() + "/@@minutes"
    finnish = get(url)
    swedish = get(url, cookies={"I18N_LANGUAGE": "sv"})
    assert swedish.status_code == 200
    assert finnish.headers["ETag"] != swedish.headers["ETag"]
    stale = get(url, headers={"If-None-Match": finnish.headers["ETag"]})
    assert stale.status_code == 304
    crossed = get(
        url,
        headers={"If-None-Match": finnish.headers["ETag"]},
        cookies={"I18N_LANGUAGE": "sv"},
    )
    assert crossed.status_code == 200


def test_a_change_reindexed_like_a_scrub_gives_a_new_etag(world):
    meeting, item = world["meeting"], world["item"]
    url = meeting.absolute_url() + "/@@minutes"
    before = get(url)
    etag = before.headers["ETag"]
    assert "KUUSIKKO" in before.text
    item.decision = rich("<p>Myönnetään avustus KOIVIKKO.</p>")
    item.reindexObject()
    transaction.commit()
    after = get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert "KOIVIKKO" in after.text and "KUUSIKKO" not in after.text


def test_a_log_entry_on_a_public_case_gives_a_new_etag(world):
    case = make_case(make_registry(world["portal"]), "Puistonpenkit", "public")
    for transition in ("prepare", "submit", "decide"):
        api.content.transition(obj=case, transition=transition)
    transaction.commit()
    url = case.absolute_url()
    before = get(url)
    assert before.status_code == 200
    assert (
        get(url, headers={"If-None-Match": before.headers["ETag"]}).status_code == 304
    )
    # a handling phase is written to the case's log: nothing is reindexed
    phaselog.append(case, "toimeenpano", "Penkit asennettu JOUTSENPUISTOON")
    transaction.commit()
    after = get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "JOUTSENPUISTOON" in after.text
    # |userid|roles|language|catalogCounter|lastModified|municipality.modified|...
    old, new = before.headers["ETag"].split("|"), after.headers["ETag"].split("|")
    assert old[4] == new[4]  # the catalog did not change
    assert old[6] != new[6]  # the case's log did


def test_a_new_day_or_changed_site_settings_give_a_new_etag(world, monkeypatch):
    url = world["portal"].absolute_url()
    etag = get(url).headers["ETag"]
    assert get(url, headers={"If-None-Match": etag}).status_code == 304
    # the notice board and the front page show what is on display today
    monkeypatch.setattr(caching.dates, "today", lambda: date(2031, 1, 2))
    tomorrow = get(url, headers={"If-None-Match": etag})
    assert tomorrow.status_code == 200
    assert tomorrow.headers["ETag"] != etag
    monkeypatch.undo()
    # the site's name (or logo, colours) changed in the control panel
    title = api.portal.get_registry_record("plone.site_title")
    api.portal.set_registry_record("plone.site_title", "Välimuistikunta")
    transaction.commit()
    try:
        renamed = get(url, headers={"If-None-Match": etag})
        assert renamed.status_code == 200
        assert "Välimuistikunta" in renamed.text
    finally:
        api.portal.set_registry_record("plone.site_title", title)
        transaction.commit()


def test_a_logged_in_page_is_private_and_never_304(world):
    url = world["meeting"].absolute_url() + "/@@minutes"
    auth = (SECRETARY, PASSWORD)
    first = get(url, auth=auth)
    assert first.status_code == 200
    control = first.headers["Cache-Control"]
    assert "private" in control and "public" not in control, control
    assert "s-maxage" not in control, control
    again = get(url, auth=auth, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]


class _Recorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    """A fake caching proxy on 127.0.0.1 recording the paths it is asked to PURGE."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _purging(proxies, enabled):
    settings = getUtility(IRegistry).forInterface(ICachePurgingSettings, check=False)
    settings.enabled = enabled
    settings.cachingProxies = tuple(proxies)
    transaction.commit()


def test_purge_sends_the_public_urls_to_the_proxy_after_commit(world, proxy):
    meeting, body = world["meeting"], world["body"]
    address = f"http://127.0.0.1:{proxy.server_address[1]}"
    path = "/".join(meeting.getPhysicalPath())
    # an item's change shows on its meeting's pages; a case's on its diary entry
    assert f"{path}/@@minutes" in caching.public_paths(world["item"])
    case = world["item"].aq_parent
    number = case.diary_number.replace("/", "%2F")
    entry = "/".join(case.aq_parent.getPhysicalPath()) + "/@@diary-entry?number="
    assert entry + number in caching.public_paths(case)
    assert caching.purge(meeting) == []  # off by default: nothing queued
    transaction.commit()
    assert proxy.purged == []
    _purging([address], enabled=True)
    try:
        queued = caching.purge(meeting)
        assert f"{address}{path}/@@minutes" in queued
        assert proxy.purged == []  # nothing before the commit
        transaction.commit()
        purged = set(proxy.purged)
        for expected in (
            f"{path}/@@minutes",
            f"{path}/@@minutes.pdf",
            f"{path}/@@agenda-document",
            f"{path}/@@agenda.pdf",
            f"{path}/",
            "/".join(body.getPhysicalPath()),
            "/".join(world["portal"].getPhysicalPath()),
        ):
            assert expected in purged, (expected, sorted(purged))
        proxy.purged.clear()
        caching.purge(meeting)
        transaction.abort()
        assert proxy.purged == []  # an aborted transaction purges nothing
    finally:
        _purging([], enabled=False)
