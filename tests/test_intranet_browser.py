"""The staff intranet in a real browser on the demo (themed: localhost): a
staff member signs in through the login form and lands on their own front
page; the intranet front and the directory fit a 390 px phone. Screenshots
go to $KP_SHOTS (when set) for a person to look at."""

from municipality.policy.demo.users import DEMO_PASSWORD
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
import os


SHOTS = os.environ.get("KP_SHOTS")


def _shot(browser, name):
    if SHOTS:
        browser.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def _no_horizontal_scroll(browser):
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_staff_sign_in_to_their_front_page_and_intranet(browser, demo_rest_portal):
    site = demo_rest_portal.absolute_url().replace("127.0.0.1", "localhost")
    browser.get(site + "/login")
    browser.find_element(By.ID, "__ac_name").send_keys("sivistys-asiakirjavastaava")
    browser.find_element(By.ID, "__ac_password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[name='buttons.login']").click()
    WebDriverWait(browser, 60).until(ec.url_contains("oma-etusivu"))
    heading = browser.find_element(By.CSS_SELECTOR, "h1").text
    assert heading == "Oma etusivu"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h2")]
    assert "Valmistelemani asiat" in headings
    assert "Intranetin uusimmat uutiset" in headings
    assert "Sähköinen asianhallinta käyttöön koko kunnassa" in browser.page_source
    _shot(browser, "oma-etusivu")

    browser.get(site + "/intranet")
    assert "Asiakirjahallinnon käsikirja" in browser.page_source
    assert "Tietosuojakoulutus" not in browser.page_source  # pending
    _shot(browser, "intranet")
    browser.get(site + "/intranet/@@asiakirjavastaavat")
    mine = browser.find_element(By.CSS_SELECTOR, ".intranet-my-unit h2").text
    assert mine.startswith("Sivistyslautakunta") and "Oma yksikkö" in mine
    _shot(browser, "asiakirjavastaavat")

    browser.set_window_size(390, 844)
    for name, path in (
        ("intranet-phone", "/intranet"),
        ("asiakirjavastaavat-phone", "/intranet/@@asiakirjavastaavat"),
        ("oma-etusivu-phone", "/@@oma-etusivu"),
    ):
        browser.get(site + path)
        assert _no_horizontal_scroll(browser), path
        _shot(browser, name)
