"""The demo site in real headless Chromium: Finnish page, accessible landmarks, login."""

from municipality.policy.demo.users import DEMO_PASSWORD
import pytest


pytestmark = pytest.mark.browser


def test_front_page_is_finnish_with_landmarks(browser, demo_rest_portal):
    from selenium.webdriver.common.by import By

    browser.get(demo_rest_portal.absolute_url())
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "fi"
    assert browser.find_elements(By.CSS_SELECTOR, "main, [role=main]")
    # WCAG 2.4.1: the first Tab lands on a Finnish skip link to the content.
    from selenium.webdriver.common.keys import Keys

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href").endswith("#content")
    assert focused.text == "Siirry sisältöön"
    assert browser.find_elements(By.ID, "content")


def test_demo_user_logs_in(browser, demo_rest_portal):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    import transaction

    transaction.commit()
    browser.get(demo_rest_portal.absolute_url() + "/login")
    browser.find_element(By.ID, "__ac_name").send_keys("arkistojohtaja")
    browser.find_element(By.ID, "__ac_password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[name='buttons.login']").click()
    WebDriverWait(browser, 60).until(
        ec.text_to_be_present_in_element((By.TAG_NAME, "body"), "Aino Arkistojohtaja")
    )
    browser.get(demo_rest_portal.absolute_url() + "/esimerkkikunta")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Esimerkkikunta"
