"""The official notice board (KuntaL 108 §, HL 62 §): display window and
scheduled start, who may publish, what the public never sees, the copy filed
in the case and the publication log's SHA-256 of what was shown."""

from builders import make_case
from builders import make_registry
from datetime import date
from datetime import timedelta
from meeting_builders import ensure_user
from municipality.policy.base.dates import today
from municipality.policy.demo import notices as demo_notices
from municipality.policy.publication import log
from municipality.policy.publication import notices
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.textfield.value import RichTextValue
from plone.protect.authenticator import createToken
from Products.CMFCore.WorkflowCore import WorkflowException
from zExceptions import Unauthorized
import hashlib
import pytest
import requests
import transaction


REGISTRAR = "kirjaaja-testi"
PREPARER = "valmistelija-ilmoitus"
STAFF = "henkilo-testi"
PASSWORD = "Secret-123456"


def _as_manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)


def _board(portal):
    _as_manager(portal)
    registry = make_registry(portal)
    creator = registry.aq_parent
    board = creator.get("ilmoitustaulu") or api.content.create(
        container=creator, type="NoticeBoard", id="ilmoitustaulu", title="Ilmoitustaulu"
    )
    if api.content.get_state(board) != "published":
        api.content.transition(obj=board, transition="publish")
    for userid, role in (
        (REGISTRAR, "Registrar"),
        (PREPARER, "Preparer"),
        (STAFF, "Staff"),
    ):
        ensure_user(userid, f"Testi {role}")
        api.user.grant_roles(username=userid, roles=[role], obj=creator)
    return board


def _notice(board, title="Kuulutus rakennusluvasta", start=None, **fields):
    return api.content.create(
        container=board,
        type="Notice",
        title=title,
        category=fields.pop("category", "kuulutus"),
        display_start=start or today(),
        text=RichTextValue(
            '<p>Hakija <span class="kp-personal">Matti Meikäläinen</span>, Kuusitie 3.</p>',
            "text/html",
            "text/html",
        ),
        available_at="Kunnanvirasto, kirjaamo",
        **fields,
    )


def _as(portal, userid):
    login(portal, userid)


def _anonymous_document(portal, notice):
    logout()
    body = notice.restrictedTraverse("@@notice-document")()
    _as_manager(portal)
    return body


def test_default_end_is_start_plus_notice_days(portal):
    board = _board(portal)
    notice = _notice(board, start=date(2026, 12, 3))
    assert notice.display_end == date(2026, 12, 17)
    # a default end follows a later change of the start; an own end stays
    notice.display_start = date(2026, 12, 10)
    notices.sync_case(notice)
    assert notice.display_end == date(2026, 12, 24)
    own = _notice(
        board, "Oma loppu", start=date(2026, 12, 3), display_end=date(2026, 12, 31)
    )
    assert own.display_end == date(2026, 12, 31)
    own.display_start = date(2026, 12, 5)
    notices.sync_case(own)
    assert own.display_end == date(2026, 12, 31)


def test_registrar_publishes_and_the_log_hashes_what_was_shown(portal):
    board = _board(portal)
    notice = _notice(board)
    _as(portal, REGISTRAR)
    assert notices.publish(notice) == "published"
    assert notice.published_on == today()
    shown = _anonymous_document(portal, notice)
    assert b"Tiedoksisaannin katsotaan tapahtuneen seitsem" in shown
    seventh = today() + timedelta(days=7)
    assert f"{seventh.day}.{seventh.month}.{seventh.year}".encode() in shown
    entry = log.last(notice)
    assert entry["action"] == "published"
    assert entry["agent"] == REGISTRAR
    assert entry["sha256"] == hashlib.sha256(shown).hexdigest()
    # the public sees it on the board and in the feed
    logout()
    assert [n.Title() for n in notices.current(board)] == ["Kuulutus rakennusluvasta"]
    feed = board.restrictedTraverse("@@feed")()
    assert b"Kuulutus rakennusluvasta" in feed
    assert "Meikäläinen".encode() not in feed  # the feed has the public version


def test_current_is_newest_first_by_display_start(portal):
    """Published the same day (``published_on`` today), created in another
    order: the list follows the display start."""
    board = _board(portal)
    for title, days_ago in (("Tänään", 0), ("Viisi päivää", 5), ("Kaksi päivää", 2)):
        notice = _notice(board, title, start=today() - timedelta(days=days_ago))
        assert notices.publish(notice) == "published"
    logout()
    assert [n.Title() for n in notices.current(board)] == [
        "Tänään",
        "Kaksi päivää",
        "Viisi päivää",
    ]


def test_future_start_is_scheduled_and_displayed_by_the_clock(portal):
    board = _board(portal)
    start = today() + timedelta(days=5)
    notice = _notice(board, "Ajastettu kuulutus", start=start)
    _as(portal, REGISTRAR)
    assert notices.publish(notice) == "scheduled"
    assert log.last(notice)["action"] == "scheduled"
    _as_manager(portal)
    assert notices.due_changes(portal, today()) == []
    assert notices.due_changes(portal, start - timedelta(days=1)) == []
    changes = notices.due_changes(portal, start)
    assert [(n.getId(), action) for n, action in changes] == [
        (notice.getId(), "display")
    ]
    assert notices.apply(portal, start) == [
        ("/".join(notice.getPhysicalPath()), "display")
    ]
    assert api.content.get_state(notice) == "published"
    assert notices.apply(portal, start) == []  # idempotent
    assert notices.display(notice) is False
    entry = log.last(notice)
    assert (entry["action"], entry["agent"]) == ("published", log.SYSTEM)


def test_display_ends_after_the_last_day(portal):
    board = _board(portal)
    notice = _notice(
        board, "Päättyvä", start=today() - timedelta(days=3), display_end=today()
    )
    _as(portal, REGISTRAR)
    notices.publish(notice)
    _as_manager(portal)
    assert notices.due_changes(portal, today()) == []
    assert notices.end_due(notice, today() + timedelta(days=1))
    notices.apply(portal, today() + timedelta(days=1))
    assert api.content.get_state(notice) == "ended"
    assert notices.end(notice) is False
    assert [e["action"] for e in log.entries(uid=notice.UID())] == [
        "published",
        "ended",
    ]


@pytest.mark.parametrize("userid", [PREPARER, STAFF])
def test_preparer_and_staff_may_not_publish(portal, userid):
    board = _board(portal)
    notice = _notice(board)
    _as(portal, userid)
    assert not api.user.has_permission("municipality.policy: Add Notice", obj=board)
    with pytest.raises(Unauthorized):
        notices.publish(notice)
    _as(portal, REGISTRAR)
    assert api.user.has_permission("municipality.policy: Add Notice", obj=board)


def test_publish_transition_refuses_a_future_start(portal):
    board = _board(portal)
    notice = _notice(board, start=today() + timedelta(days=2))
    _as(portal, REGISTRAR)
    with pytest.raises(WorkflowException):
        api.portal.get_tool("portal_workflow").doActionFor(notice, "publish")
    assert api.content.get_state(notice) == "draft"


def test_anonymous_sees_no_draft_scheduled_or_ended(portal):
    board = _board(portal)
    draft = _notice(board, "Luonnoskuulutus")
    scheduled = _notice(board, "Ajastettukuulutus", start=today() + timedelta(days=5))
    ended = _notice(board, "Paattynytkuulutus", start=today() - timedelta(days=20))
    shown = _notice(board, "Nakyvakuulutus")
    _as(portal, REGISTRAR)
    for notice in (scheduled, ended, shown):
        notices.publish(notice)
    _as_manager(portal)
    notices.apply(portal, today())
    assert api.content.get_state(ended) == "ended"
    logout()
    for notice in (draft, scheduled, ended):
        assert not api.user.has_permission("View", obj=notice)
        with pytest.raises(Unauthorized):
            portal.restrictedTraverse(
                "/".join(notice.getPhysicalPath()) + "/@@notice-document"
            )
    catalog = api.portal.get_tool("portal_catalog")
    found = {b.Title for b in catalog(portal_type="Notice")}
    assert found == {"Nakyvakuulutus"}
    assert not catalog(SearchableText="Luonnoskuulutus")
    assert len(catalog(SearchableText="Nakyvakuulutus")) == 1
    assert not catalog(SearchableText="Meikäläinen")  # the index holds the public text
    feed = board.restrictedTraverse("@@feed")()
    for title in ("Luonnoskuulutus", "Ajastettukuulutus", "Paattynytkuulutus"):
        assert title.encode() not in feed
    page = board.restrictedTraverse("@@view")()
    assert "Nakyvakuulutus" in page
    for title in ("Luonnoskuulutus", "Ajastettukuulutus", "Paattynytkuulutus"):
        assert title not in page
    _as(portal, REGISTRAR)
    page = board.restrictedTraverse("@@view")()
    for title in ("Luonnoskuulutus", "Ajastettukuulutus", "Paattynytkuulutus"):
        assert title in page


def test_publishing_files_a_registered_copy_in_the_case(portal):
    board = _board(portal)
    registry = make_registry(portal)
    case = make_case(registry, "Rakennuslupa", "public")
    notice = _notice(board, case_number=case.diary_number)
    assert notice.case == case.UID()
    _as(portal, REGISTRAR)
    notices.publish(notice)
    _as_manager(portal)
    docs = [d for d in case.objectValues() if d.portal_type == "CaseDocument"]
    assert len(docs) == 1
    doc = docs[0]
    assert api.content.get_state(doc) == "registered"
    assert doc.record_type == "Kuulutus"
    data = doc.file.data
    assert data.startswith(b"%PDF")
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert notices.filed_copies(notice)[0]["sha256"] == doc.sha256
    # the view links the public diary entry
    page = notice.restrictedTraverse("@@view")()
    assert "@@diary-entry?number=" in page
    # the copy stays when the notice leaves the web
    notices.end(notice)
    assert doc.getId() in case.objectIds()


def test_publication_log_page_and_csv(portal):
    board = _board(portal)
    notice = _notice(board)
    _as(portal, REGISTRAR)
    notices.publish(notice)
    creator = board.aq_parent
    portal.REQUEST.form["format"] = "csv"
    body = creator.restrictedTraverse("@@publication-log")()
    assert body.startswith("\ufeff")
    assert log.last(notice)["sha256"] in body
    assert "Testi Registrar" in body
    _as(portal, PREPARER)
    assert not api.user.has_permission(
        "municipality.policy: View publication log", obj=creator
    )


def test_demo_step_makes_notices_of_each_kind(portal):
    board = _board(portal)
    registry = make_registry(portal)
    case = make_case(registry, "Poikkeamislupa", "public")
    case.title_is_public = True
    case.reindexObject()
    demo_notices.load(portal)
    demo_notices.load(portal)  # idempotent
    states = {n.getId(): api.content.get_state(n) for n in board.objectValues()}
    assert states == {
        "kuulutus-asian-kasittely": "published",
        "kunnanhallituksen-poytakirja": "published",
        "kaavoituskatsaus": "scheduled",
        "vesikatko-ilmoitus": "published",
        "talousarvio-kuulutus": "ended",
    }
    assert board["vesikatko-ilmoitus"].display_end == today() + timedelta(days=1)
    ended = board["talousarvio-kuulutus"]
    assert [(e["action"], e["agent"]) for e in log.entries(uid=ended.UID())] == [
        ("published", "kirjaaja")
        if api.user.get(userid="kirjaaja")
        else ("published", TEST_USER_ID),
        ("ended", log.SYSTEM),
    ]


def test_anonymous_http_gets_only_current_notices(rest_portal):
    portal = rest_portal
    board = _board(portal)
    draft = _notice(board, "Luonnoskuulutus")
    scheduled = _notice(board, "Ajastettukuulutus", start=today() + timedelta(days=5))
    ended = _notice(board, "Paattynytkuulutus", start=today() - timedelta(days=20))
    shown = _notice(board, "Nakyvakuulutus")
    _as(portal, REGISTRAR)
    for notice in (scheduled, ended, shown):
        notices.publish(notice)
    _as_manager(portal)
    notices.apply(portal, today())
    urls = {n.getId(): n.absolute_url() for n in (draft, scheduled, ended, shown)}
    titles = {n.getId(): n.Title() for n in (draft, scheduled, ended, shown)}
    board_url = board.absolute_url()
    shown_sha = log.last(shown, "published")["sha256"]
    transaction.commit()
    json = {"Accept": "application/json"}
    for name in (draft.getId(), scheduled.getId(), ended.getId()):
        for suffix, headers in (("", {}), ("/@@notice-document", {}), ("", json)):
            response = requests.get(
                urls[name] + suffix, headers=headers, timeout=60, allow_redirects=False
            )
            assert response.status_code in (302, 401, 403, 404), (name, suffix)
            assert "require_login" in response.headers.get("Location", "require_login")
            assert titles[name] not in response.text
    document = requests.get(urls[shown.getId()] + "/@@notice-document", timeout=60)
    assert document.status_code == 200
    assert hashlib.sha256(document.content).hexdigest() == shown_sha
    listing = requests.get(board_url + "/@notices", headers=json, timeout=60).json()
    assert [item["title"] for item in listing["items"]] == ["Nakyvakuulutus"]
    assert "Meikäläinen" not in listing["items"][0]["text"]
    search = requests.get(
        portal.absolute_url() + "/@search",
        params={"portal_type": "Notice"},
        headers=json,
        timeout=60,
    ).json()
    assert [item["title"] for item in search["items"]] == ["Nakyvakuulutus"]
    feed = requests.get(board_url + "/@@feed", timeout=60).text
    assert "Nakyvakuulutus" in feed
    for title in ("Luonnoskuulutus", "Ajastettukuulutus", "Paattynytkuulutus"):
        assert title not in feed
    page = requests.get(board_url, timeout=60).text
    assert "Nakyvakuulutus" in page and "Luonnoskuulutus" not in page


def test_state_menu_publish_schedules_a_later_notice(portal):
    board = _board(portal)
    notice = _notice(board, start=today() + timedelta(days=3))
    _as(portal, REGISTRAR)
    request = portal.REQUEST
    request.form.update({"workflow_action": "publish", "_authenticator": createToken()})
    request.method = "POST"
    notice.restrictedTraverse("content_status_modify")()
    assert api.content.get_state(notice) == "scheduled"
    assert request.response.getHeader("Location") == notice.absolute_url()


def test_add_form_checks_the_diary_number(portal):
    board = _board(portal)
    _as(portal, REGISTRAR)
    request = portal.REQUEST
    request.form.update(
        {
            "form.widgets.IBasic.title": "Lomakkeelta",
            "form.widgets.category": ["kuulutus"],
            "form.widgets.display_start": today().isoformat(),
            "form.widgets.case_number": "ESIM/999/00.01.00/1999",
            "form.buttons.save": "Tallenna",
        }
    )
    request.method = "POST"
    html = board.restrictedTraverse("++add++Notice")()
    assert "Lomakkeelta" not in [n.Title() for n in board.objectValues()]
    assert "form.widgets.published_on" not in html
    assert 'name="form.widgets.case_number"' in html
    assert "No case has this diary number." in html or "Tällä diaarinumerolla" in html
