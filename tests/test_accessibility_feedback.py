"""The accessibility statement and its feedback form (issue 12; Act on the
Provision of Digital Services 306/2019: feedback is answered within 14 days).

Anonymous visitors over real HTTP on the demo site: the statement is public and
links to the form; a message becomes a registered case (diary number, due in
14 days, personal data: the public cannot see it) with the message as a
registered incoming document; a filled honeypot and bad input register nothing.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from urllib.parse import quote
from urllib.parse import urljoin
from zoneinfo import ZoneInfo
import re
import requests
import transaction


FORM = "@@saavutettavuuspalaute"
MESSAGE = (
    "Diaarin hakulomakkeen päivämääräkenttään ei pääse näppäimistöllä, "
    "ja virheilmoitus näkyy vain punaisena värinä."
)


def post(portal, **fields):
    """Send the form as a browser does: with the authenticator it was given."""
    form = requests.get(f"{portal.absolute_url()}/{FORM}", timeout=60).text
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', form)
    token = token or re.search(r'value="([^"]+)"\s+name="_authenticator"', form)
    data = {"form.buttons.send": "Lähetä", "_authenticator": token.group(1)}
    for name, value in fields.items():
        key = name if name == "kp_homepage" else f"form.widgets.{name}"
        data[key] = value
    return requests.post(
        f"{portal.absolute_url()}/{FORM}",
        data=data,
        headers={"Accept-Language": "fi"},
        timeout=60,
    )


def feedback_cases(portal):
    transaction.begin()  # see what the server committed
    catalog = portal.portal_catalog
    return {
        brain.diary_number: brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="Case")
        if brain.Title.startswith("Saavutettavuuspalaute:")
    }


def helsinki_today():
    return datetime.now(ZoneInfo("Europe/Helsinki")).date()


def test_statement_is_public_and_links_to_the_form(demo_rest_portal):
    url = demo_rest_portal.absolute_url()
    page = requests.get(f"{url}/saavutettavuusseloste", timeout=60)
    assert page.status_code == 200
    assert "<h1" in page.text and "Saavutettavuusseloste" in page.text
    assert "Osittain vaatimusten mukainen" in page.text
    assert "aluehallintovirasto" in page.text
    # the link to the form resolves (from the page's base URL, if any)
    href = re.search(r'href="([^"]*@@saavutettavuuspalaute)"', page.text).group(1)
    base = re.search(r'<base href="([^"]+)"', page.text)
    link = urljoin(base.group(1) if base else page.url, href)
    assert link == f"{url}/{FORM}"
    form = requests.get(link, timeout=60)
    assert form.status_code == 200
    for name in ("page_url", "description", "name", "email"):
        assert f'id="form-widgets-{name}"' in form.text
    # the honeypot is hidden from screen readers and out of the tab order
    honeypot = re.search(r'<div class="kp-honeypot"[^>]*>', form.text).group(0)
    assert 'aria-hidden="true"' in honeypot
    assert re.search(r'<input[^>]*name="kp_homepage"[^>]*tabindex="-1"', form.text)


def test_feedback_becomes_a_registered_case_due_in_14_days(demo_rest_portal):
    before = set(feedback_cases(demo_rest_portal))
    response = post(
        demo_rest_portal,
        page_url="https://kunta.example/esimerkkikunta/kirjaamo/@@diary",
        description=MESSAGE,
        name="Maija Meikäläinen",
        email="maija@example.fi",
    )
    assert response.status_code == 200, response.text[-2000:]
    cases = feedback_cases(demo_rest_portal)
    new = set(cases) - before
    assert len(new) == 1
    number = new.pop()
    case = cases[number]
    due = helsinki_today() + timedelta(days=14)
    # POST-redirect-GET: a 303 to the thank-you page naming the number
    assert [r.status_code for r in response.history] == [303]
    assert response.request.method == "GET"
    assert response.url == (
        f"{demo_rest_portal.absolute_url()}/@@saavutettavuuspalaute-kiitos"
        f"?numero={quote(number, safe='')}"
    )
    # the thank-you page: the diary number and the due date (d.m.yyyy)
    assert "Kiitos palautteestasi" in response.text
    assert number in response.text
    assert f"{due.day}.{due.month}.{due.year}" in response.text
    assert 'id="form-widgets-description"' not in response.text
    # reloading it registers nothing more
    again = requests.get(response.url, headers={"Accept-Language": "fi"}, timeout=60)
    assert again.status_code == 200 and number in again.text
    assert set(feedback_cases(demo_rest_portal)) - before == {number}

    assert case.Title() == (
        "Saavutettavuuspalaute: Diaarin hakulomakkeen päivämääräkenttään ei "
        "pääse näppäimistöllä, ja …"
    )
    assert case.public_title == "Saavutettavuuspalaute"
    assert case.due_date == due
    assert case.initiated == helsinki_today()
    assert case.task_class == "00.01.02"
    assert case.personal_data == "personal"
    assert case.parties == ["Maija Meikäläinen"]
    assert number.startswith("ESIM/") and "/00.01.02/" in number

    docs = [obj for obj in case.objectValues() if obj.portal_type == "CaseDocument"]
    assert len(docs) == 1
    doc = docs[0]
    wf = demo_rest_portal.portal_workflow
    assert wf.getInfoFor(doc, "review_state") == "registered"
    assert doc.record_type == "Kirje"
    assert doc.direction == "incoming"
    assert doc.correspondent == "Maija Meikäläinen"
    assert doc.sha256
    text = doc.file.data.decode("utf-8")
    assert MESSAGE in text
    assert "maija@example.fi" in text
    assert "kirjaamo/@@diary" in text

    # personal data: the public cannot open the case nor its document
    for url in (case.absolute_url(), doc.absolute_url()):
        closed = requests.get(url, allow_redirects=False, timeout=60)
        assert closed.status_code in (302, 401, 403, 404), url
        assert "Maija" not in closed.text
        assert "hakulomakkeen" not in closed.text


def test_honeypot_pretends_success_and_registers_nothing(demo_rest_portal):
    before = set(feedback_cases(demo_rest_portal))
    response = post(
        demo_rest_portal,
        description="Buy cheap watches http://spam.example",
        email="bot@spam.example",
        kp_homepage="http://spam.example",
    )
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [303]
    assert response.url.endswith("/@@saavutettavuuspalaute-kiitos")
    assert "Kiitos palautteestasi" in response.text
    assert "diaarinumerolla" not in response.text
    assert set(feedback_cases(demo_rest_portal)) == before


def test_thanks_page_shows_the_due_date_of_feedback_cases_only(demo_rest_portal):
    """Any other case's number (even one with a due date) or a made-up one
    gets only the thanks."""
    transaction.begin()
    other = next(
        brain._unrestrictedGetObject()
        for brain in demo_rest_portal.portal_catalog.unrestrictedSearchResults(
            portal_type="Case"
        )
        if brain.diary_number and not brain.Title.startswith("Saavutettavuuspalaute")
    )
    saved = getattr(other, "due_date", None)
    other.due_date = date(2027, 3, 15)
    transaction.commit()
    try:
        url = f"{demo_rest_portal.absolute_url()}/@@saavutettavuuspalaute-kiitos"
        for number in (other.diary_number, "ESIM/1/00.01.02/2099", ""):
            page = requests.get(
                url,
                params={"numero": number},
                headers={"Accept-Language": "fi"},
                timeout=60,
            )
            assert page.status_code == 200
            assert "Kiitos palautteestasi" in page.text
            assert "diaarinumerolla" not in page.text
            assert "15.3.2027" not in page.text
    finally:
        transaction.begin()
        other.due_date = saved
        transaction.commit()


def field_error(html, name):
    """The text of the error shown in the field ``name``'s block ("" if none)."""
    block = re.search(
        rf'<div[^>]*id="formfield-form-widgets-{name}".*?(?=<div[^>]*id="formfield-|'
        rf'<div class="kp-honeypot")',
        html,
        re.S,
    )
    assert block, name
    error = re.search(
        r'class="[^"]*invalid-feedback[^"]*"[^>]*>(.*?)</div>', block[0], re.S
    )
    return re.sub(r"<[^>]+>|\s+", " ", error.group(1)).strip() if error else ""


def test_missing_description_is_a_field_error_and_writes_nothing(demo_rest_portal):
    before = set(feedback_cases(demo_rest_portal))
    response = post(demo_rest_portal, page_url="etusivu", name="Maija", description="")
    assert response.status_code == 200
    assert field_error(response.text, "description") == "Pakollinen tieto puuttuu."
    # the field says so to assistive technology, naming the message
    field = re.search(
        r'<textarea[^>]*id="form-widgets-description"[^>]*>', response.text
    )
    assert 'aria-invalid="true"' in field[0]
    assert 'aria-describedby="form-widgets-description-error"' in field[0]
    assert re.search(
        r'<div class="invalid-feedback d-block" id="form-widgets-description-error">'
        r"\s*Pakollinen tieto puuttuu.",
        response.text,
    )
    assert field_error(response.text, "name") == ""
    assert "Kiitos palautteestasi" not in response.text
    assert set(feedback_cases(demo_rest_portal)) == before


def test_bad_email_is_a_field_error_and_writes_nothing(demo_rest_portal):
    before = set(feedback_cases(demo_rest_portal))
    response = post(demo_rest_portal, description=MESSAGE, email="maija(at)example")
    assert response.status_code == 200
    assert "sähköpostiosoite" in field_error(response.text, "email")
    assert field_error(response.text, "description") == ""
    assert set(feedback_cases(demo_rest_portal)) == before
