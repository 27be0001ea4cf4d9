"""Handling-phase log: automatic entries, the manual form, the case view."""

from builders import make_registry
from municipality.policy.cases import phaselog
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.interface import alsoProvides
import datetime
import pytest


@pytest.fixture
def case(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    yield register_case(registry, title="Rakennuslupa, Kuja 1", task_class="10.03.02")


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    return request


class TestAutomaticEntries:
    def test_registration_writes_vireilletulo(self, case):
        (entry,) = phaselog.entries(case)
        assert entry["action_class"] == "vireilletulo"
        assert entry["agent"] == TEST_USER_ID
        assert entry["state"] == "vireilla"
        assert entry["description"].mapping["number"] == case.diary_number
        assert entry["date"].tzinfo is not None

    def test_transitions_write_entries(self, case):
        api.content.transition(obj=case, transition="prepare")
        api.content.transition(obj=case, transition="submit")
        api.content.transition(obj=case, transition="decide", comment="Myönnetään.")
        entries = phaselog.entries(case)
        assert [e["action_class"] for e in entries] == [
            "vireilletulo",
            "valmistelu",
            "valmistelu",
            "paatoksenteko",
        ]
        assert [e["state"] for e in entries] == [
            "vireilla",
            "valmistelussa",
            "ratkaistavana",
            "paatetty",
        ]
        assert entries[-1]["description"].mapping["comment"] == "Myönnetään."
        api.content.transition(obj=case, transition="close")
        assert phaselog.entries(case)[-1]["action_class"] == "tila"

    def test_log_is_append_only(self, case):
        phaselog.entries(case)[0]["action_class"] = "tampered"
        phaselog.append(
            case,
            "seuranta",
            "Tarkastettu",
            agent="kirjaaja",
            date=datetime.date(2026, 5, 4),
        )
        entries = phaselog.entries(case)
        assert entries[0]["action_class"] == "vireilletulo"
        assert [e["id"] for e in entries] == [1, 2]
        assert entries[1]["agent"] == "kirjaaja"
        assert entries[1]["date"].date() == datetime.date(2026, 5, 4)
        with pytest.raises(ValueError):
            phaselog.append(case, "", "no class")


class TestManualForm:
    def submit(self, case, request, **fields):
        for name, value in fields.items():
            request.form[f"form.widgets.{name}"] = value
        request.form["form.buttons.save"] = "Tallenna"
        view = api.content.get_view("add-phase", case, request)
        return view()

    def test_adds_entry(self, case, request_):
        self.submit(
            case,
            request_,
            action_class=["tiedoksianto"],
            date="2026-04-01",
            description="Päätös lähetetty hakijalle.",
        )
        entry = phaselog.entries(case)[-1]
        assert entry["action_class"] == "tiedoksianto"
        assert entry["description"] == "Päätös lähetetty hakijalle."
        assert entry["date"].date() == datetime.date(2026, 4, 1)
        assert request_.response.getHeader("location") == case.absolute_url()

    @pytest.mark.parametrize(
        "fields",
        [
            {"action_class": ["tiedoksianto"], "date": "2026-04-01", "description": ""},
            {
                "action_class": ["rekisterointi"],
                "date": "2026-04-01",
                "description": "x",
            },
            {"action_class": ["tiedoksianto"], "date": "ei päivä", "description": "x"},
        ],
    )
    def test_bad_input_shows_errors_and_adds_nothing(self, case, request_, fields):
        html = self.submit(case, request_, **fields)
        assert len(phaselog.entries(case)) == 1
        assert "error" in html
        assert request_.response.getHeader("location") is None


class TestCaseView:
    def test_view_shows_metadata_and_timeline(self, case, request_):
        case.public_title = "Rakennuslupa"
        api.content.transition(obj=case, transition="prepare")
        html = api.content.get_view("case-view", case, request_)()
        assert case.diary_number in html
        assert "Rakennuslupa" in html
        assert '<ol class="case-timeline">' in html
        timeline = html.split('<ol class="case-timeline">')[1].split("</ol>")[0]
        assert timeline.count("<time ") == 2
        assert "Valmistelu" in timeline
        # Finnish first: the headings come from the fi catalogue.
        assert "Käsittelyvaiheet" in html and "Asian tiedot" in html
        assert 'aria-labelledby="case-phases-heading"' in html
