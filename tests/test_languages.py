"""Languages: Finnish pages without Plone's English, Swedish by the browser's
language or the language switch, task classes by their Swedish titles.

The site stays Finnish by default; plone.i18n negotiates the switch's cookie
first, then the browser's Accept-Language (``profiles/default/registry.xml``).
"""

from municipality.policy.demo.users import DEMO_PASSWORD
from plone import api
import html
import pytest
import re
import requests


#: English that Plone's Finnish catalogue leaves on our pages
ENGLISH = (
    "Search results for",
    "Filter the results",
    "Sort by",
    "Located in",
    "Subscribe to an always-updated RSS feed",
    "Welcome! You are now logged in.",
    "We apologize for the inconvenience",
    "Summary",
    "Settings",
    "Short name",
    "This name will be displayed in the URL",
    "Change Note",
    "If this date is in the future",
    "When this date is reached",
    "This site uses the open source",
    "A number of checkpoints",
    "Voluntary Product Accessibility Template",
    "Powered by Plone",
    "Toggle navigation",
    "Trouble logging in?",
    ">by<",
    " by admin",
    " by test_user",
)
HTML = {"Accept": "text/html"}


def text_of(page):
    """The page's text and attribute values as a reader meets them."""
    body = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", "", page)
    return html.unescape(body)


def english_on(page):
    text = text_of(page)
    # whole words: "Settings" in a reader's text, not inside an identifier
    # such as ``form.widgets.IDisposalSettings.separate_approver``
    found = [
        phrase
        for phrase in ENGLISH
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    ]
    if "${" in text:
        found.append(re.search(r".{0,60}\$\{.{0,60}", text).group(0))
    return found


def login(site, user="arkistojohtaja", language="fi"):
    """A session logged in through the login form; returns it and the page
    the form led to (with Plone's status message)."""
    session = requests.Session()
    session.headers.update(HTML)
    session.headers["Accept-Language"] = language
    session.get(site + "/login", timeout=60)
    response = session.post(
        site + "/login",
        data={
            "__ac_name": user,
            "__ac_password": DEMO_PASSWORD,
            "buttons.login": "Kirjaudu",
            "came_from": "",
        },
        timeout=60,
    )
    assert response.status_code == 200
    return session, response.text


def first(portal, portal_type):
    return api.content.find(context=portal, portal_type=portal_type)[0].getURL()


@pytest.fixture
def site(demo_rest_portal):
    import transaction

    transaction.commit()
    return demo_rest_portal.absolute_url()


def test_finnish_pages_have_no_english(site, demo_rest_portal):
    session, welcome = login(site)
    assert "Tervetuloa! Olet nyt kirjautunut sisään." in text_of(welcome)
    assert english_on(welcome) == []
    case = first(demo_rest_portal, "Case")
    creator = demo_rest_portal["esimerkkikunta"].absolute_url()
    pages = {
        "front page": site,
        "search": site + "/@@search?SearchableText=talousarvio",
        "accessibility": site + "/accessibility-info",
        "case edit": case + "/edit",
        "archive creator edit": creator + "/edit",
        "task class edit": creator + "/tos/00/00.01/edit",
    }
    found = {}
    for name, url in pages.items():
        response = session.get(url, timeout=60)
        assert response.status_code == 200, name
        assert re.search(r'<html[^>]* lang="fi"', response.text), name
        found[name] = english_on(response.text)
    missing = session.get(site + "/no-such-page", timeout=60)
    assert missing.status_code == 404
    assert "Pahoittelemme, mutta hakemaasi sivua ei löydy" in text_of(missing.text)
    found["404"] = english_on(missing.text)
    assert found == {name: [] for name in found}


def test_accessibility_page_resolves_its_placeholders(site):
    for language, contact in (
        ("fi", "ota yhteyttä"),
        ("sv", "kontakta"),
    ):
        response = requests.get(
            site + "/accessibility-info",
            headers={**HTML, "Accept-Language": language},
            timeout=60,
        )
        text = text_of(response.text)
        assert "${" not in text
        assert contact in text
        assert "/contact-info" in response.text


def test_finnish_by_default_swedish_for_a_swedish_browser(site):
    page = requests.get(site, headers=HTML, timeout=60)
    assert re.search(r'<html[^>]* lang="fi"', page.text)
    for accept in ("sv", "sv-FI,sv;q=0.9,en;q=0.5", "sv-SE"):
        swedish = requests.get(
            site + "/@@search?SearchableText=talousarvio",
            headers={**HTML, "Accept-Language": accept},
            timeout=60,
        )
        assert re.search(r'<html[^>]* lang="sv"', swedish.text), accept
        assert "Filtrera resultaten" in swedish.text
    german = requests.get(site, headers={**HTML, "Accept-Language": "de"}, timeout=60)
    assert re.search(r'<html[^>]* lang="fi"', german.text)  # not offered: Finnish


def test_language_switch_links_and_cookie(site):
    session = requests.Session()
    session.headers.update({**HTML, "Accept-Language": "fi"})
    page = session.get(site, timeout=60).text
    nav = re.search(r'(?s)<nav[^>]*id="portal-languageselector".*?</nav>', page)
    assert nav, "no language switch"
    nav = nav.group(0)
    assert 'aria-label="Kieli"' in nav
    links = re.findall(r"<a\b[^>]*>.*?</a>", nav, re.S)
    by_lang = {re.search(r'\blang="(\w+)"', link).group(1): link for link in links}
    assert set(by_lang) == {"fi", "sv", "en"}
    assert ">Svenska<" in by_lang["sv"] and 'hreflang="sv"' in by_lang["sv"]
    assert "set_language=sv" in by_lang["sv"]
    assert 'aria-current="true"' in by_lang["fi"]
    assert "aria-current" not in by_lang["sv"]
    # choosing Swedish sets the cookie, which outranks the browser's Finnish
    href = html.unescape(re.search(r'href="([^"]+)"', by_lang["sv"]).group(1))
    chosen = session.get(href, timeout=60)
    assert session.cookies.get("I18N_LANGUAGE") == "sv"
    assert re.search(r'<html[^>]* lang="sv"', chosen.text)
    later = session.get(site + "/accessibility-info", timeout=60)
    assert re.search(r'<html[^>]* lang="sv"', later.text)
    assert "Tillgänglighet" in later.text


def speak(request, language):
    """Negotiate ``request``'s language as plone.i18n does for a browser."""
    from plone.i18n.utility import setLanguageBinding

    request.environ["HTTP_ACCEPT_LANGUAGE"] = language
    setLanguageBinding(request)
    assert request["LANGUAGE"] == language


@pytest.fixture
def swedish_class(demo_rest_portal):
    """The task class of a demo case, with a Swedish title."""
    import transaction

    case = api.content.find(context=demo_rest_portal, portal_type="Case")[0].getObject()
    from municipality.policy.classification import lookup

    task_class = lookup.task_class(case.task_class, case)
    task_class.title_sv = "Budgetberedning (svensk rubrik)"
    task_class.reindexObject()
    transaction.commit()
    return case, task_class


def test_task_class_in_swedish(site, swedish_class):
    case, task_class = swedish_class
    swedish = "Budgetberedning (svensk rubrik)"
    finnish = task_class.title
    session, _welcome = login(site, language="sv")
    plan = task_class.aq_parent
    while plan.portal_type == "TaskClass":
        plan = plan.aq_parent
    pages = {
        "task class": task_class.absolute_url(),
        "plan": plan.absolute_url(),
        "case": case.absolute_url(),
        "diary": case.aq_parent.absolute_url() + "/@@diary",
        "registration": case.aq_parent.absolute_url() + "/@@register-document",
    }
    for name, url in pages.items():
        text = text_of(session.get(url, timeout=60).text)
        assert swedish in text, name
    heading = re.search(
        r"<h1[^>]*>(.*?)</h1>", session.get(pages["task class"], timeout=60).text
    )
    assert heading.group(1).strip() == swedish
    # the same pages in Finnish keep the Finnish title
    finnish_session, _welcome = login(site, language="fi")
    for name in ("case", "diary"):
        text = text_of(finnish_session.get(pages[name], timeout=60).text)
        assert finnish in text and swedish not in text, name
    heading = re.search(
        r"<h1[^>]*>(.*?)</h1>",
        finnish_session.get(pages["task class"], timeout=60).text,
    )
    assert heading.group(1).strip() == finnish


def test_vocabulary_titles_follow_the_language(demo_rest_portal):
    from municipality.policy.classification import lookup
    from zope.component import getUtility
    from zope.schema.interfaces import IVocabularyFactory

    demo_portal = demo_rest_portal
    case = api.content.find(context=demo_portal, portal_type="Case")[0].getObject()
    task_class = lookup.task_class(case.task_class, case)
    task_class.title_sv = "Budgetberedning"
    task_class.reindexObject()
    factory = getUtility(IVocabularyFactory, "municipality.TaskClasses")
    request = demo_portal.REQUEST
    speak(request, "sv")
    term = factory(case).getTerm(case.task_class)
    assert term.title == f"{case.task_class} Budgetberedning"
    other = [t for t in factory(case) if t.value != case.task_class][0]
    assert other.title.endswith(lookup.task_class(other.value, case).title)
    speak(request, "fi")
    assert factory(case).getTerm(case.task_class).title == (
        f"{case.task_class} {task_class.title}"
    )


def test_upgrade_1008_turns_negotiation_on(portal, setup_tool):
    """A site at 1007 (negotiation off, no title_sv column) upgrades."""
    from builders import make_registry
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import setRoles

    setRoles(portal, TEST_USER_ID, ["Manager"])
    make_registry(portal)
    task_class = portal["esimerkkikunta"]["tos"]["00"]
    task_class.title_sv = "Förvaltning"
    catalog = api.portal.get_tool("portal_catalog")
    for name in ("plone.use_cookie_negotiation", "plone.use_request_negotiation"):
        api.portal.set_registry_record(name, False)
    catalog.delColumn("title_sv")
    setup_tool.setLastVersionForProfile("municipality.policy:default", "1007")
    setup_tool.upgradeProfile("municipality.policy:default", dest="1008")
    assert api.portal.get_registry_record("plone.use_cookie_negotiation") is True
    assert api.portal.get_registry_record("plone.use_request_negotiation") is True
    assert api.portal.get_registry_record("plone.use_content_negotiation") is False
    assert api.portal.get_registry_record("plone.set_cookie_always") is False
    assert api.portal.get_registry_record("plone.default_language") == "fi"
    (brain,) = catalog.unrestrictedSearchResults(UID=task_class.UID())
    assert brain.title_sv == "Förvaltning"
    assert setup_tool.getLastVersionForProfile("municipality.policy:default") == (
        "1008",
    )


@pytest.mark.browser
def test_switch_by_keyboard_on_a_phone(browser, site):
    """The switch is reachable with Tab, named, and switches with Enter; it
    fits a 390 px wide screen."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # headless Chromium's window is at least 500 px wide: emulate the phone
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    browser.get(site.replace("127.0.0.1", "localhost"))
    assert browser.execute_script("return window.innerWidth") == 390
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    nav = browser.find_element(By.CSS_SELECTOR, "nav#portal-languageselector")
    assert nav.get_attribute("aria-label") == "Kieli"
    swedish = nav.find_element(By.CSS_SELECTOR, "a[lang=sv]")
    assert swedish.is_displayed()
    rect = swedish.rect
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(40):
        if browser.switch_to.active_element == swedish:
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == swedish
    swedish.send_keys(Keys.ENTER)
    html_lang = browser.find_element(By.TAG_NAME, "html").get_attribute("lang")
    assert html_lang == "sv"
    assert (
        browser.find_element(
            By.CSS_SELECTOR, "nav#portal-languageselector"
        ).get_attribute("aria-label")
        == "Språk"
    )


def test_status_message_labels_in_finnish_and_swedish(portal):
    """Plone's own catalogue leaves the status messages' "Error:" etc. empty in
    Finnish and Swedish: ours translates every kind (a refused transition is
    an "error" message)."""
    from plone.app.layout.viewlets.globalstatusmessage import MTYPES_DISPLAY
    from zope.i18n import translate

    expected = {
        "fi": {"info": "Tiedoksi:", "warning": "Huomio:", "error": "Virhe:"},
        "sv": {"info": "Information:", "warning": "Varning:", "error": "Fel:"},
    }
    for language, labels in expected.items():
        for mtype, label in labels.items():
            msg = MTYPES_DISPLAY[mtype]["msg"]
            assert translate(msg, target_language=language) == label
        danger = translate(MTYPES_DISPLAY["danger"]["msg"], target_language=language)
        assert danger != MTYPES_DISPLAY["danger"]["msg"].default


def test_status_message_kind_is_read_once_in_finnish(portal):
    """plone.app.layout writes the kind's message id into the icon's SVG title
    (a screen reader read "statusmessage_mtype_error Virhe: ...")."""
    from municipality.policy.interfaces import IMunicipalityPolicyLayer
    from Products.statusmessages.interfaces import IStatusMessage
    from zope.component import getMultiAdapter
    from zope.interface import alsoProvides
    from zope.viewlet.interfaces import IViewlet
    from zope.viewlet.interfaces import IViewletManager

    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    request["LANGUAGE"] = "fi"
    IStatusMessage(request).add("Luetteloa ei hyväksytty.", type="error")
    view = portal.restrictedTraverse("@@view")
    manager = getMultiAdapter(
        (portal, request, view), IViewletManager, name="plone.globalstatusmessage"
    )
    viewlet = getMultiAdapter(
        (portal, request, view, manager), IViewlet, name="plone.globalstatusmessage"
    )
    viewlet.update()
    html = viewlet.render()
    assert "Luetteloa ei hyväksytty." in html
    assert "<strong>Virhe:</strong>" in html
    assert "statusmessage_mtype" not in html
    # the icon is decorative: the kind is read once, from the label
    assert '<span aria-hidden="true"><svg' in html and "<title>" not in html
