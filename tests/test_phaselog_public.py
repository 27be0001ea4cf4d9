"""The handling-phase log as the public and as staff read it (issue 10).

Over real HTTP on the demo site: a public decided case shows the public its
handling phases (type, date, public text) in the reader's language and
Helsinki time, never a login name, a role grant or a restriction change; the
preparer handling it sees everything, with names. The same over REST.
"""

from builders import public_decided_case
from municipality.policy.cases import phaselog
from municipality.policy.demo.users import DEMO_PASSWORD
from plone import api
import pytest
import re
import requests
import transaction


JSON = {"Accept": "application/json"}
#: login names of the demo (README): none may reach the public
LOGINS = (
    "admin",
    "kirjaaja",
    "arkistojohtaja",
    "tekninen-valmistelija",
    "tekninen-esittelija",
    "sivistys-valmistelija",
    "sivistys-esittelija",
)


@pytest.fixture
def public_case(demo_rest_portal):
    """A public decided demo case whose log has a grant (its preparer's)."""

    def has_grant(case):
        kinds = {entry["kind"] for entry in phaselog.entries(case)}
        return {"grant", "state"} <= kinds and case.preparer

    return public_decided_case(demo_rest_portal, has_grant, "with a grant in its log")


def timeline(html):
    return html.split('<ol class="case-timeline">')[1].split("</ol>")[0]


@pytest.fixture
def language_cookie(demo_rest_portal):
    """The site honours the language cookie (Plone's manual override; off by
    default) while the test runs, so a reader may choose Swedish."""
    record = "plone.use_cookie_negotiation"
    before = api.portal.get_registry_record(record)
    api.portal.set_registry_record(record, True)
    transaction.commit()
    yield
    api.portal.set_registry_record(record, before)
    transaction.commit()


def page(case, language="fi", auth=None):
    response = requests.get(
        case.absolute_url(),
        headers={"Accept-Language": language},
        cookies={"I18N_LANGUAGE": language},
        auth=auth,
        timeout=60,
    )
    assert response.status_code == 200, (response.status_code, response.text[-3000:])
    return response.text


def test_anonymous_page_shows_no_logins_grants_or_english(public_case):
    html = page(public_case)
    shown = timeline(html)
    for login in LOGINS:
        assert login not in shown
    for word in ("granted", "myönnetty", "Role", "Rooli", "Assigned", "Käyttöoikeudet"):
        assert word not in shown
    assert "(admin)" not in html
    # what the public does see: the registration and the decision, in Finnish
    assert "Vireilletulo" in shown
    assert "Päätöksenteko" in shown and "Tila: Päätetty." in shown
    assert public_case.diary_number in shown


def test_dates_are_helsinki_time(public_case):
    shown = timeline(page(public_case))
    offsets = re.findall(r'<time datetime="[^"]*T[^"]*([+-]\d\d:\d\d)"', shown)
    assert offsets and set(offsets) <= {"+02:00", "+03:00"}


def test_swedish_reader_reads_swedish_labels(public_case, language_cookie):
    shown = timeline(page(public_case, "sv"))
    assert "Anhängiggörande" in shown and "Beslutsfattande" in shown
    assert "Status: Beslutat." in shown
    assert "Vireilletulo" not in shown and "Päätöksenteko" not in shown


def test_preparer_sees_grants_with_names(public_case):
    preparer = public_case.preparer
    html = page(public_case, auth=(preparer, DEMO_PASSWORD))
    shown = timeline(html)
    assert "Käyttöoikeudet" in shown
    assert "Rooli Valmistelija myönnetty:" in shown
    fullname = api.user.get(userid=preparer).getProperty("fullname")
    assert fullname and fullname in shown
    assert f"({preparer})" not in shown  # names, not login ids


def test_rest_anonymous_gets_only_public_entries(public_case):
    response = requests.get(
        public_case.absolute_url() + "/@phases",
        headers={**JSON, "Accept-Language": "fi"},
        timeout=60,
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert items
    assert {item["kind"] for item in items} <= {
        "phase",
        "registration",
        "state",
        "document",
        "decision",  # public like the state (a demo case decided at a meeting)
    }
    body = response.text
    for login in LOGINS:
        assert login not in body
    assert all("agent" not in item and "note" not in item for item in items)
    assert "granted" not in body and "Role" not in body


def test_rest_preparer_gets_grant_entries(public_case, language_cookie):
    response = requests.get(
        public_case.absolute_url() + "/@phases",
        headers={**JSON, "Accept-Language": "sv"},
        cookies={"I18N_LANGUAGE": "sv"},
        auth=(public_case.preparer, DEMO_PASSWORD),
        timeout=60,
    )
    assert response.status_code == 200
    grants = [item for item in response.json()["items"] if item["kind"] == "grant"]
    assert grants
    assert grants[0]["data"]["role"] == "Preparer"
    assert grants[0]["text"].startswith("Rollen Beredare beviljad:")
    assert grants[0]["agent"]["id"]
