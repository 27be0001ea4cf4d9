"""Deciding §s, signing and checking the minutes, and writing decisions back.

Expected values by hand: § numbers run per body and year over its
meetings; a decision exists only once the minutes are checked.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from meeting_builders import DEPUTIES
from meeting_builders import MEMBERS
from meeting_builders import PASSWORD
from meeting_builders import SECRETARY
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.cases import phaselog
from municipality.policy.meetings import attendance
from municipality.policy.meetings import minutes
from municipality.policy.meetings import writeback
from municipality.policy.meetings.attendance import RecordError
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.textfield.value import RichTextValue
from plone.protect.authenticator import createToken
import pytest
import requests
import transaction


M = list(MEMBERS)
PERSONAL = 'Hakija <span class="kp-personal">Maija Meikäläinen</span> sai tuen.'


def row(userid, capacity="member", **extra):
    return {"userid": userid, "name": userid, "capacity": capacity, **extra}


def held_meeting(portal, body, titles, present=5, publicity=None):
    """A held meeting of ``body`` with items ``titles`` published on its agenda."""
    meeting = make_meeting(body, start=datetime.now(UTC) - timedelta(hours=2))
    items = []
    for index, title in enumerate(titles):
        secret = publicity and publicity[index] != "public"
        item = make_item(
            portal,
            title=title,
            publicity="secret" if secret else "public",
            proposal=RichTextValue(
                f"<p>Ehdotus: {title}</p>", "text/html", "text/html"
            ),
        )
        item.meeting = meeting.UID()
        for transition in ("approve", "schedule"):
            api.content.transition(obj=item, transition=transition)
        items.append(item)
    meeting.agenda = [item.UID() for item in items]
    meeting.notice_published = meeting.start - timedelta(days=7)
    api.content.transition(obj=meeting, transition="convene")
    for item in items:
        api.content.transition(obj=item, transition="publish")
    api.content.transition(obj=meeting, transition="hold")
    people = [row(M[0], "chair")] + [row(userid) for userid in M[1:present]]
    attendance.set_participants(meeting, [*people, row(SECRETARY, "secretary")])
    meeting.examiners = [M[1], M[2]]
    return meeting, items


def test_section_numbers_run_over_the_meetings_of_a_body_in_a_year(portal):
    body = make_body(portal)
    first, (a, b) = held_meeting(portal, body, ["Asia A", "Asia B"])
    with pytest.raises(RecordError) as error:  # agenda order
        minutes.decide(b, "as_proposed")
    assert error.value.field == "item"
    assert minutes.decide(a, "as_proposed") == 1
    assert minutes.decide(b, "tabled") == 2
    second, (c,) = held_meeting(portal, body, ["Asia C"])
    assert attendance.section(second, c) == 3
    assert minutes.decide(c, "as_proposed") == 3
    assert (a.number, b.number, c.number) == (1, 2, 3)
    assert api.content.get_state(obj=c) == "decided"
    assert c.decision.raw == "<p>Ehdotus: Asia C</p>"  # prefilled from the proposal


def test_decide_is_refused_without_quorum(portal):
    body = make_body(portal)
    meeting, (item,) = held_meeting(portal, body, ["Asia"], present=4)
    with pytest.raises(RecordError) as error:
        minutes.decide(
            item,
            "as_proposed",
            disqualified=[{"userid": M[3], "reason": "Hakijan veli"}],
        )
    assert error.value.field == "quorum"
    assert "3" in str(error.value.message.mapping["present"])
    assert error.value.message.mapping["required"] == 4
    assert item.number is None
    assert item.disqualified == []
    assert api.content.get_state(obj=item) == "published"


def test_decide_with_a_vote_recorded(portal):
    body = make_body(portal)
    meeting, (item,) = held_meeting(portal, body, ["Asia"], present=5)
    number = minutes.decide(
        item,
        "after_vote",
        "<p>Palautetaan valmisteluun.</p>",
        proposals=[{"by": M[1], "text": "Palautetaan", "supported_by": [M[2]]}],
        votes=[
            {
                "kind": "open",
                "proposal": "p1",
                "ballots": {
                    M[0]: "jaa",
                    M[1]: "ei",
                    M[2]: "ei",
                    M[3]: "ei",
                    M[4]: "jaa",
                },
            }
        ],
        dissents=[{"userid": M[0], "text": "Eriävä mielipide"}],
    )
    assert number == 1
    assert item.votes[0]["result"] == "ei"
    assert item.votes[0]["counts"] == {"jaa": 2, "ei": 3, "tyhja": 0, "poissa": 2}
    assert item.dissents == [{"userid": M[0], "text": "Eriävä mielipide"}]


def _decide_and_sign(portal):
    body = make_body(portal, title="Sivistyslautakunta")
    meeting, (final, tabled) = held_meeting(portal, body, ["Tuki", "Lykätty"])
    case = final.aq_parent
    tabled_case = tabled.aq_parent
    minutes.decide(final, "as_proposed", f"<p>{PERSONAL}</p>")
    minutes.decide(tabled, "tabled")
    return body, meeting, final, tabled, case, tabled_case


def test_write_back_only_after_the_minutes_are_checked(portal):
    body, meeting, final, tabled, case, tabled_case = _decide_and_sign(portal)
    before = api.content.get_state(obj=case)
    assert before == "vireilla"
    with pytest.raises(writeback.NotChecked):
        writeback.apply(final)
    minutes.sign(meeting, M[0])
    assert api.content.get_state(obj=meeting) == "held"  # secretary not yet
    minutes.sign(meeting, SECRETARY)
    assert api.content.get_state(obj=meeting) == "checking"
    with pytest.raises(RecordError):
        minutes.sign(meeting, SECRETARY)
    minutes.examine(meeting, M[1])
    assert api.content.get_state(obj=meeting) == "checking"
    assert api.content.get_state(obj=case) == "vireilla"
    assert [e for e in phaselog.entries(case) if e["kind"] == "decision"] == []
    assert [d for d in case.objectValues() if d.portal_type == "CaseDocument"] == []
    minutes.examine(meeting, M[2], how="at_meeting")
    assert api.content.get_state(obj=meeting) == "checked"
    assert api.content.get_state(obj=final) == "checked"
    assert api.content.get_state(obj=case) == "paatetty"
    (entry,) = [e for e in phaselog.entries(case) if e["kind"] == "decision"]
    assert entry["action_class"] == "paatoksenteko"
    today = datetime.now(UTC).astimezone(attendance.helsinki(entry["date"]).tzinfo)
    # decided on the meeting's day, in existence from the check (today)
    meeting_day = meeting.start.astimezone(today.tzinfo).date()
    assert entry["data"]["body"] == "Sivistyslautakunta"
    assert entry["data"]["number"] == 1
    assert entry["data"]["resolution"] == "as_proposed"
    assert entry["data"]["item_uid"] == final.UID()
    assert entry["data"]["date"] == meeting_day.isoformat()
    assert entry["data"]["checked"] == today.date().isoformat()
    (document,) = [d for d in case.objectValues() if d.portal_type == "CaseDocument"]
    assert document.record_type in ("Pöytäkirjanote", "Ote")
    assert document.direction == "internal"
    assert api.content.get_state(obj=document) == "registered" or document.diary_number
    data = document.file.data  # H3's PDF extract when it exists, else HTML
    assert data.startswith(b"%PDF") or b"Maija" in data
    # tabled: the decision is logged, the case stays where it was
    assert api.content.get_state(obj=tabled_case) == "vireilla"
    (tabled_entry,) = [
        e for e in phaselog.entries(tabled_case) if e["kind"] == "decision"
    ]
    assert tabled_entry["data"]["number"] == 2
    # written back once
    assert writeback.apply(final) is None
    rendered = phaselog.render(case, entry, full=False)["text"]
    day = f"{meeting_day.day}.{meeting_day.month}.{meeting_day.year}"
    assert rendered in (
        f"Sivistyslautakunta päätti {day}, 1 §: Hyväksyttiin ehdotuksen mukaisesti",
        f"Sivistyslautakunta decided on {day}, § 1: Accepted as proposed",
    )


def test_public_minutes_hide_secret_titles_and_scrubbed_personal_data(portal):
    body = make_body(portal, public_meetings=True)
    meeting, (open_item, secret) = held_meeting(
        portal,
        body,
        ["Avustus yhdistykselle", "Oppilaan erityinen tuki Koulu X"],
        publicity=["public", "secret"],
    )
    minutes.decide(open_item, "as_proposed", f"<p>{PERSONAL}</p>")
    minutes.decide(secret, "as_proposed", "<p>Salainen päätös</p>")
    minutes.sign(meeting, M[0])
    minutes.sign(meeting, SECRETARY)
    minutes.examine(meeting, M[1])
    minutes.examine(meeting, M[2])
    staff = minutes.compose(meeting)
    assert staff["items"][1]["title"] == "Oppilaan erityinen tuki Koulu X"
    logout()
    # KuntaL 140 §: checked minutes show the marked personal data until the
    # day after the appeal period; then the clock job sets the scrub mark
    shown = minutes.compose(meeting)["items"][0]
    assert "Maija Meikäläinen" in shown["decision"]
    open_item.scrubbed = datetime.now(UTC)
    public = minutes.compose(meeting)
    first, second = public["items"]
    assert "Maija" not in first["decision"] and "[…]" in first["decision"]
    assert second["restricted"] is True
    assert second["title"] == "Salassa pidettävä asia"
    assert "decision" not in second
    html = meeting.restrictedTraverse("@@minutes-document")()
    assert "<main" in html and '<html lang="' in html
    assert "Salassa pidettävä asia" in html
    for leak in ("Oppilaan erityinen", "Koulu X", "Maija", "Meikäläinen", "Salainen"):
        assert leak not in html
    page = meeting.restrictedTraverse("@@minutes")()
    for leak in ("Oppilaan erityinen", "Maija", "Salainen"):
        assert leak not in page


def test_decide_over_rest(rest_portal):
    body = make_body(rest_portal)
    meeting, (item,) = held_meeting(rest_portal, body, ["Asia"])
    api.user.grant_roles(username=SECRETARY, obj=body, roles=["MeetingSecretary"])
    transaction.commit()
    url = f"{item.absolute_url()}/@decide"
    auth = (SECRETARY, PASSWORD)
    headers = {"Accept": "application/json"}
    bad = requests.post(
        url,
        json={
            "resolution": "after_vote",
            "decision": "<p>x</p>",
            "proposals": [{"by": M[1], "text": "Hylätään", "supported_by": []}],
            "votes": [{"kind": "open", "proposal": "p1", "ballots": {}}],
        },
        auth=auth,
        headers=headers,
        timeout=30,
    )
    assert bad.status_code == 400, bad.text
    assert bad.json()["field"] == "votes"
    bad = requests.post(
        url, json={"resolution": "maybe"}, auth=auth, headers=headers, timeout=30
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "resolution")
    transaction.begin()
    assert item.number is None and item.proposals == []
    ok = requests.post(
        url,
        json={"resolution": "as_proposed", "decision": "<p>Hyväksytään.</p>"},
        auth=auth,
        headers=headers,
        timeout=30,
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["number"] == 1
    anonymous = requests.get(
        f"{meeting.absolute_url()}/@minutes", headers=headers, timeout=30
    )
    assert anonymous.status_code == 200, anonymous.text
    assert anonymous.json()["items"][0]["number"] == 1
    assert requests.post(url, json={}, headers=headers, timeout=30).status_code == 401


def test_record_meeting_page_shows_quorum_and_refuses_without_it(portal):
    body = make_body(portal)
    meeting, (item,) = held_meeting(portal, body, ["Asia"], present=5)
    request = portal.REQUEST
    view = meeting.restrictedTraverse("@@record-meeting")
    html = view()
    assert "Päätösvaltainen: 5/7 läsnä, vaaditaan yli puolet (4)." in html
    assert 'name="decision.' in html and "Ehdotus: Asia" in html  # prefilled
    request.method = "POST"
    request.form.update(
        {
            "_authenticator": createToken(),
            "save_attendance": "1",
            "opened": "17.05",
            **{f"present.{userid}": "1" for userid in M[:4]},
            f"deputy.{M[4]}": DEPUTIES[M[4]],
            f"remote.{M[3]}": "1",
            f"left.{M[3]}": "3",
        }
    )
    meeting.restrictedTraverse("@@record-meeting")()
    assert [(p["userid"], p["capacity"]) for p in meeting.participants] == [
        (M[0], "chair"),
        (M[1], "member"),
        (M[2], "member"),
        (M[3], "member"),
        (DEPUTIES[M[4]], "deputy"),
        (SECRETARY, "secretary"),
    ]
    assert meeting.participants[3]["remote"] is True
    assert meeting.participants[3]["left_after"] == 3
    assert attendance.helsinki(meeting.opened).strftime("%H:%M") == "17:05"
    request.form.clear()
    uid = item.UID()
    request.form.update(
        {
            "_authenticator": createToken(),
            "decide": "1",
            "item": uid,
            f"resolution.{uid}": "as_proposed",
            f"decision.{uid}": "<p>Hyväksytään.</p>",
            f"disqualified.{uid}": [M[1], M[2]],
            f"disqualified_reason.{uid}": "Yhteisön hallituksen jäsen",
        }
    )
    html = meeting.restrictedTraverse("@@record-meeting")()
    assert request.response.getStatus() == 400
    assert "Pykälän käsittelyssä ei ole päätösvaltaisuutta: läsnä 3" in html
    assert item.number is None
    request.form[f"disqualified.{uid}"] = [M[1]]
    meeting.restrictedTraverse("@@record-meeting")()
    assert item.number == 1
    assert item.disqualified == [
        {"userid": M[1], "reason": "Yhteisön hallituksen jäsen"}
    ]


def test_examiner_checks_on_the_check_minutes_page(portal):
    body = make_body(portal)
    meeting, (item,) = held_meeting(portal, body, ["Asia"], present=5)
    minutes.decide(
        item,
        "after_vote",
        "<p>Palautetaan valmisteluun.</p>",
        proposals=[{"by": M[1], "text": "Palautetaan", "supported_by": [M[2]]}],
        votes=[
            {
                "kind": "open",
                "proposal": "p1",
                "ballots": {
                    M[0]: "jaa",
                    M[1]: "ei",
                    M[2]: "ei",
                    M[3]: "ei",
                    M[4]: "jaa",
                },
            }
        ],
    )
    minutes.sign(meeting, M[0])
    minutes.sign(meeting, SECRETARY)
    login(portal, M[3])  # a member, not an examiner
    assert "Tarkastan pöytäkirjan" not in meeting.restrictedTraverse("@@minutes")()
    login(portal, M[1])
    html = meeting.restrictedTraverse("@@check-minutes")()
    assert "Tarkastan pöytäkirjan" in html
    assert "Ei (Palautetaan)" in html  # the result with the proposal that won
    assert "Jaa 2, Ei 3, Tyhjää 0, Poissa 2" in html
    request = portal.REQUEST
    request.method = "POST"
    request.form.update({"_authenticator": createToken(), "examine": "1"})
    meeting.restrictedTraverse("@@check-minutes")()
    assert [row["userid"] for row in meeting.examinations] == [M[1]]
    assert api.content.get_state(obj=meeting) == "checking"  # M[2] still to check


def test_office_holder_decision_sentence(portal):
    body = make_body(portal)
    _meeting, (item,) = held_meeting(portal, body, ["Asia"])
    case = item.aq_parent
    entry = phaselog.add(
        case,
        phaselog.DECISION,
        "paatoksenteko",
        data={"post": "sivistysjohtaja", "number": 12, "date": "2026-03-12"},
    )
    text = phaselog.render(case, entry, full=False)["text"]
    assert text == "Sivistysjohtaja päätti, päätös 12/2026"


def test_sign_and_examine_over_rest(rest_portal):
    body = make_body(rest_portal)
    meeting, (item,) = held_meeting(rest_portal, body, ["Asia"])
    minutes.decide(item, "as_proposed")
    transaction.commit()
    headers = {"Accept": "application/json"}
    sign = f"{meeting.absolute_url()}/@sign"
    refused = requests.post(sign, auth=(M[4], PASSWORD), headers=headers, timeout=30)
    assert refused.status_code == 403
    for userid in (M[0], SECRETARY):
        answer = requests.post(
            sign, auth=(userid, PASSWORD), headers=headers, timeout=30
        )
        assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "checking"
    examine = f"{meeting.absolute_url()}/@examine"
    refused = requests.post(examine, auth=(M[4], PASSWORD), headers=headers, timeout=30)
    assert refused.status_code == 403
    for userid in (M[1], M[2]):
        answer = requests.post(
            examine, json={}, auth=(userid, PASSWORD), headers=headers, timeout=30
        )
        assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "checked"
    transaction.begin()
    assert api.content.get_state(obj=item.aq_parent) == "paatetty"
