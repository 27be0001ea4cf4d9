"""The demo's decision-making (``demo.meetings``): the four bodies and their
members, a year of the Sivistyslautakunta's meetings (checked minutes, one in
checking, one convened), the Tekninen lautakunta's open closed procedure, the
council's and the board's checked meetings and office holders' decisions.
Expected values are those of ``demo/data/*.json``, written here by hand."""

from datetime import UTC
from datetime import date
from datetime import datetime
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import today
from municipality.policy.cases import phaselog
from plone import api


def body(portal, place):
    return portal["esimerkkikunta"][place]["toimielin"]


def meetings(portal, place):
    """The body's meetings by start."""
    found = [
        o for o in body(portal, place).objectValues() if o.portal_type == "Meeting"
    ]
    return sorted(found, key=lambda m: m.start)


def items(meeting):
    with api.env.adopt_roles(["Manager"]):
        return [api.content.get(UID=uid) for uid in meeting.agenda]


def state(obj):
    return api.content.get_state(obj=obj)


def demo_year():
    """The past meetings run to 24.11: this year once that meeting is over."""
    now = today()
    return now.year if now >= date(now.year, 11, 27) else now.year - 1


class TestBodies:
    def test_four_bodies_with_their_members(self, demo_portal):
        council = body(demo_portal, "valtuusto")
        board = body(demo_portal, "kunnanhallitus")
        sivistys = body(demo_portal, "sivistyslautakunta")
        tekninen = body(demo_portal, "tekninen-lautakunta")
        assert [b.title for b in (council, board, sivistys, tekninen)] == [
            "Kunnanvaltuusto",
            "Kunnanhallitus",
            "Sivistyslautakunta",
            "Tekninen lautakunta",
        ]
        assert [len(b.members) for b in (council, board, sivistys, tekninen)] == [
            27,
            9,
            7,
            7,
        ]
        assert [b.notice_days for b in (council, board, sivistys, tekninen)] == [
            4,
            5,
            7,
            5,
        ]
        assert council.body_kind == "valtuusto" and council.seats == 27
        assert council.public_meetings is True
        assert council.appeal_type == "municipal_appeal"
        assert not sivistys.public_meetings
        assert council.term_start == date(2025, 6, 1)
        assert tekninen.term_end == date(2029, 5, 31)

    def test_council_deputies_in_rank_order_others_personal(self, demo_portal):
        council = body(demo_portal, "valtuusto")
        heikkila = council.members[0]
        assert heikkila["name"] == "Marjatta Heikkilä"
        assert heikkila["function"] == "chair"
        assert [d["name"] for d in heikkila["deputies"][:3]] == [
            "Laura Suominen",
            "Jukka Vainio",
            "Kaisa Aaltonen",
        ]
        assert len(heikkila["deputies"]) == 7
        holmstrom = council.members[26]
        assert holmstrom["name"] == "Christina Holmström"
        assert [d["name"] for d in holmstrom["deputies"]] == [
            "Johan Eriksson",
            "Annika Sjöberg",
        ]
        for place in ("kunnanhallitus", "sivistyslautakunta", "tekninen-lautakunta"):
            for row in body(demo_portal, place).members:
                assert len(row["deputies"]) == 1, (place, row["name"])

    def test_demo_accounts_are_members_and_staff_run_the_bodies(self, demo_portal):
        def member_ids(place):
            return {
                row["userid"]: row["function"]
                for row in body(demo_portal, place).members
            }

        assert member_ids("valtuusto")["valtuutettu"] == "member"
        assert member_ids("kunnanhallitus")["valtuutettu"] == "member"
        assert member_ids("sivistyslautakunta")["sivistys-puheenjohtaja"] == "chair"
        assert member_ids("sivistyslautakunta")["sivistys-luottamushenkilo"] == "member"
        assert (
            member_ids("tekninen-lautakunta")["tekninen-luottamushenkilo"] == "member"
        )
        for userid in (
            "valtuutettu",
            "hallitus-jasen",
            "sivistys-puheenjohtaja",
            "sivistys-jasen",
            "tekninen-jasen",
            "hallintosihteeri",
            "kunnanjohtaja",
        ):
            assert api.user.get(userid=userid) is not None, userid
        # a member without an account has an id, but cannot log in
        assert "tapio.koistinen" in member_ids("sivistyslautakunta")
        assert api.user.get(userid="tapio.koistinen") is None
        sivistys = body(demo_portal, "sivistyslautakunta")
        assert sivistys.secretary == "sivistys-sihteeri"
        assert sivistys.presenters == ["sivistys-esittelija"]


class TestSivistyslautakunta:
    def test_a_year_of_checked_meetings_with_consecutive_sections(self, demo_portal):
        found = meetings(demo_portal, "sivistyslautakunta")
        year = demo_year()
        past = [m for m in found if m.year == year]
        assert [m.number for m in past][:9] == list(range(1, 10))
        assert [state(m) for m in past[:9]] == ["checked"] * 8 + ["checking"]
        sections = [[i.number for i in items(m)] for m in past[:9]]
        assert sections == [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8],
            [9, 10],
            [11, 12, 13],
            [14, 15],
            [16, 17, 18],
            [19, 20, 21],
            [22, 23, 24],
        ]
        first = past[0]
        assert (first.start.month, first.start.day) == (1, 20)
        assert first.start.tzinfo is not None and first.start.utcoffset().seconds == 0
        assert len(first.examinations) == 2
        for item in items(past[7]):
            assert state(item) == "checked"

    def test_the_secret_section_shows_its_public_title(self, demo_portal):
        second = meetings(demo_portal, "sivistyslautakunta")[1]
        secret = items(second)[1]
        assert secret.number == 5
        assert (
            secret.public_title
            == "Oppilaan määräaikainen erottaminen (perusopetuslaki 36 §)"
        )
        assert "Aleksi Esimerkki" in secret.Title()
        assert parent_case(secret).publicity_class == "secret"
        assert secret.appeal_type == "special_appeal"
        assert 'class="kp-personal"' in secret.presentation.raw

    def test_tabled_then_decided_by_a_vote_4_3(self, demo_portal):
        found = meetings(demo_portal, "sivistyslautakunta")
        tabled = items(found[1])[0]
        voted = items(found[2])[0]
        assert tabled.resolution == "tabled" and tabled.number == 4
        assert voted.resolution == "after_vote" and voted.number == 7
        assert (
            parent_case(tabled).getPhysicalPath()
            == parent_case(voted).getPhysicalPath()
        )
        ballots = list(voted.votes[0]["ballots"].values())
        assert (ballots.count("jaa"), ballots.count("ei")) == (4, 3)
        assert voted.dissents[0]["userid"] == "jarmo.leinonen"

    def test_disqualified_member_left_for_one_section(self, demo_portal):
        grant = items(meetings(demo_portal, "sivistyslautakunta")[3])[1]
        assert grant.number == 10
        assert [row["userid"] for row in grant.disqualified] == ["tapio.koistinen"]

    def test_checked_decisions_written_back_to_their_cases(self, demo_portal):
        found = meetings(demo_portal, "sivistyslautakunta")
        for meeting in found[:8]:
            for item in items(meeting):
                case = parent_case(item)
                decisions = [
                    e for e in phaselog.entries(case) if e["kind"] == phaselog.DECISION
                ]
                assert item.UID() in [e["data"].get("item_uid") for e in decisions]
                if item.resolution not in ("tabled", "returned"):
                    assert state(case) == "paatetty", item.Title()
        # the tabled matter: two decision entries, decided the second time
        case = parent_case(items(found[1])[0])
        kinds = [e["kind"] for e in phaselog.entries(case)]
        assert kinds.count(phaselog.DECISION) == 2

    def test_minutes_in_checking_one_examiner_of_two(self, demo_portal):
        checking = [
            m
            for m in meetings(demo_portal, "sivistyslautakunta")
            if state(m) == "checking"
        ]
        assert len(checking) == 1
        meeting = checking[0]
        assert meeting.examiners == ["sivistys-jasen", "sivistys-luottamushenkilo"]
        assert [row["userid"] for row in meeting.examinations] == ["sivistys-jasen"]
        assert set(meeting.signatures) >= {"chair", "secretary"}
        assert meeting.signatures["chair"] == "sivistys-puheenjohtaja"
        for item in items(meeting):
            assert state(item) == "decided"
            assert state(parent_case(item)) == "ratkaistavana"

    def test_next_meeting_convened_with_its_agenda_published(self, demo_portal):
        meeting = meetings(demo_portal, "sivistyslautakunta")[-1]
        assert state(meeting) == "convened"
        assert meeting.start > datetime.now(UTC)
        assert meeting.notice_published is not None
        placed = items(meeting)
        assert [i.Title()[:27] for i in placed] == [
            "Mäntylän koulun toiminnan l",
            "Sivistystoimen avustusten m",
            "Sivistyslautakunnan kokousa",
        ]
        assert [state(i) for i in placed] == ["published"] * 3
        assert [i.number for i in placed] == [None] * 3


class TestOtherBodies:
    def test_closed_procedure_open_with_positions(self, demo_portal):
        found = meetings(demo_portal, "tekninen-lautakunta")
        assert [state(m) for m in found] == ["checked", "checked", "convened"]
        procedure = found[-1]
        assert procedure.mode == "closed_procedure"
        assert procedure.procedure_deadline > datetime.now(UTC)
        matter = items(procedure)[0]
        assert state(matter) == "published"
        stated = [row["userid"] for row in matter.positions]
        assert stated == [
            "seppo.hyttinen",
            "maria.westerlund",
            "tekninen-jasen",
            "heli.kauppinen",
        ]
        assert "tekninen-luottamushenkilo" not in stated

    def test_council_and_board_have_checked_minutes(self, demo_portal):
        for place, count in (("valtuusto", 3), ("kunnanhallitus", 3)):
            found = meetings(demo_portal, place)
            assert [state(m) for m in found] == ["checked"], place
            assert [i.number for i in items(found[0])] == list(range(1, count + 1))
        council = meetings(demo_portal, "valtuusto")[0]
        deputies = [r for r in council.participants if r["capacity"] == "deputy"]
        assert {r["name"] for r in deputies} == {"Arto Huttunen", "Pekka Pesonen"}

    def test_office_holder_decisions(self, demo_portal):
        catalog = api.portal.get_tool("portal_catalog")
        found = [
            b._unrestrictedGetObject()
            for b in catalog.unrestrictedSearchResults(
                portal_type="OfficeHolderDecision"
            )
        ]
        assert len(found) == 5
        by_post = sorted((d.post, d.number, d.decision_date.month) for d in found)
        assert by_post == [
            ("sivistysjohtaja", 1, 6),
            ("sivistysjohtaja", 2, 8),
            ("sivistysjohtaja", 3, 9),
            ("tekninen johtaja", 1, 5),
            ("tekninen johtaja", 2, 10),
        ]
        assert sum(1 for d in found if d.publish_online) == 3
        assert all(state(d) == "decided" for d in found)
        assert all(state(parent_case(d)) == "paatetty" for d in found)
        personal = [d for d in found if "kp-personal" in d.text.raw]
        assert [d.publish_online for d in personal] == [False]
