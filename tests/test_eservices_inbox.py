"""E-services for registry staff (issue 13) over real HTTP: the registry's
inbox of submissions (counts per kind, the newest with their due dates,
overdue in words), the control panel (Manage portal only) and a form
switched off there (refused, nothing written, not listed)."""

from builders import make_registry
from datetime import date
from html.parser import HTMLParser
from meeting_builders import PASSWORD
from meeting_builders import ensure_user
from municipality.policy.eservices import abuse
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
import requests
import transaction


FI = {"Accept": "application/json", "Accept-Language": "fi"}
PAGE = {"Accept-Language": "fi"}
REGISTRAR = "kirjaaja-m"
OUTSIDER = "ulkopuolinen-m"

FEEDBACK = {
    "subject": "Leikkipuisto",
    "message": "Koivikon leikkipuiston keinu on rikki.",
    "name": "Maija Meikäläinen",
    "email": "maija@example.fi",
}
INITIATIVE = {
    "title": "Lähiliikuntapaikka Koivikkoon",
    "proposal": "Rakennetaan lähiliikuntapaikka Koivikon koulun viereen.",
    "name": "Matti Virtanen",
    "email": "matti@example.fi",
}


@pytest.fixture
def site(rest_portal):
    with api.env.adopt_roles(["Manager"]):
        registry = make_registry(rest_portal)
        ensure_user(REGISTRAR, "Kirsi Kirjaaja")
        ensure_user(OUTSIDER, "Ulla Ulkopuolinen")
        api.user.grant_roles(username=REGISTRAR, obj=registry, roles=["Registrar"])
    transaction.commit()
    abuse.reset()
    yield rest_portal
    abuse.reset()


def submit(portal, kind, data):
    return requests.post(
        f"{portal.absolute_url()}/@submissions",
        json={"kind": kind, **data},
        headers=FI,
        timeout=60,
    )


def inbox_url(portal):
    return f"{portal.absolute_url()}/esimerkkikunta/kirjaamo/@@eservices-inbox"


def cases(portal):
    transaction.begin()  # see what the server committed
    return {
        brain.diary_number: brain._unrestrictedGetObject()
        for brain in portal.portal_catalog.unrestrictedSearchResults(portal_type="Case")
    }


class Page(HTMLParser):
    """Rows of the inbox (``tr`` with ``data-kind``: cell texts) and a form's
    current values."""

    def __init__(self, text):
        super().__init__()
        self.rows, self.fields, self.selects = [], {}, {}
        self._row = self._cell = self._select = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = {"class": attrs.get("class", ""), "cells": []}
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "time" and self._row is not None:
            self._row.setdefault("times", []).append(attrs.get("datetime"))
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.setdefault(attrs["name"], []).append(attrs["value"])
            elif kind != "submit":
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs.get("name")
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append(attrs.get("value"))
            if "selected" in attrs:
                self.fields[self._select] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def rows_of(page, css):
    return [row for row in page.rows if css in row["class"]]


def test_submissions_appear_in_the_inbox_with_counts_per_kind(site):
    answers = [
        submit(site, "feedback", FEEDBACK),
        submit(site, "feedback", {**FEEDBACK, "subject": "Katuvalo"}),
        submit(site, "initiative", INITIATIVE),
    ]
    assert [a.status_code for a in answers] == [201, 201, 201], answers[0].text
    numbers = [a.json()["diary_number"] for a in answers]
    # one feedback case taken up: no longer new; the other overdue
    found = cases(site)
    requests.post(
        f"{found[numbers[0]].absolute_url()}/@workflow/prepare",
        headers={"Accept": "application/json"},
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        timeout=60,
    ).raise_for_status()
    found = cases(site)
    found[numbers[1]].due_date = date(2020, 1, 31)
    found[numbers[1]].reindexObject()
    transaction.commit()

    response = requests.get(
        inbox_url(site), auth=(REGISTRAR, PASSWORD), headers=PAGE, timeout=60
    )
    assert response.status_code == 200
    page = Page(response.text)
    counts = {
        row["cells"][0]: row["cells"][1:] for row in rows_of(page, "eservices-count")
    }
    assert counts == {
        "Palaute": ["1", "2"],
        "Tietopyyntö": ["0", "0"],
        "Kuntalaisaloite": ["1", "1"],
        "Hakemus": ["0", "0"],
        "Oikaisuvaatimus": ["0", "0"],
    }
    listed = rows_of(page, "eservices-row")
    # newest first: number, form, arrival, due date, status
    # (on a phone the form is under the number, hidden on wider screens)
    assert [row["cells"][0].split()[0] for row in listed] == numbers[::-1]
    assert [row["cells"][1] for row in listed] == [
        "Kuntalaisaloite",
        "Palaute",
        "Palaute",
    ]
    assert listed[0]["times"][0] == answers[2].json()["arrival"]  # Helsinki
    assert listed[1]["cells"][3] == "31.1.2020 (myöhässä)"
    assert "myöhässä" not in listed[0]["cells"][3]
    assert [row["cells"][4] for row in listed] == [
        "Vireillä",
        "Vireillä",
        "Valmistelussa",
    ]
    case_url = found[numbers[2]].absolute_url()
    assert f'href="{case_url}"' in response.text

    only = requests.get(
        inbox_url(site),
        params={"kind": "initiative"},
        auth=(REGISTRAR, PASSWORD),
        headers=PAGE,
        timeout=60,
    )
    assert [
        row["cells"][0].split()[0] for row in rows_of(Page(only.text), "eservices-row")
    ] == [numbers[2]]

    # the diary links the inbox for staff only
    diary = f"{site.absolute_url()}/esimerkkikunta/kirjaamo/@@diary"
    staff_diary = requests.get(diary, auth=(REGISTRAR, PASSWORD), timeout=60)
    assert "@@eservices-inbox" in staff_diary.text
    public_diary = requests.get(diary, timeout=60)
    assert public_diary.status_code == 200
    assert "@@eservices-inbox" not in public_diary.text

    # anonymous: to the login form; a signed-in non-staff user: refused
    anonymous = requests.get(inbox_url(site), timeout=60, allow_redirects=False)
    assert anonymous.status_code == 302
    assert "login" in anonymous.headers["Location"]
    outsider = requests.get(
        inbox_url(site),
        auth=(OUTSIDER, PASSWORD),
        timeout=60,
        allow_redirects=False,
    )
    assert outsider.status_code in (302, 401, 403)
    assert "eservices-row" not in outsider.text
    assert numbers[0] not in outsider.text


def test_a_switched_off_form_is_refused_and_not_listed(site):
    panel = f"{site.absolute_url()}/@@eservices-controlpanel"
    owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    form = requests.get(panel, auth=owner, headers=PAGE, timeout=60)
    assert form.status_code == 200
    page = Page(form.text)
    # the task class is chosen from the plan (builders: 00.01.00, 10.03.02)
    assert {"00.01.00", "10.03.02"} <= set(
        page.selects["form.widgets.application_task_class:list"]
    )
    data = dict(page.fields)
    assert data["form.widgets.initiative_enabled:list"] == ["selected"]
    del data["form.widgets.initiative_enabled:list"]  # unticked
    data["form.widgets.application_task_class:list"] = "10.03.02"
    data["form.widgets.initiative_days"] = "90"
    data["form.buttons.save"] = "Tallenna"
    saved = requests.post(panel, data=data, auth=owner, headers=PAGE, timeout=60)
    assert saved.status_code == 200
    transaction.begin()
    assert (
        api.portal.get_registry_record("municipality.eservices.initiative_enabled")
        is False
    )
    assert (
        api.portal.get_registry_record("municipality.eservices.application_task_class")
        == "10.03.02"
    )
    assert (
        api.portal.get_registry_record("municipality.eservices.initiative_days") == 90
    )
    assert (
        api.portal.get_registry_record("municipality.eservices.feedback_enabled")
        is True
    )

    refused = submit(site, "initiative", INITIATIVE)
    assert refused.status_code == 404
    assert refused.json()["field"] == "kind"
    assert refused.json()["kind"] == "initiative"
    assert refused.json()["message"] == (
        "Tämä lomake ei ole käytössä. Ota yhteyttä kirjaamoon."
    )
    assert cases(site) == {}
    listing = requests.get(
        f"{site.absolute_url()}/@submissions/schemas", headers=FI, timeout=60
    )
    assert [item["kind"] for item in listing.json()["items"]] == [
        "feedback",
        "information_request",
        "application",
        "rectification_claim",
    ]
    # the others still work
    assert submit(site, "feedback", FEEDBACK).status_code == 201
    assert len(cases(site)) == 1


def test_the_control_panel_needs_manage_portal(site):
    panel = f"{site.absolute_url()}/@@eservices-controlpanel"
    anonymous = requests.get(panel, timeout=60, allow_redirects=False)
    assert anonymous.status_code == 302
    assert "login" in anonymous.headers["Location"]
    staff = requests.get(
        panel, auth=(REGISTRAR, PASSWORD), timeout=60, allow_redirects=False
    )
    assert staff.status_code in (302, 401, 403)
    assert "form.widgets.initiative_enabled" not in staff.text
    # nor can they save
    posted = requests.post(
        panel,
        data={"form.buttons.save": "Tallenna"},
        auth=(REGISTRAR, PASSWORD),
        timeout=60,
        allow_redirects=False,
    )
    assert posted.status_code in (302, 401, 403)
    transaction.begin()
    assert (
        api.portal.get_registry_record("municipality.eservices.initiative_enabled")
        is True
    )
