"""Attendance, quorum per § and votes of a meeting (KuntaL 103-105 §).

Expected values are counted by hand: a 7-member committee needs more than
half (4) present; a 27-seat council at least two thirds (18).
"""

from meeting_builders import DEPUTIES
from meeting_builders import MEMBERS
from meeting_builders import SECRETARY
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.meetings import attendance
from municipality.policy.meetings import voting
from municipality.policy.meetings.attendance import RecordError
from plone import api
import pytest
import requests
import transaction


M = list(MEMBERS)  # jasen-puheenjohtaja, jasen-vpj, jasen-3 .. jasen-7


def row(userid, capacity="member", **extra):
    return {"userid": userid, "name": userid, "capacity": capacity, **extra}


def setup(portal, items=1, kind="lautakunta", **body_fields):
    body = make_body(portal, kind=kind, **body_fields)
    meeting = make_meeting(body)
    made = []
    for index in range(items):
        item = make_item(portal, title=f"Asia {index + 1}")
        item.meeting = meeting.UID()
        made.append(item)
    meeting.agenda = [item.UID() for item in made]
    return body, meeting, made


def test_quorum_of_a_committee_and_of_a_council(portal):
    body, meeting, _ = setup(portal, items=0)
    assert attendance.seats(body) == 7
    assert attendance.quorum_required(body) == 4
    body.body_kind = "valtuusto"
    body.seats = 27
    assert attendance.quorum_required(body) == 18
    body.seats = 9
    assert attendance.quorum_required(body) == 6  # at least 2/3 of 9


def test_quorum_per_section_with_a_disqualified_member_leaving_and_returning(portal):
    body, meeting, (item1, item2, item3) = setup(portal, items=3)
    attendance.set_participants(
        meeting,
        [
            row(M[0], "chair"),
            row(M[1]),
            row(M[2]),
            row(M[3], left_after=2),  # leaves after § 2 (predicted: 1, 2, 3)
            row(SECRETARY, "secretary"),
        ],
    )
    assert attendance.section(meeting, item2) == 2
    assert attendance.present_at(meeting, item1) == [M[0], M[1], M[2], M[3]]
    assert attendance.has_quorum(meeting, item1)  # 4 of 7
    item2.disqualified = [{"userid": M[2], "reason": "Sukulainen asianosainen"}]
    assert attendance.present_at(meeting, item2) == [M[0], M[1], M[3]]
    assert not attendance.has_quorum(meeting, item2)  # 3 of 7
    # the disqualified member is back for § 3, the one who left is not
    assert attendance.present_at(meeting, item3) == [M[0], M[1], M[2]]
    assert not attendance.has_quorum(meeting, item3)
    item3.absent = [M[1]]
    assert attendance.present_at(meeting, item3) == [M[0], M[2]]


def test_deputy_counts_in_place_of_the_member(portal):
    body, meeting, (item,) = setup(portal)
    attendance.set_participants(
        meeting,
        [
            row(M[0], "chair"),
            row(M[1]),
            row(M[2]),
            row(DEPUTIES[M[3]], "deputy", deputy_for=M[3], remote=True),
        ],
    )
    assert attendance.present_at(meeting, item) == [M[0], M[1], M[2], DEPUTIES[M[3]]]
    assert attendance.has_quorum(meeting, item)


def test_attendance_validation(portal):
    body, meeting, _ = setup(portal, items=0)
    with pytest.raises(RecordError) as error:
        attendance.set_participants(
            meeting, [row(DEPUTIES[M[3]], "deputy", deputy_for=M[4])]
        )
    assert error.value.field == "participants[0].deputy_for"
    with pytest.raises(RecordError) as error:
        attendance.set_participants(meeting, [row(M[1]), row(M[1], "chair")])
    assert error.value.field == "participants[1].userid"
    with pytest.raises(RecordError) as error:
        attendance.set_participants(meeting, [row("ulkopuolinen")])
    assert error.value.field == "participants[0].userid"
    assert meeting.participants == []


def _five(meeting):
    attendance.set_participants(
        meeting, [row(M[0], "chair"), row(M[1]), row(M[2]), row(M[3]), row(M[4])]
    )


def test_open_vote_result_and_absent_members(portal):
    body, meeting, (item,) = setup(portal)
    _five(meeting)
    proposal = {"id": "p1", "by": M[1], "text": "Palautetaan", "supported_by": [M[2]]}
    ballots = {M[0]: "jaa", M[1]: "ei", M[2]: "ei", M[3]: "ei", M[4]: "tyhja"}
    vote = voting.open_vote(meeting, item, proposal, ballots)
    assert vote["result"] == "ei"
    assert vote["counts"] == {"jaa": 1, "ei": 3, "tyhja": 1, "poissa": 2}
    assert vote["ballots"][M[5]] == "poissa"
    assert vote["ballots"][M[6]] == "poissa"
    assert vote["by_chair"] is False


def test_tie_goes_the_way_the_chair_voted(portal):
    body, meeting, (item,) = setup(portal)
    attendance.set_participants(
        meeting, [row(M[0], "chair"), row(M[1]), row(M[2]), row(M[3])]
    )
    proposal = {"id": "p1", "by": M[1], "text": "Hylätään", "supported_by": [M[2]]}
    ballots = {M[0]: "ei", M[1]: "ei", M[2]: "jaa", M[3]: "jaa"}
    vote = voting.open_vote(meeting, item, proposal, ballots)
    assert vote["counts"]["jaa"] == vote["counts"]["ei"] == 2
    assert vote["result"] == "ei"
    assert vote["by_chair"] is True


def test_unsupported_proposal_lapses_and_is_not_voted(portal):
    body, meeting, (item,) = setup(portal)
    _five(meeting)
    proposal = {"id": "p1", "by": M[1], "text": "Hylätään", "supported_by": []}
    with pytest.raises(RecordError) as error:
        voting.open_vote(meeting, item, proposal, {M[0]: "jaa"})
    assert error.value.field == "votes"
    # support by the proposer is no support
    with pytest.raises(RecordError):
        voting.normalise_proposals(
            meeting, item, [{"by": M[1], "text": "x", "supported_by": [M[1]]}]
        )


def test_a_vote_by_someone_not_present_is_refused(portal):
    body, meeting, (item,) = setup(portal)
    _five(meeting)
    item.disqualified = [{"userid": M[4], "reason": "Hallituksen jäsen"}]
    proposal = {"id": "p1", "by": M[1], "text": "Hylätään", "supported_by": [M[2]]}
    ballots = {M[0]: "jaa", M[1]: "ei", M[2]: "ei", M[3]: "jaa", M[4]: "jaa"}
    with pytest.raises(RecordError) as error:
        voting.open_vote(meeting, item, proposal, ballots)
    assert error.value.field == "votes.ballots"


def test_election_tie_by_lot_is_recorded(portal):
    body, meeting, (item,) = setup(portal)
    _five(meeting)
    vote = voting.election(meeting, item, {"Aino": 2, "Bertta": 2, "Cecilia": 1})
    assert vote["by_lot"] is True
    assert vote["tied"] == ["Aino", "Bertta"]
    assert vote["result"] in ("Aino", "Bertta")
    vote = voting.election(meeting, item, {"Aino": 2, "Bertta": 2}, lot="Bertta")
    assert vote["result"] == "Bertta"
    vote = voting.election(meeting, item, {"Aino": 3, "Bertta": 2})
    assert (vote["result"], vote["by_lot"]) == ("Aino", False)
    with pytest.raises(RecordError):  # 6 votes, 5 present
        voting.election(meeting, item, {"Aino": 3, "Bertta": 3})


def test_attendance_over_rest(rest_portal):
    body, meeting, _ = setup(rest_portal, items=0)
    api.user.grant_roles(username=SECRETARY, obj=body, roles=["MeetingSecretary"])
    transaction.commit()
    url = f"{meeting.absolute_url()}/@attendance"
    auth = (SECRETARY, "Secret-123456")
    headers = {"Accept": "application/json"}
    bad = requests.put(
        url,
        json={"participants": [row(DEPUTIES[M[3]], "deputy", deputy_for=M[4])]},
        auth=auth,
        headers=headers,
        timeout=30,
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "participants[0].deputy_for"
    ok = requests.put(
        url,
        json={"participants": [row(M[0], "chair"), row(M[1]), row(M[2]), row(M[3])]},
        auth=auth,
        headers=headers,
        timeout=30,
    )
    assert ok.status_code == 200, ok.text
    got = requests.get(url, auth=auth, headers=headers, timeout=30).json()
    assert [p["userid"] for p in got["participants"]] == M[:4]
    assert (got["seats"], got["quorum_required"]) == (7, 4)
    anonymous = requests.put(
        url, json={"participants": []}, headers=headers, timeout=30
    )
    assert anonymous.status_code == 401
