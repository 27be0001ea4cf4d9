"""The staff intranet (issue 12): the intranet workflow's roles, staff-only
reading (never Anonymous, never a signed-in resident), staff's own front
page with their tasks, the records-officer directory on the demo, and the
public seeing nothing of the intranet on any channel (served site)."""

from builders import make_case
from builders import make_registry
from meeting_builders import MEMBERS
from meeting_builders import as_manager
from meeting_builders import ensure_user
from meeting_builders import make_body
from meeting_builders import make_meeting
from municipality.policy.intranet import staff
from municipality.policy.intranet import tasks
from municipality.policy.security import grants
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.textfield.value import RichTextValue
from Products.CMFCore.utils import _checkPermission
from zExceptions import Unauthorized
import pytest


EDITOR = "toimittaja-testi"
REVIEWER = "julkaisija-testi"
STAFF_USER = "henkilo-testi"
RESIDENT = "asukas-testi"  # signed in (Authenticated), not staff
SECRET_TITLE = "OKAPIUUTINEN henkilöstölle"
SECRET_TEXT = "NORSUOHJE sisäinen"


def _users(portal):
    as_manager(portal)
    for userid in (EDITOR, REVIEWER, STAFF_USER, RESIDENT):
        ensure_user(userid, userid.capitalize())
    api.group.add_user(groupname="intranet-toimittajat", username=EDITOR)
    api.group.add_user(groupname="intranet-julkaisijat", username=REVIEWER)
    api.group.add_user(groupname="henkilosto", username=STAFF_USER)
    return staff.intranet_root(portal)


def _news(root, title=SECRET_TITLE):
    return api.content.create(
        container=root,
        type="IntranetNews",
        title=title,
        text=RichTextValue(f"<p>{SECRET_TEXT}</p>", "text/html", "text/x-html-safe"),
    )


def _can(userid, permission, obj):
    with api.env.adopt_user(username=userid):
        return bool(_checkPermission(permission, obj))


def _transitions(userid, obj):
    wftool = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=userid):
        return {t["id"] for t in wftool.getTransitionsFor(obj)}


def test_install_root_and_groups(portal):
    root = staff.intranet_root(portal)
    assert root is not None
    assert root.absolute_url_path().endswith("/intranet")
    assert root.portal_type == "Intranet"
    assert api.content.get_state(root) == "internal"
    assert root.get_local_roles_for_userid("henkilosto") == ("Staff",)
    assert root.get_local_roles_for_userid("intranet-toimittajat") == (
        "IntranetEditor",
    )
    assert root.get_local_roles_for_userid("intranet-julkaisijat") == (
        "IntranetReviewer",
    )
    view_roles = {r["name"] for r in root.rolesOfPermission("View") if r["selected"]}
    assert "Anonymous" not in view_roles
    assert "Authenticated" not in view_roles
    assert "Member" not in view_roles


def test_editor_submits_reviewer_publishes_staff_reads(portal):
    root = _users(portal)
    login(portal, EDITOR)
    news = _news(root)
    assert api.content.get_state(news) == "draft"
    assert _transitions(EDITOR, news) == {"submit"}
    assert not _can(STAFF_USER, "View", news)
    api.content.transition(obj=news, transition="submit")
    # the editor may not publish nor edit what waits for review
    assert _transitions(EDITOR, news) == set()
    assert not _can(EDITOR, "Modify portal content", news)
    assert _transitions(REVIEWER, news) == {"publish", "reject"}
    login(portal, REVIEWER)
    api.content.transition(obj=news, transition="publish")
    assert api.content.get_state(news) == "published"
    assert news.effective_date is not None  # the news item's date
    assert _can(STAFF_USER, "View", news)
    assert not _can(STAFF_USER, "Modify portal content", news)
    assert not _can(RESIDENT, "View", news)
    assert not _can(RESIDENT, "View", root)
    assert _transitions(REVIEWER, news) == {"retract"}
    assert _transitions(EDITOR, news) == set()
    logout()
    assert not _checkPermission("View", news)
    assert not _checkPermission("View", root)
    # the catalog agrees: staff find it, a resident and the public do not
    for userid, found in ((STAFF_USER, 1), (RESIDENT, 0)):
        with api.env.adopt_user(username=userid):
            assert len(api.content.find(UID=news.UID())) == found
    assert len(api.content.find(UID=news.UID())) == 0


def test_reviewer_rejects_and_retracts(portal):
    root = _users(portal)
    login(portal, EDITOR)
    page = api.content.create(container=root, type="IntranetPage", title="Ohje")
    api.content.transition(obj=page, transition="submit")
    login(portal, REVIEWER)
    api.content.transition(obj=page, transition="reject")
    assert api.content.get_state(page) == "draft"
    api.content.transition(obj=page, transition="publish")
    assert _can(STAFF_USER, "View", page)
    api.content.transition(obj=page, transition="retract")
    assert api.content.get_state(page) == "draft"
    assert not _can(STAFF_USER, "View", page)


def test_chain_staff_join_henkilosto_elected_officials_do_not(portal):
    as_manager(portal)
    registry = make_registry(portal)
    sector = registry.aq_parent["kunnanhallitus"]
    ensure_user("kh-asiakirjavastaava", "Asko Asiakirjavastaava")
    ensure_user("kh-luottamus", "Liisa Luottamus")
    grants.grant(sector, "kh-asiakirjavastaava", "RecordsOfficer")
    grants.grant(sector, "kh-luottamus", "ElectedOfficial")
    added = staff.sync(portal)
    assert "kh-asiakirjavastaava" in added
    members = api.group.get(groupname="henkilosto").getGroupMemberIds()
    assert "kh-asiakirjavastaava" in members
    assert "kh-luottamus" not in members
    root = staff.intranet_root(portal)
    with api.env.adopt_user(username="kh-asiakirjavastaava"):
        assert _checkPermission("View", root)
    with api.env.adopt_user(username="kh-luottamus"):
        assert not _checkPermission("View", root)
    assert staff.sync(portal) == []  # idempotent


def test_staff_front_lists_my_case_and_minutes_to_check(portal):
    root = _users(portal)
    as_manager(portal)
    registry = make_registry(portal)
    examiner = next(iter(MEMBERS))
    make_case(registry, "Kirjaston aukioloajat", "public", preparer=STAFF_USER)
    make_case(registry, "Toisen valmistelema asia", "public", preparer=REVIEWER)
    body = make_body(portal)
    api.group.add_user(groupname="henkilosto", username=examiner)
    meeting = make_meeting(body, days_ahead=-2, examiners=[examiner, "jasen-3"])
    wftool = api.portal.get_tool("portal_workflow")
    for transition in ("convene", "hold", "sign"):
        wftool.doActionFor(meeting, transition)
    assert api.content.get_state(meeting) == "checking"
    login(portal, REVIEWER)
    news = _news(root, "Uusi intranet avattu")
    api.content.transition(obj=news, transition="publish")
    request = portal.REQUEST

    login(portal, STAFF_USER)
    page = portal.restrictedTraverse("@@oma-etusivu")
    html = page()
    assert "Kirjaston aukioloajat" in html
    assert "Toisen valmistelema asia" not in html
    assert "Uusi intranet avattu" in html
    assert tasks.minutes(STAFF_USER, request) == []

    login(portal, examiner)
    rows = tasks.minutes(examiner, request)
    assert [row["title"] for row in rows] == [meeting.Title()]
    assert rows[0]["url"].endswith("/@@check-minutes")
    assert meeting.Title() in portal.restrictedTraverse("@@oma-etusivu")()
    meeting.examinations = [{"userid": examiner, "checked": "2026-11-30T10:00:00"}]
    assert tasks.minutes(examiner, request) == []

    login(portal, RESIDENT)
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse("@@oma-etusivu")()
    logout()
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse("@@oma-etusivu")()


def test_intranet_front_orders_news_newest_first(portal):
    root = _users(portal)
    login(portal, REVIEWER)
    from DateTime import DateTime

    for title, day in (
        ("Vanha uutinen", "2026/01/10"),
        ("Uusin uutinen", "2026/11/20"),
    ):
        news = _news(root, title)
        news.setEffectiveDate(DateTime(day))
        api.content.transition(obj=news, transition="publish")
    draft = _news(root, "Keskeneräinen uutinen")
    login(portal, STAFF_USER)
    html = root.restrictedTraverse("@@intranet-front")()
    assert html.index("Uusin uutinen") < html.index("Vanha uutinen")
    assert "Keskeneräinen uutinen" not in html
    login(portal, REVIEWER)
    html = root.restrictedTraverse("@@intranet-front")()
    assert "Keskeneräinen uutinen" in html  # under drafts for the reviewer
    assert draft.Title() in html
