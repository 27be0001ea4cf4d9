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
        assert entry["kind"] == "registration"
        assert entry["action_class"] == "vireilletulo"
        assert entry["agent"] == TEST_USER_ID
        assert entry["state"] == "vireilla"
        assert entry["data"] == {"number": case.diary_number}
        assert entry["date"].utcoffset() == datetime.timedelta(0)  # stored in UTC
        assert entry["description"] == "" and entry["note"] == ""

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
        assert entries[-1]["kind"] == "state"
        assert entries[-1]["data"] == {
            "transition": "decide",
            "old": "ratkaistavana",
            "new": "paatetty",
        }
        assert entries[-1]["note"] == "Myönnetään."  # the comment: staff only
        api.content.transition(obj=case, transition="close")
        assert phaselog.entries(case)[-1]["action_class"] == "tila"

    def test_log_is_append_only(self, case):
        phaselog.entries(case)[0]["action_class"] = "tampered"
        phaselog.entries(case)[0]["data"]["number"] = "tampered"
        assert phaselog.entries(case)[0]["data"]["number"] == case.diary_number
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
        assert entries[1]["kind"] == "phase"
        assert entries[1]["agent"] == "kirjaaja"
        # a day is a day in Helsinki: its midnight, 21:00 UTC the day before
        assert entries[1]["day"] is True
        assert entries[1]["date"] == datetime.datetime(
            2026, 5, 3, 21, 0, tzinfo=datetime.UTC
        )
        with pytest.raises(ValueError):
            phaselog.append(case, "", "no class")
        with pytest.raises(ValueError):
            phaselog.add(case, "sentence", "ohjaus")


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
            note="Saantitodistus arkistossa.",
        )
        entry = phaselog.entries(case)[-1]
        assert entry["kind"] == "phase"
        assert entry["action_class"] == "tiedoksianto"
        assert entry["description"] == "Päätös lähetetty hakijalle."
        assert entry["note"] == "Saantitodistus arkistossa."
        assert phaselog.day(entry) == datetime.date(2026, 4, 1)
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
        # the manager handling it sees the transition in full, with the actor
        assert "Valmisteluun: Vireillä → Valmistelussa." in timeline
        # Finnish first: the headings come from the fi catalogue.
        assert "Käsittelyvaiheet" in html and "Asian tiedot" in html
        assert 'aria-labelledby="case-phases-heading"' in html


class TestRendering:
    """Entries are data; the reader's language and Helsinki time when read."""

    def render(self, case, request, language, full=True):
        """Render for a new request in ``language`` (a request negotiates once)."""
        request = request.clone()
        request.environ["HTTP_ACCEPT_LANGUAGE"] = language
        request["LANGUAGE"] = language
        alsoProvides(request, IMunicipalityPolicyLayer)
        return phaselog.rendered_entries(case, request, full=full)

    def test_dates_in_helsinki_time(self, case, request_):
        phaselog.add(
            case,
            "phase",
            "seuranta",
            description="Valvottu",
            date=datetime.datetime(2026, 6, 1, 9, 5, tzinfo=datetime.UTC),
        )
        phaselog.append(case, "seuranta", "Tarkastettu", date=datetime.date(2026, 1, 2))
        shown = {e["text"]: e for e in self.render(case, request_, "fi")}
        summer, day = shown["Valvottu"], shown["Tarkastettu"]
        assert summer["date"] == "1.6.2026 12.05"  # EEST, UTC+3
        assert summer["iso"] == "2026-06-01T12:05:00+03:00"
        assert day["date"] == "2.1.2026"  # a day has no time
        swedish = {e["text"]: e for e in self.render(case, request_, "sv")}
        assert swedish["Valvottu"]["date"] == "1.6.2026 12:05"
        english = {e["text"]: e for e in self.render(case, request_, "en")}
        assert english["Valvottu"]["date"] == "Jun 01, 2026 12:05 PM"
        # in the order of their dates, whatever the order of writing
        assert [e["text"] for e in self.render(case, request_, "fi")][:2] == [
            "Tarkastettu",
            "Valvottu",
        ]

    def test_swedish_reader_reads_swedish(self, case, request_):
        api.content.transition(obj=case, transition="prepare")
        registered, prepared = self.render(case, request_, "sv")
        assert registered["label"] == "Anhängiggörande"
        assert registered["text"].startswith("Ärendet")
        assert prepared["label"] == "Beredning"
        assert "Under beredning" in prepared["text"]
        finnish = self.render(case, request_, "fi")[1]
        assert finnish["label"] == "Valmistelu"
        assert "Valmistelussa" in finnish["text"]

    def test_grant_is_its_own_kind(self, case, request_):
        from municipality.policy.security import grants

        api.user.create(
            email="v@example.org",
            username="valmistelija-x",
            password="Demo-2026-x",
            properties={"fullname": "Ville Valmistelija"},
        )
        grants.grant(case, "valmistelija-x", "Preparer", reason="Sijaisuus")
        entry = phaselog.entries(case)[-1]
        assert entry["kind"] == "grant"
        assert entry["data"] == {
            "role": "Preparer",
            "principal": "valmistelija-x",
            "cause": "manual",
        }
        assert entry["note"] == "Sijaisuus"
        shown = self.render(case, request_, "fi")[-1]
        assert shown["label"] == "Käyttöoikeudet"
        assert shown["text"] == (
            "Rooli Valmistelija myönnetty: Ville Valmistelija (Käsin myönnetty)."
        )
        assert shown["note"] == "Sijaisuus"
        assert self.render(case, request_, "sv")[-1]["text"] == (
            "Rollen Beredare beviljad: Ville Valmistelija (Manuellt beviljad)."
        )
        # the public never reads it, nor who wrote anything
        public = self.render(case, request_, "fi", full=False)
        assert [e["kind"] for e in public] == ["registration"]
        assert public[0]["agent"] == "" and public[0]["note"] == ""


class TestUpgrade1004:
    """A site at 1003 kept sentences; 1003 -> 1004 makes them structured."""

    def old_log(self, case):
        """The entries as the 1003 code wrote them (Helsinki dates, messages
        and sentences translated when written)."""
        from municipality.policy import _
        from persistent.list import PersistentList
        import pytz

        helsinki = pytz.timezone("Europe/Helsinki")

        def entry(number, action_class, description, state, when, agent="kirjaaja"):
            return {
                "id": number,
                "action_class": action_class,
                "date": helsinki.localize(when),
                "agent": agent,
                "description": description,
                "state": state,
            }

        return PersistentList(
            [
                entry(
                    1,
                    "vireilletulo",
                    _(
                        "msg_phase_registered",
                        default="Case registered with diary number ${number}.",
                        mapping={"number": case.diary_number},
                    ),
                    "vireilla",
                    datetime.datetime(2026, 1, 5),  # a day: midnight
                ),
                entry(
                    2,
                    "tila",
                    "Role Preparer granted to tekninen-valmistelija "
                    "(Assigned as preparer). ",
                    "vireilla",
                    datetime.datetime(2026, 1, 5, 10, 0),
                    agent="admin",
                ),
                entry(
                    3,
                    "valmistelu",
                    _(
                        "msg_phase_transition",
                        default="${transition}: ${old} → ${new}. ${comment}",
                        mapping={
                            "transition": "Valmisteluun",
                            "old": "Vireillä",
                            "new": "Valmistelussa",
                            "comment": "Aloitetaan.",
                        },
                    ),
                    "valmistelussa",
                    datetime.datetime(2026, 6, 1, 12, 5),
                ),
                entry(
                    4,
                    "tila",
                    "Rooli Presenter peruttu: tekninen-esittelija "
                    "(Nimetty esittelijäksi). Tehtävään nimetty henkilö vaihtui.",
                    "valmistelussa",
                    datetime.datetime(2026, 6, 2, 9, 0),
                ),
                entry(
                    5,
                    "tila",
                    "Roolien periytyminen ylemmältä tasolta estetty.",
                    "valmistelussa",
                    datetime.datetime(2026, 6, 2, 9, 30),
                ),
                entry(
                    6,
                    "tiedoksianto",
                    "Päätös lähetetty hakijalle.",
                    "valmistelussa",
                    datetime.datetime(2026, 6, 3),
                ),
                entry(
                    7,
                    "ohjaus",
                    _(
                        "msg_restriction_changed_log",
                        default="Restriction or retention changed: ${changes}. "
                        "Reason: ${reason}",
                        mapping={
                            "changes": "Säilytysaika: 10 vuotta → 50 vuotta",
                            "reason": "Pysyvää arvoa",
                        },
                    ),
                    "valmistelussa",
                    datetime.datetime(2026, 6, 4, 8, 0),
                ),
                entry(
                    8,
                    "tila",
                    "Jotain aivan muuta (tekninen-valmistelija).",
                    "valmistelussa",
                    datetime.datetime(2026, 6, 5, 8, 0),
                ),
            ]
        )

    def test_upgrade_converts_old_entries(self, case, portal, request_):
        from municipality.policy.upgrades import v1004
        from zope.annotation.interfaces import IAnnotations

        setup_tool = api.portal.get_tool("portal_setup")
        IAnnotations(case)[phaselog.KEY] = self.old_log(case)
        profile = "municipality.policy:default"
        setup_tool.setLastVersionForProfile(profile, "1003")
        steps = [
            step
            for group in setup_tool.listUpgrades(profile)
            for step in (group if isinstance(group, list) else [group])
            if step["ssource"] == "1003"
        ]
        assert [(s["ssource"], s["sdest"]) for s in steps] == [("1003", "1004")]
        steps[0]["step"].doStep(setup_tool)

        entries = phaselog.entries(case)
        assert [e["kind"] for e in entries] == [
            "registration",
            "grant",
            "state",
            "revoke",
            "inheritance",
            "phase",
            "legacy",
            "legacy",
        ]
        assert entries[0]["data"] == {"number": case.diary_number}
        assert entries[0]["day"] is True
        assert phaselog.day(entries[0]) == datetime.date(2026, 1, 5)
        assert entries[1]["data"] == {
            "role": "Preparer",
            "principal": "tekninen-valmistelija",
            "cause": "preparer",
        }
        assert entries[1]["agent"] == "admin"
        assert entries[2]["data"] == {
            "transition": "prepare",
            "old": "vireilla",
            "new": "valmistelussa",
        }
        assert entries[2]["note"] == "Aloitetaan."
        # 12:05 in Helsinki summer time is 09:05 UTC
        assert entries[2]["date"] == datetime.datetime(
            2026, 6, 1, 9, 5, tzinfo=datetime.UTC
        )
        assert entries[3]["data"]["cause"] == "presenter"
        assert entries[3]["note"] == "Tehtävään nimetty henkilö vaihtui."
        assert entries[4]["data"] == {"blocked": True}
        assert entries[5]["description"] == "Päätös lähetetty hakijalle."
        assert entries[6]["note"].startswith("Käyttörajoitus tai säilytys muuttui:")
        assert entries[7]["note"] == "Jotain aivan muuta (tekninen-valmistelija)."
        # the public reads none of the grants or legacy texts
        public = phaselog.rendered_entries(case, request_, full=False)
        assert [e["kind"] for e in public] == ["registration", "state", "phase"]
        text = " ".join(e["text"] + e["note"] + e["agent"] for e in public)
        assert "tekninen" not in text and "admin" not in text
        # running again changes nothing
        v1004.structure_phase_logs(setup_tool)
        assert phaselog.entries(case) == entries


class TestContentHistory:
    def test_history_in_helsinki_time(self, case, request_):
        """The toolbar's history (``@@historyview`` renders ``@@contenthistory``)
        writes a 09:05 UTC transition as 12:05 Helsinki summer time."""
        from DateTime import DateTime

        api.content.transition(obj=case, transition="prepare")
        wftool = api.portal.get_tool("portal_workflow")
        (workflow_id,) = wftool.getChainFor(case)
        history = list(case.workflow_history[workflow_id])
        history[-1] = dict(history[-1], time=DateTime("2026/06/01 09:05:00 UTC"))
        case.workflow_history[workflow_id] = tuple(history)
        html = api.content.get_view("contenthistory", case, request_)()
        assert "12.05" in html
        assert "09.05" not in html
