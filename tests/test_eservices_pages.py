"""The e-service forms as people's pages (issue 13) over real HTTP, posted
form-encoded as a browser without JavaScript does: ``@@asiointi``,
``@@asiointi/<kind>``, the receipt ``@@asiointi-kuitti`` and the status
``@@asiointi-tila``; one Chromium check at 390 px.
"""

from builders import make_registry
from html.parser import HTMLParser
from municipality.policy.eservices import abuse
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from test_a11y import scan
from zoneinfo import ZoneInfo
import datetime
import os
import pytest
import re
import requests
import transaction


FI = {"Accept-Language": "fi"}
SHOTS = "/tmp/kp/shots-N"

#: the required fields of each form and their labels, by hand from the schemas
REQUIRED = {
    "feedback": {"message": "Palaute"},
    "information_request": {
        "documents": "Pyydetyt asiakirjat",
        "delivery": "Toimitustapa",
    },
    "initiative": {
        "title": "Aloitteen otsikko",
        "proposal": "Ehdotus",
        "name": "Aloitteen tekijä",
    },
    "application": {
        "subject": "Mitä haetaan",
        "description": "Hakemuksen sisältö ja perustelut",
        "name": "Hakija",
    },
    "rectification_claim": {
        "decision": "Päätös",
        "claim": "Vaatimus",
        "grounds": "Perusteet",
        "name": "Oikaisuvaatimuksen tekijä",
    },
}


class Page(HTMLParser):
    """The elements of a page: (tag, attrs) in order, and each label's text."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.labels = {}
        self.legends = []
        self._label = None
        self._legend = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "label":
            self._label = [attrs.get("for"), ""]
        if tag == "legend":
            self._legend = ""

    def handle_endtag(self, tag):
        if tag == "label" and self._label:
            self.labels[self._label[0]] = " ".join(self._label[1].split())
            self._label = None
        if tag == "legend" and self._legend is not None:
            self.legends.append(" ".join(self._legend.split()))
            self._legend = None

    def handle_data(self, data):
        if self._label:
            self._label[1] += data
        if self._legend is not None:
            self._legend += data

    def find(self, **attrs):
        return [
            a
            for _tag, a in self.elements
            if all(a.get(k) == v for k, v in attrs.items())
        ]


@pytest.fixture
def site(rest_portal):
    with api.env.adopt_roles(["Manager"]):
        make_registry(rest_portal)
    transaction.commit()
    abuse.reset()
    yield rest_portal
    abuse.reset()


def page_url(portal, kind=None):
    base = f"{portal.absolute_url()}/@@asiointi"
    return f"{base}/{kind}" if kind else base


def case_count(portal):
    transaction.begin()
    return len(portal.portal_catalog.unrestrictedSearchResults(portal_type="Case"))


def test_list_and_each_form_render_their_schema(site):
    listing = requests.get(page_url(site), headers=FI, timeout=60)
    assert listing.status_code == 200
    for kind, title in (
        ("feedback", "Palaute"),
        ("information_request", "Tietopyyntö"),
        ("initiative", "Kuntalaisaloite"),
        ("application", "Hakemus"),
        ("rectification_claim", "Oikaisuvaatimus"),
    ):
        assert f'href="{page_url(site, kind)}"' in listing.text
        assert title in listing.text
    assert "julkisuuslaki 13 §" in listing.text  # a schema's description
    for kind, required in REQUIRED.items():
        response = requests.get(page_url(site, kind), headers=FI, timeout=60)
        assert response.status_code == 200, kind
        page = Page(response.text)
        assert len(page.find()) and [t for t, _ in page.elements].count("h1") == 1
        (form,) = [a for t, a in page.elements if t == "form" and a.get("method")]
        assert form["method"] == "post" and form["action"] == page_url(site, kind)
        for name, label in required.items():
            controls = [
                a for t, a in page.elements if a.get("name") == name and t != "form"
            ]
            assert controls, (kind, name)
            assert all("required" in a for a in controls), (kind, name)
            if controls[0].get("type") == "radio":
                assert f"{label} (pakollinen)" in page.legends
                for control in controls:
                    assert page.labels[control["id"]]  # each option labelled
            else:
                assert page.labels[controls[0]["id"]] == f"{label} (pakollinen)"
        # the honeypot: hidden from screen readers, out of the tab order
        (honeypot,) = page.find(name="website")
        assert honeypot["tabindex"] == "-1"
        assert 'class="kp-honeypot" aria-hidden="true"' in response.text
        assert "_authenticator" not in response.text  # anonymous
    page = Page(requests.get(page_url(site, "feedback"), timeout=60).text)
    (email,) = page.find(name="email")
    assert email["type"] == "email" and email["autocomplete"] == "email"
    assert [t for t, a in page.elements if a.get("name") == "message"] == ["textarea"]
    assert [t for t, a in page.elements if a.get("name") == "subject"] == ["input"]
    delivery = Page(
        requests.get(page_url(site, "information_request"), timeout=60).text
    )
    radios = delivery.find(name="delivery", type="radio")
    assert [a["value"] for a in radios] == ["email", "post", "pickup", "view"]
    assert delivery.labels[radios[2]["id"]] == "Noudan kirjaamosta"
    assert requests.get(page_url(site, "lomake"), timeout=60).status_code == 404
    # the front page's e-services section links to the forms
    front = requests.get(site.absolute_url(), headers=FI, timeout=60).text
    assert f'<a href="{page_url(site)}">Asiointilomakkeet</a>' in front


def test_bad_submissions_show_errors_on_fields_and_write_nothing(site):
    before = case_count(site)
    response = requests.post(
        page_url(site, "feedback"),
        data={
            "subject": "Puisto",
            "email": "ei-osoite",
            "message": "  ",
            "website": "",
        },
        headers=FI,
        timeout=60,
    )
    assert response.status_code == 200
    page = Page(response.text)
    (summary,) = page.find(id="kp-error-summary")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1"
    assert "Lomaketta ei lähetetty" in response.text
    # the summary links to the fields, in the schema's order
    links = [
        a["href"]
        for t, a in page.elements
        if t == "a" and "#kp-field-" in a.get("href", "")
    ]
    assert links == ["#kp-field-message", "#kp-field-email"]
    (message,) = page.find(name="message")
    assert message["aria-invalid"] == "true"
    assert message["aria-describedby"] == "kp-field-message-help kp-field-message-error"
    assert "Palaute: pakollinen tieto puuttuu." in response.text
    (email,) = page.find(name="email")
    assert email["aria-invalid"] == "true" and email["value"] == "ei-osoite"
    assert "Sähköposti: tämä ei ole sähköpostiosoite" in response.text
    (subject,) = page.find(name="subject")
    assert "aria-invalid" not in subject and subject["value"] == "Puisto"
    # every missing field is named once, in the schema's order (jsonschema
    # gives one "required" error per field, each with the whole list)
    response = requests.post(
        page_url(site, "rectification_claim"),
        data={"decision": "Sivistyslautakunta 12.3.2026 § 45"},
        headers=FI,
        timeout=60,
    )
    links = [
        a["href"]
        for t, a in Page(response.text).elements
        if t == "a" and "#kp-field-" in a.get("href", "")
    ]
    assert links == [
        "#kp-field-claim",
        "#kp-field-grounds",
        "#kp-field-name",
        "#kp-field-email",
    ]
    assert "Perusteet: pakollinen tieto puuttuu." in response.text
    assert "Anna vähintään yksi seuraavista: Sähköposti, Postiosoite." in response.text
    # a conditional requirement (delivery by e-mail needs the address)
    response = requests.post(
        page_url(site, "information_request"),
        data={"documents": "Pöytäkirja 3/2026", "delivery": "email"},
        headers=FI,
        timeout=60,
    )
    assert "Sähköposti: pakollinen tieto puuttuu." in response.text
    checked = Page(response.text).find(name="delivery", value="email")
    assert "checked" in checked[0]
    # an unknown value of a radio group
    response = requests.post(
        page_url(site, "information_request"),
        data={"documents": "Pöytäkirja", "delivery": "kirjekyyhky"},
        headers=FI,
        timeout=60,
    )
    (first,) = Page(response.text).find(id="kp-field-delivery")
    assert first["aria-invalid"] == "true"
    assert case_count(site) == before


def test_good_submission_redirects_to_the_receipt_and_status(site):
    before = case_count(site)
    response = requests.post(
        page_url(site, "feedback"),
        data={
            "subject": "Leikkipuisto",
            "message": "Koivikon leikkipuiston keinu on rikki.",
            "name": "Maija Meikäläinen",
            "email": "",
            "phone": "",
            "website": "",
        },
        headers=FI,
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    receipt = response.headers["Location"]
    match = re.fullmatch(
        re.escape(site.absolute_url())
        + r"/@@asiointi-kuitti\?koodi=([A-Za-z0-9_-]{32})",
        receipt,
    )
    assert match, receipt
    code = match.group(1)
    assert case_count(site) == before + 1
    shown = requests.get(receipt, headers=FI, timeout=60)
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "private, no-store"
    today = datetime.datetime.now(ZoneInfo("Europe/Helsinki")).date()
    year = today.year
    assert f"ESIM/1/00.01.00/{year}" in shown.text
    due = today + datetime.timedelta(days=14)
    assert f"{due.day}.{due.month}.{due.year}" in shown.text
    assert f"{today.day}.{today.month}.{today.year}" in shown.text
    assert code in shown.text
    status_link = f"{site.absolute_url()}/@@asiointi-tila?koodi={code}"
    assert f'href="{status_link}"' in shown.text
    status = requests.get(status_link, headers=FI, timeout=60)
    assert status.status_code == 200
    assert f"ESIM/1/00.01.00/{year}" in status.text
    assert "Koivikon" not in status.text and "Maija" not in status.text
    # a wrong code: not found, on both pages
    for path in ("asiointi-tila", "asiointi-kuitti"):
        wrong = requests.get(
            f"{site.absolute_url()}/@@{path}?koodi={'x' * 32}", headers=FI, timeout=60
        )
        assert wrong.status_code == 404
        assert "ESIM/" not in wrong.text
    # the honeypot: the receipt without details, nothing written
    bot = requests.post(
        page_url(site, "feedback"),
        data={"message": "Osta halpaa", "website": "http://spam.example"},
        timeout=60,
        allow_redirects=False,
    )
    assert bot.status_code == 303
    assert bot.headers["Location"].endswith("/@@asiointi-kuitti")
    assert case_count(site) == before + 1


def test_signed_in_sender_needs_the_authenticator(site):
    auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    form = requests.get(page_url(site, "feedback"), auth=auth, timeout=60)
    (token,) = Page(form.text).find(name="_authenticator")
    before = case_count(site)
    data = {"message": "Kiitos hyvästä palvelusta.", "website": ""}
    refused = requests.post(
        page_url(site, "feedback"),
        data=data,
        auth=auth,
        timeout=60,
        allow_redirects=False,
    )
    assert refused.status_code == 403
    assert case_count(site) == before
    sent = requests.post(
        page_url(site, "feedback"),
        data={**data, "_authenticator": token["value"]},
        auth=auth,
        timeout=60,
        allow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:300]
    assert case_count(site) == before + 1


def test_the_rate_limit_applies_to_the_pages(site):
    for _ in range(abuse.LIMIT):
        abuse.hit("127.0.0.1")
    response = requests.post(
        page_url(site, "feedback"), data={"message": "Hei"}, headers=FI, timeout=60
    )
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "liian monta lomaketta" in response.text


@pytest.mark.browser
def test_phone_width_and_error_summary_focus(site, browser):
    from selenium.webdriver.common.by import By

    url = page_url(site, "rectification_claim").replace("127.0.0.1", "localhost")
    browser.set_window_size(390, 844)
    radios = page_url(site, "information_request").replace("127.0.0.1", "localhost")
    problems = scan(browser, "asiointi: tietopyyntö", radios)
    browser.get(url)
    os.makedirs(SHOTS, exist_ok=True)
    browser.save_screenshot(os.path.join(SHOTS, "eservice-form-phone.png"))
    width = "return document.documentElement.scrollWidth"
    assert browser.execute_script(width) <= 390 + 1
    browser.find_element(By.ID, "kp-field-decision").send_keys(
        "Sivistyslautakunta § 45"
    )
    button = browser.find_element(
        By.CSS_SELECTOR, "form.kp-eservice button[type=submit]"
    )
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button
    )
    summary = browser.find_element(By.ID, "kp-error-summary")
    browser.save_screenshot(os.path.join(SHOTS, "eservice-error-phone.png"))
    assert summary.get_attribute("role") == "alert"
    focused = browser.execute_script("return document.activeElement.id")
    assert focused == "kp-error-summary"
    assert browser.execute_script(width) <= 390 + 1
    link = summary.find_element(By.CSS_SELECTOR, "a[href='#kp-field-claim']")
    assert link.text == "Vaatimus: pakollinen tieto puuttuu."
    problems += scan(browser, "asiointi: virhe")
    # corrected and sent: the receipt, then the status page
    for name, value in (
        ("claim", "Päätös on oikaistava."),
        ("grounds", "Koulumatka on yli viisi kilometriä."),
        ("name", "Emma Laaksonen"),
        ("email", "emma@example.fi"),
    ):
        browser.find_element(By.ID, f"kp-field-{name}").send_keys(value)
    button = browser.find_element(
        By.CSS_SELECTOR, "form.kp-eservice button[type=submit]"
    )
    browser.execute_script("arguments[0].click();", button)
    number = browser.find_element(By.ID, "kp-diary-number").text
    assert re.fullmatch(r"ESIM/\d+/00\.01\.00/\d{4}", number)
    assert browser.execute_script(width) <= 390 + 1
    browser.save_screenshot(os.path.join(SHOTS, "eservice-receipt-phone.png"))
    problems += scan(browser, "asiointi: kuitti")
    status_link = browser.find_element(
        By.CSS_SELECTOR, "a[href*='asiointi-tila?koodi=']"
    )
    browser.execute_script("arguments[0].click();", status_link)
    assert browser.find_element(By.ID, "kp-status").text
    assert browser.execute_script(width) <= 390 + 1
    browser.save_screenshot(os.path.join(SHOTS, "eservice-status-phone.png"))
    problems += scan(browser, "asiointi: tila")
    assert not problems, "axe-core violations:\n" + "\n".join(problems)


def test_a_form_switched_off_is_not_listed_nor_served(site):
    api.portal.set_registry_record("municipality.eservices.initiative_enabled", False)
    transaction.commit()
    try:
        listing = requests.get(page_url(site), headers=FI, timeout=60).text
        assert page_url(site, "initiative") not in listing
        assert page_url(site, "feedback") in listing
        before = case_count(site)
        off = requests.post(
            page_url(site, "initiative"),
            data={"title": "Uimahalli", "proposal": "Rakennetaan.", "name": "Matti"},
            timeout=60,
            allow_redirects=False,
        )
        assert off.status_code == 404
        assert case_count(site) == before
    finally:
        transaction.begin()
        api.portal.set_registry_record(
            "municipality.eservices.initiative_enabled", True
        )
        transaction.commit()
