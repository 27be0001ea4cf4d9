"""The municipality theme: the public front page, the look settings ("Kunnan
ulkoasu"), the logo, and a phone's width on the front page and a 109 § page."""

from datetime import date
from datetime import timedelta
from meeting_builders import make_body
from meeting_builders import make_meeting
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zoneinfo import ZoneInfo
import base64
import os
import pytest
import re
import requests
import transaction


SHOTS = "/tmp/kp/shots-c"
#: a 1x1 red PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def _authenticator(html):
    """The CSRF token plone.protect puts on the page."""
    return re.search(r'data-token="([^"]+)"', html).group(1)


def _form(url, data, files=None):
    """Submit the look form as the site owner; the response after it."""
    session = requests.Session()
    session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page = session.get(url)
    assert page.status_code == 200
    fields = {
        "form.widgets.municipality_name": "",
        "form.widgets.primary_color": "#0b4f8a",
        "form.widgets.accent_color": "#a3262c",
        "form.widgets.footer_text": "",
        "form.widgets.remove_logo-empty-marker": "1",
        "form.buttons.save": "Tallenna",
        "_authenticator": _authenticator(page.text),
    }
    fields.update(data)
    return session.post(url, data=fields, files=files or {})


def _anonymous_front(portal):
    setRoles(portal, TEST_USER_ID, ["Member"])
    transaction.commit()
    return requests.get(portal.absolute_url(), headers={"Accept-Language": "fi"})


def test_front_page_lists_notice_and_convened_meeting_not_planned(rest_portal):
    from municipality.policy.meetings import agenda
    from municipality.policy.publication import notices

    portal = rest_portal
    body = make_body(portal, title="Ympäristölautakunta")
    convened = make_meeting(body, days_ahead=12)
    agenda.convene(convened)
    make_meeting(body, days_ahead=20, place="Salainen sali")
    creator = body.aq_parent.aq_parent
    board = api.content.create(
        container=creator, type="NoticeBoard", id="ilmoitustaulu", title="Ilmoitustaulu"
    )
    notice = api.content.create(
        container=board,
        type="Notice",
        title="Kuulutus asemakaavan vireilletulosta",
        category="kuulutus",
        display_start=date.today() - timedelta(days=1),
    )
    notices.publish(notice)
    # an older notice (earlier display start) published the same day, later
    older_start = date.today() - timedelta(days=5)
    older = api.content.create(
        container=board,
        type="Notice",
        title="Kuulutus vanhemmasta päätöksestä",
        category="kuulutus",
        display_start=older_start,
        display_end=date(older_start.year + 1, 1, 15),
    )
    notices.publish(older)
    response = _anonymous_front(portal)
    assert response.status_code == 200
    html = response.text
    assert "Kuulutus asemakaavan vireilletulosta" in html
    # newest first by display start, each with its display period
    assert html.index("Kuulutus asemakaavan vireilletulosta") < html.index(
        "Kuulutus vanhemmasta päätöksestä"
    )
    start, end = notice.display_start, notice.display_end
    if start.year == end.year:
        period = f"{start.day}.{start.month}.–{end.day}.{end.month}.{end.year}"
    else:
        period = (
            f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"
        )
    assert f"Nähtävillä {period}" in html
    assert (
        f"Nähtävillä {older_start.day}.{older_start.month}.{older_start.year}"
        f"–15.1.{older_start.year + 1}"
    ) in html
    assert "Nähtävillä alkaen" not in html
    assert html.count("<h1") == 1
    # the convened meeting with its Helsinki date, linking to its agenda
    start = convened.start.astimezone(ZoneInfo("Europe/Helsinki")).date()
    assert f"{start.day}.{start.month}.{start.year} 17.00" in html
    assert convened.absolute_url() in html
    assert "Salainen sali" not in html  # the planned one is not public
    assert "Ei voimassa olevia kuulutuksia" not in html
    assert 'action="' + portal.absolute_url() + '/@@search"' in html


def test_settings_change_name_and_colour_on_themed_pages(rest_portal):
    portal = rest_portal
    transaction.commit()
    url = portal.absolute_url().replace("127.0.0.1", "localhost")
    response = _form(
        url + "/@@kunnan-ulkoasu",
        {
            "form.widgets.municipality_name": "Pikkulan kunta",
            "form.widgets.primary_color": "#1B5E20",
            "form.widgets.footer_text": "Kunnantie 1, 99999 Pikkula\nPuh. 012 345 6789",
        },
        files={"form.widgets.logo": ("vaakuna.png", PNG, "image/png")},
    )
    assert response.status_code == 200
    assert "Muutokset tallennettu" in response.text
    page = requests.get(url, headers={"Accept-Language": "fi"}).text
    assert "--kp-primary:#1b5e20" in page
    assert 'class="kp-brand-name"' in page and "Pikkulan kunta" in page
    assert re.search(r'<img class="kp-brand-logo"[^>]*alt="Pikkulan kunta"', page)
    assert "Puh. 012 345 6789" in page
    # the accessibility statement: one footer link (Plone's "accessibility"
    # site action pointed to it; not Plone's accessibility-info)
    assert page.count(f'href="{url}/saavutettavuusseloste"') == 1, page[-3000:]
    assert re.search(
        rf'href="{re.escape(url)}/saavutettavuusseloste"[^>]*>(\s|<[^>]*>)*'
        r"Saavutettavuusseloste\s*<",
        page,
    )
    assert "accessibility-info" not in page
    assert ">Saavutettavuus<" not in page
    # Diazo themed it (Barceloneta's page), the footer in the footer landmark
    assert 'id="portal-footer-wrapper"' in page and 'id="kp-footer"' in page
    assert page.index('id="portal-footer-wrapper"') < page.index('id="kp-footer"')
    logo = re.search(r'src="([^"]*@@kunta-logo\?v=[0-9a-f]+)"', page).group(1)
    served = requests.get(logo)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.content == PNG
    assert "max-age=31536000" in served.headers["Cache-Control"]
    again = requests.get(logo, headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304


def test_colour_with_too_little_contrast_is_refused_on_its_field(rest_portal):
    portal = rest_portal
    transaction.commit()
    url = portal.absolute_url() + "/@@kunnan-ulkoasu"
    response = _form(url, {"form.widgets.accent_color": "#ffcc00"})
    assert response.status_code == 200
    html = response.text
    # the error on the accent colour's field, with the ratio, nothing saved
    field = html[html.index('id="formfield-form-widgets-accent_color"') :]
    field = field[: field.index('id="formfield-form-widgets-footer_text"')]
    assert "1,5:1" in field
    assert "vähintään 4,5:1" in field
    assert (
        api.portal.get_registry_record("municipality.theme.accent_color") == "#a3262c"
    )
    bad = _form(url, {"form.widgets.primary_color": "sininen"})
    assert "#rrggbb" in bad.text


@pytest.mark.browser
def test_phone_width_front_page_and_109_page(browser, demo_rest_portal):
    from selenium.webdriver.common.by import By

    transaction.commit()
    base = demo_rest_portal.absolute_url().replace("127.0.0.1", "localhost")
    os.makedirs(SHOTS, exist_ok=True)
    pages = {
        "etusivu": base,
        "palvelumaksut": base + "/kunnan-tiedot/palvelumaksut",
    }
    # desktop first (screenshots), then a 390 px phone
    for lang in ("fi", "sv"):
        browser.get(base + f"?set_language={lang}")
        for name, url in pages.items():
            browser.get(url)
            browser.save_screenshot(f"{SHOTS}/{name}-desktop-{lang}.png")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    for lang in ("sv", "fi"):
        browser.get(base + f"?set_language={lang}")
        for name, url in pages.items():
            browser.get(url)
            assert browser.find_elements(By.ID, "kp-footer")
            width = browser.execute_script(
                "return document.documentElement.scrollWidth"
            )
            browser.save_screenshot(f"{SHOTS}/{name}-phone-{lang}.png")
            assert width <= 390, (name, lang, width)
            # the whole page in one picture (the footer included)
            height = browser.execute_script(
                "return document.documentElement.scrollHeight"
            )
            browser.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {
                    "width": 390,
                    "height": height,
                    "deviceScaleFactor": 1,
                    "mobile": True,
                },
            )
            browser.save_screenshot(f"{SHOTS}/{name}-phone-{lang}-full.png")
            browser.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
            )
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    # keyboard: the skip link first, then a visible 3 px focus outline
    from selenium.webdriver.common.keys import Keys

    browser.get(base)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("href").endswith("#content")
    for _ in range(3):
        browser.switch_to.active_element.send_keys(Keys.TAB)
    outline = browser.execute_script(
        "return getComputedStyle(document.activeElement).outlineWidth"
    )
    browser.save_screenshot(f"{SHOTS}/focus-phone-fi.png")
    assert outline == "3px"


def test_demo_has_109_pages_published_and_front_page(demo_portal):
    folder = demo_portal["kunnan-tiedot"]
    assert api.content.get_state(folder) == "published"
    # ten pages and the link to the TiHL 28 § description (archive.sahke2_setup)
    assert len(folder.objectIds()) == 11
    for page in folder.objectValues():
        assert api.content.get_state(page) == "published"
    assert demo_portal.getLayout() == "kunta-etusivu"


def test_upgrade_1001_adds_settings_and_front_page(rest_portal):
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    portal = rest_portal
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    # an older site: no look settings, no control panel, the stock front page
    for key in [k for k in registry.records if k.startswith("municipality.theme.")]:
        del registry.records[key]
    portal.portal_controlpanel.unregisterConfiglet("municipality-theme-look")
    portal.setLayout("listing_view")
    setup.setLastVersionForProfile("municipality.theme:default", "1000")
    setup.upgradeProfile("municipality.theme:default")
    assert setup.getLastVersionForProfile("municipality.theme:default") == ("1001",)
    assert registry["municipality.theme.primary_color"] == "#0b4f8a"
    assert registry["municipality.theme.municipality_name"] == ""
    assert portal.getLayout() == "kunta-etusivu"
    ids = [a.getId() for a in portal.portal_controlpanel.listActions()]
    assert "municipality-theme-look" in ids
