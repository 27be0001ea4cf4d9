"""The staff intranet (issue 12): the intranet workflow's roles, staff-only
reading (never Anonymous, never a signed-in resident), staff's own front
page with their tasks, the records-officer directory on the demo, and the
public seeing nothing of the intranet on any channel (served site)."""

from builders import make_case
from builders import make_registry
from DateTime import DateTime
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from meeting_builders import MEMBERS
from meeting_builders import PASSWORD
from meeting_builders import PREPARER
from meeting_builders import PRESENTER
from meeting_builders import as_manager
from meeting_builders import ensure_user
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.intranet import setup as intranet_setup
from municipality.policy.intranet import staff
from municipality.policy.intranet import tasks
from municipality.policy.meetings import procedure
from municipality.policy.security import grants
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.textfield.value import RichTextValue
from plone.base.interfaces import IRedirectAfterLogin
from Products.CMFCore.utils import _checkPermission
from Products.PlonePAS.events import UserLoggedInEvent
from zExceptions import Unauthorized
from zope.component import queryMultiAdapter
from zope.event import notify
from zope.interface import alsoProvides
import gzip
import pytest
import requests
import transaction


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


def test_install_is_idempotent_on_an_existing_site(portal):
    """Upgrade 1010 runs the installer on a site without the intranet."""
    as_manager(portal)
    api.content.delete(obj=portal["intranet"])
    api.group.delete(groupname="henkilosto")
    intranet_setup.install(portal)
    intranet_setup.install(portal)
    root = portal["intranet"]
    assert root.get_local_roles_for_userid("henkilosto") == ("Staff",)
    assert api.group.get(groupname="henkilosto") is not None
    assert [o for o in portal.objectIds() if o.startswith("intranet")] == ["intranet"]
    repository = api.portal.get_tool("portal_repository")
    assert "IntranetNews" in repository.getVersionableContentTypes()


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
    # granted later: joins at login, through the group that holds the role
    ensure_user("kh-kirjaaja", "Kaisa Kirjaaja")
    api.group.create(groupname="kh-kirjaajat", title="Kirjaajat")
    api.group.add_user(groupname="kh-kirjaajat", username="kh-kirjaaja")
    grants.grant(sector, "kh-kirjaajat", "Registrar")
    user = api.user.get(userid="kh-kirjaaja")
    notify(UserLoggedInEvent(user))
    members = api.group.get(groupname="henkilosto").getGroupMemberIds()
    assert "kh-kirjaajat" in members
    notify(UserLoggedInEvent(api.user.get(userid="kh-luottamus")))
    assert (
        "kh-luottamus" not in api.group.get(groupname="henkilosto").getGroupMemberIds()
    )


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

    # an agenda item to prepare, another to present
    item = make_item(portal, "Koulukuljetusten hankinta")
    with api.env.adopt_user(username=PREPARER):  # as they read it
        rows = tasks.items(PREPARER, request)
    assert [(r["title"], r["roles"]) for r in rows] == [
        ("Koulukuljetusten hankinta", ["preparer"])
    ]
    with api.env.adopt_user(username=PRESENTER):
        assert [r["roles"] for r in tasks.items(PRESENTER, request)] == [["presenter"]]
    assert tasks.items(STAFF_USER, request) == []
    api.content.transition(obj=item, transition="approve")
    assert tasks.items(PREPARER, request)[0]["url"] == item.absolute_url()

    # a closed procedure: members' positions to state until the deadline
    closed = make_meeting(body, mode="closed_procedure")
    closed.procedure_deadline = datetime.now(UTC) + timedelta(days=2)
    for transition in ("schedule", "publish"):
        api.content.transition(obj=item, transition=transition)
    item.meeting = closed.UID()
    closed.agenda = [item.UID()]
    closed.reindexObject()
    member = "jasen-4"
    with api.env.adopt_user(username=member):
        rows = tasks.positions(member, request)
    assert [(r["title"], r["url"]) for r in rows] == [
        ("Koulukuljetusten hankinta", closed.absolute_url() + "/@@positions")
    ]
    assert tasks.positions(STAFF_USER, request) == []  # not a member
    procedure.state_position(item, member, "accept")
    with api.env.adopt_user(username=member):
        assert tasks.positions(member, request) == []
    closed.procedure_deadline = datetime.now(UTC) - timedelta(minutes=1)
    assert tasks.positions("jasen-5", request) == []  # too late

    login(portal, RESIDENT)
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse("@@oma-etusivu")()
    logout()
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse("@@oma-etusivu")()


def test_intranet_front_orders_news_newest_first(portal):
    root = _users(portal)
    login(portal, REVIEWER)
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


def test_staff_land_on_their_front_page_after_login(portal):
    _users(portal)
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    site = portal.absolute_url()
    login(portal, STAFF_USER)
    redirect = queryMultiAdapter((portal, request), IRedirectAfterLogin)
    assert redirect(None) == site + "/@@oma-etusivu"
    assert redirect(site) == site + "/@@oma-etusivu"
    assert redirect(site + "/esimerkkikunta") == site + "/esimerkkikunta"
    actions = api.portal.get_tool("portal_actions")

    def user_menu():
        return [a["id"] for a in actions.listFilteredActionsFor(portal)["user"]]

    assert "staff-front" in user_menu()  # "Oma etusivu"
    login(portal, RESIDENT)
    assert redirect(None) is None
    assert redirect(site) == site
    assert "staff-front" not in user_menu()


# ------------------------------------------------------------ served site
def _get(url, user=None, **kw):
    auth = (user, PASSWORD) if user else None
    kw.setdefault("timeout", 120)
    return requests.get(url, auth=auth, **kw)


@pytest.fixture
def served(rest_portal):
    """Published intranet news and page, a signed-in resident and a staff
    member, committed on the served site."""
    portal = rest_portal
    root = _users(portal)
    login(portal, REVIEWER)
    news = _news(root)
    api.content.transition(obj=news, transition="publish")
    page = api.content.create(
        container=root,
        type="IntranetPage",
        title="NORSUOHJE intranetissä",
        text=RichTextValue(f"<p>{SECRET_TEXT}</p>", "text/html", "text/x-html-safe"),
    )
    api.content.transition(obj=page, transition="publish")
    as_manager(portal)
    api.portal.set_registry_record("plone.enable_sitemap", True)
    transaction.commit()
    return {
        "site": portal.absolute_url(),
        "root": root.absolute_url(),
        "news": news.absolute_url(),
        "page": page.absolute_url(),
    }


SECRET_WORDS = ("OKAPIUUTINEN", "NORSUOHJE")
JSON = {"Accept": "application/json"}


def _leaks(response):
    data = response.content
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", "replace")
    return [word for word in SECRET_WORDS if word in text]


@pytest.mark.parametrize("user", [None, RESIDENT])
def test_public_and_residents_see_nothing_of_the_intranet(served, user):
    site = served["site"]
    # the intranet's own pages: refused (anonymous: to the login form)
    for key in ("root", "news", "page"):
        for suffix in ("", "/view", "/RSS"):
            response = _get(served[key] + suffix, user, allow_redirects=False)
            refused = (401, 403, 302) if suffix != "/RSS" else (401, 403, 302, 404)
            assert response.status_code in refused, (key, suffix)
            if response.status_code == 302:
                assert "login" in response.headers["Location"]
            assert not _leaks(response), (key, suffix)
        response = _get(served[key], user, headers=JSON)
        assert response.status_code in (401, 403), key
        assert not _leaks(response)
    for url in (
        site + "/@@oma-etusivu",
        served["root"] + "/@@asiakirjavastaavat",
        served["root"] + "/@@intranet-front",
    ):
        response = _get(url, user, allow_redirects=False)
        assert response.status_code in (401, 403, 302), url
        assert not _leaks(response)
    # every listing channel: no title, no text, no link into the intranet
    probes = [
        (site + "/@@search?SearchableText=okapiuutinen", {}),
        (site + "/@@search?SearchableText=norsuohje", {}),
        (site + "/@@ajax-search?SearchableText=okapiuutinen", {}),
        (site + "/@search?SearchableText=okapiuutinen&metadata_fields=_all", JSON),
        (site + "/@search?portal_type=IntranetNews&fullobjects=1", JSON),
        (site + "/@search?path.query=/plone/intranet", JSON),
        (site + "/@navigation?expand.navigation.depth=4", JSON),
        (site + "/@breadcrumbs", JSON),
        (site + "?expand=navigation,breadcrumbs", JSON),
        (site, {}),
        (site + "/sitemap.xml.gz", {}),
        (site + "/RSS", {}),
        (site + "/rss.xml", {}),
        (site + "/search_rss?SearchableText=okapiuutinen", {}),
    ]
    for url, headers in probes:
        response = _get(url, user, headers=headers)
        assert response.status_code < 500, url
        assert not _leaks(response), url
        assert served["root"] not in response.text, url
    sitemap = _get(site + "/sitemap.xml.gz", user)
    assert sitemap.status_code == 200  # the probe read a real sitemap


def test_staff_read_the_served_intranet(served):
    """The probes above would see a leak: staff get the titles."""
    response = _get(served["root"], STAFF_USER)
    assert response.status_code == 200
    assert _leaks(response) == ["OKAPIUUTINEN", "NORSUOHJE"]
    response = _get(served["news"], STAFF_USER)
    assert "NORSUOHJE sisäinen" in response.text
    found = _get(
        served["site"] + "/@search?SearchableText=okapiuutinen",
        STAFF_USER,
        headers=JSON,
    ).json()
    assert found["items_total"] == 1


# ------------------------------------------------------------------ demo
def test_demo_directory_lists_records_officers_by_sector(demo_portal):
    login(demo_portal, "sivistys-asiakirjavastaava")
    root = staff.intranet_root(demo_portal)
    view = root.restrictedTraverse("@@asiakirjavastaavat")
    html = view()
    units = {unit["id"]: unit for unit in view.sections}
    roles = {
        unit_id: {row["role_id"]: row["names"] for row in unit["roles"]}
        for unit_id, unit in units.items()
    }
    assert roles["esimerkkikunta"]["ChiefRecordsOfficer"] == ["Aino Arkistojohtaja"]
    assert roles["esimerkkikunta"]["Registrar"] == ["Kalle Kirjaaja"]
    assert roles["sivistyslautakunta"]["RecordsOfficer"] == [
        "Asiakirjavastaava (Sivistys)"
    ]
    assert roles["sivistyslautakunta"]["SectorRecordsManager"] == [
        "Vastuuhenkilö (Sivistys)"
    ]
    assert roles["tekninen-lautakunta"]["RecordsOfficer"] == [
        "Asiakirjavastaava (Tekninen)"
    ]
    # preparers, staff and elected officials are not in the directory
    assert "Valmistelija (Sivistys)" not in html
    assert "Luottamushenkilö (Sivistys)" not in html
    # my unit first, marked in words (not by colour alone)
    assert view.sections[0]["id"] == "sivistyslautakunta"
    assert [u["id"] for u in view.sections if u["mine"]] == ["sivistyslautakunta"]
    assert html.count("Oma yksikkö") == 1 or html.count("My unit") == 1


def test_demo_intranet_content_and_staff(demo_portal):
    root = staff.intranet_root(demo_portal)
    manual = root["asiakirjahallinnon-kasikirja"]
    assert manual.Title() == "Asiakirjahallinnon käsikirja"
    states = {obj.getId(): api.content.get_state(obj) for obj in manual.objectValues()}
    assert states == {
        "kirjaaminen": "published",
        "julkisuus": "published",
        "sailytys": "draft",
    }
    news = [o for o in root.objectValues() if o.portal_type == "IntranetNews"]
    assert len(news) == 3
    assert sorted(api.content.get_state(n) for n in news) == [
        "pending",
        "published",
        "published",
    ]
    # demo staff of every kind read the intranet, through their sector's
    # group nested in henkilosto; elected officials and residents do not
    for userid, reads in (
        ("sivistys-valmistelija", True),
        ("tekninen-henkilosto", True),
        ("kirjaaja", True),
        ("intranet-toimittaja", True),
        ("sivistys-luottamushenkilo", False),
        ("valtuutettu", False),
    ):
        with api.env.adopt_user(username=userid):
            assert bool(_checkPermission("View", root)) is reads, userid
    pending = next(n for n in news if api.content.get_state(n) == "pending")
    assert not _can("sivistys-valmistelija", "View", pending)
    assert _can("intranet-julkaisija", "View", pending)
    assert _transitions("intranet-julkaisija", pending) == {"publish", "reject"}
    assert _transitions("intranet-toimittaja", pending) == set()
    # the staff front page of a demo preparer lists the cases they prepare
    login(demo_portal, "sivistys-valmistelija")
    html = demo_portal.restrictedTraverse("@@oma-etusivu")()
    assert "Sähköinen asianhallinta käyttöön koko kunnassa" in html
    assert "Tietosuojakoulutus pakollinen kaikille" not in html  # pending
