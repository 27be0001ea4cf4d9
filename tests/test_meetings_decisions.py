"""Office holders' decisions: numbering per post and year, the case after a
decision, the call-in period across a weekend and holidays, the public
listing (only publish_online decisions, never a non-public text or marked
personal data)."""

from builders import make_case
from builders import make_registry
from datetime import date
from datetime import datetime
from meeting_builders import SECRETARY
from meeting_builders import as_manager
from meeting_builders import ensure_user
from meeting_builders import make_body
from municipality.policy.cases import phaselog
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.meetings import decisions
from municipality.policy.meetings import numbering
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.textfield.value import RichTextValue
from zope.interface import alsoProvides
import pytest


PERSONAL = '<span class="kp-personal">Matti Meikäläinen, Kuja 1</span>'


def _decision(
    case, post="sivistysjohtaja", title="Koulukuljetuksen myöntäminen", **fields
):
    values = {
        "decider": TEST_USER_ID,
        "post": post,
        "delegation": "Hallintosääntö 42 §",
        "text": RichTextValue(
            f"<p>Myönnetään koulukuljetus oppilaalle {PERSONAL}.</p>",
            "text/html",
            "text/x-html-safe",
        ),
    }
    values.update(fields)
    return api.content.create(
        container=case, type="OfficeHolderDecision", title=title, **values
    )


@pytest.fixture
def case(portal):
    as_manager(portal)
    registry = make_registry(portal)
    return make_case(registry, "Koulukuljetus", "public", sector="kunnanhallitus")


def test_numbering_per_post_and_year(portal, case):
    creator = portal["esimerkkikunta"]
    a1 = _decision(case)
    a2 = _decision(case)
    b1 = _decision(case, post="tekninen johtaja")
    a3 = _decision(case)
    a4 = _decision(case)
    assert decisions.decide(a1, when=date(2026, 12, 30)) == 1
    assert decisions.decide(b1, when=date(2026, 12, 31)) == 1
    assert decisions.decide(a2, when=date(2026, 12, 31)) == 2
    assert decisions.decide(a3, when=date(2027, 1, 2)) == 1
    assert decisions.decide(a4, when=date(2027, 1, 4)) == 2
    assert (a2.number, a2.decision_date) == (2, date(2026, 12, 31))
    assert numbering.last(creator, "post:sivistysjohtaja", 2026) == 2
    assert numbering.last(creator, "post:tekninen johtaja", 2026) == 1


def test_decision_date_is_helsinki_day(portal, case):
    decision = _decision(case)
    # 22.30 UTC on 31 Dec is 00.30 on 1 Jan in Helsinki
    decisions.decide(decision, when=datetime.fromisoformat("2026-12-31T22:30:00+00:00"))
    assert decision.decision_date == date(2027, 1, 1)
    assert decision.number == 1


def test_only_the_decider_decides(portal, case):
    ensure_user("joku-muu")
    decision = _decision(case)
    login(portal, "joku-muu")
    with pytest.raises(decisions.DecisionError) as refused:
        decisions.decide(decision)
    assert refused.value.status == 403
    as_manager(portal)
    assert api.content.get_state(decision) == "draft"


def test_case_state_phase_log_and_record_after_decide(portal, case):
    assert api.content.get_state(case) == "vireilla"
    decision = _decision(case)
    decisions.decide(decision, when=date(2026, 12, 4))
    assert api.content.get_state(decision) == "decided"
    assert api.content.get_state(case) == "paatetty"
    entries = [e for e in phaselog.entries(case) if e["kind"] == "decision"]
    assert len(entries) == 1
    assert entries[0]["data"] == {
        "post": "sivistysjohtaja",
        "number": 1,
        "year": 2026,
        "decider": TEST_USER_ID,
        "decision_uid": decision.UID(),
        "date": "2026-12-04",
    }
    assert entries[0]["agent"] == TEST_USER_ID
    docs = [o for o in case.objectValues() if o.portal_type == "CaseDocument"]
    assert [d.record_type for d in docs] == ["Päätös"]
    assert api.content.get_state(docs[0]) == "registered"
    assert docs[0].file.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    "decided,last",
    [
        # Fri 4.12. + 7 = Fri 11.12.; + 14 = Fri 25.12. (Christmas Day),
        # 26.12. Sat (St Stephen's), 27.12. Sun -> Mon 28.12.
        (date(2026, 12, 4), date(2026, 12, 28)),
        # Fri 29.5. + 7 = Fri 5.6.; + 14 = Fri 19.6. (Midsummer Eve),
        # Sat 20.6. Midsummer Day, Sun 21.6. -> Mon 22.6.
        (date(2026, 5, 29), date(2026, 6, 22)),
        # Wed 2.9. + 7 = Wed 9.9.; + 14 = Wed 23.9. (a working day)
        (date(2026, 9, 2), date(2026, 9, 23)),
    ],
)
def test_call_in_deadline(portal, case, decided, last):
    decision = _decision(case)
    decisions.decide(decision, when=decided)
    assert decisions.call_in_deadline(decision) == last


def test_call_in_within_and_after_the_deadline(portal, case):
    body = make_body(portal, title="Kunnanhallitus", kind="hallitus")
    late = _decision(case, title="Myöhään otettava")
    timely = _decision(case, title="Ajoissa otettava")
    decisions.decide(late, when=date(2026, 12, 4))
    decisions.decide(timely, when=date(2026, 12, 4))
    login(portal, SECRETARY)  # the body's secretary, no other role
    with pytest.raises(decisions.DecisionError) as refused:
        decisions.call_in(late, body, when=date(2026, 12, 29))
    assert refused.value.field == "decision"
    assert "28.12.2026" in api.portal.translate(refused.value.message)
    item = decisions.call_in(timely, body, when=date(2026, 12, 28))
    as_manager(portal)
    assert api.content.get_state(late) == "decided"
    assert api.content.get_state(timely) == "called_in"
    assert timely.called_in_by == body.UID()
    assert item.portal_type == "AgendaItem"
    assert item.aq_parent == case
    assert item.Title() == "Otto-oikeuden käyttö: Ajoissa otettava"
    assert [
        e["data"].get("event")
        for e in phaselog.entries(case)
        if e["kind"] == "decision"
    ] == [None, None, "called_in"]


def test_call_in_refused_for_other_users(portal, case):
    body = make_body(portal, title="Kunnanhallitus", kind="hallitus")
    decision = _decision(case)
    decisions.decide(decision, when=date(2026, 12, 4))
    login(portal, "jasen-3")  # a member, not the secretary
    with pytest.raises(decisions.DecisionError) as refused:
        decisions.call_in(decision, body, when=date(2026, 12, 7))
    assert refused.value.status == 403


def test_public_listing(portal, case):
    registry = make_registry(portal)
    secret_case = make_case(
        registry, "Oppilashuolto", "secret", sector="kunnanhallitus"
    )
    shown = _decision(case, title="Julkinen päätös", publish_online=True)
    hidden = _decision(
        secret_case,
        title="Salainen oppilaspäätös",
        public_title="Oppilashuollon päätös",
        publish_online=True,
    )
    unpublished = _decision(case, title="Julkaisematon päätös", publish_online=False)
    draft = _decision(case, title="Luonnospäätös", publish_online=True)
    decisions.decide(shown, when=date(2026, 11, 2))
    decisions.decide(
        hidden,
        when=date(2026, 11, 3),
    )
    decisions.decide(unpublished, when=date(2026, 11, 4))
    creator = portal["esimerkkikunta"]
    rows = decisions.public_decisions(creator)
    assert [r["UID"] for r in rows] == [hidden.UID(), shown.UID()]  # newest first
    assert rows[0]["title"] == "Oppilashuollon päätös"
    assert rows[0]["text"] == ""
    assert rows[1]["title"] == "Julkinen päätös"
    assert "Myönnetään koulukuljetus" in rows[1]["text"]
    assert "Meikäläinen" not in rows[1]["text"]
    assert decisions.public_decisions(creator, post="tekninen johtaja") == []
    assert decisions.public_decisions(creator, year=2025) == []
    assert draft.number is None

    if api.content.get_state(creator) != "published":
        api.content.transition(obj=creator, transition="publish")
    logout()
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    html = creator.restrictedTraverse("@@office-holder-decisions")()
    assert "Julkinen päätös" in html
    assert "Oppilashuollon päätös" in html
    assert "Salainen" not in html
    assert "Julkaisematon" not in html
    assert "Meikäläinen" not in html
    assert "Kuja 1" not in html


def _request(portal, form=None):
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    request.form.clear()
    request.form.update(form or {})
    return request


def test_add_form_fills_decider_and_case_restriction(portal):
    as_manager(portal)
    registry = make_registry(portal)
    secret_case = make_case(
        registry, "Oppilashuolto", "secret", sector="kunnanhallitus"
    )
    _request(portal)
    view = secret_case.restrictedTraverse("++add++OfficeHolderDecision")
    view.update()
    form = view.form_instance
    assert form.widgets["decider"].value in ([TEST_USER_ID], TEST_USER_ID)
    widgets = dict(form.widgets.items())
    for group in form.groups:
        widgets.update(group.widgets.items())
    publicity = [w for name, w in widgets.items() if name.endswith("publicity_class")]
    assert publicity and publicity[0].value in (["secret"], "secret")


def test_decision_view_buttons(portal, case):
    body = make_body(portal, title="Kunnanhallitus", kind="hallitus")
    decision = _decision(case, publish_online=True)
    _request(portal)
    html = decision.restrictedTraverse("@@view")()
    assert "sivistysjohtaja" in html
    assert "Hallintosääntö 42 §" in html
    assert 'name="form.buttons.decide"' in html
    assert 'name="form.buttons.call_in"' not in html
    decisions.decide(decision, when=date(2026, 12, 4))
    # the body's secretary holds Pöytäkirjanpitäjä on the sector
    api.user.grant_roles(
        username=SECRETARY, roles=["MeetingSecretary"], obj=body.aq_parent
    )
    login(portal, SECRETARY)
    _request(portal)
    html = decision.restrictedTraverse("@@view")()
    assert "1/2026" in html and "4.12.2026" in html
    assert 'name="form.buttons.decide"' not in html
    assert 'name="form.buttons.call_in"' in html
    assert "28.12.2026" in html  # the call-in deadline
    assert body.Title() in html


def test_listing_over_rest(portal, case):
    from municipality.policy.meetings.services.decisions import DecisionListGet

    shown = _decision(case, title="Julkinen päätös", publish_online=True)
    other = _decision(
        case, post="tekninen johtaja", title="Toinen", publish_online=True
    )
    decisions.decide(shown, when=date(2026, 11, 2))
    decisions.decide(other, when=date(2025, 11, 2))
    service = DecisionListGet()
    service.context = portal["esimerkkikunta"]
    service.request = _request(portal, {"year": "2026"})
    data = service.reply()
    assert [row["title"] for row in data["items"]] == ["Julkinen päätös"]
    assert data["items"][0]["number"] == 1 and data["items"][0]["year"] == 2026
    assert "Meikäläinen" not in data["items"][0]["text"]
    service.request = _request(portal, {"post": "tekninen johtaja"})
    assert [row["title"] for row in service.reply()["items"]] == ["Toinen"]


def test_call_in_over_rest_after_the_deadline(portal, case):
    from municipality.policy.meetings.services.decisions import CallInPost
    from zExceptions import BadRequest
    import json

    body = make_body(portal, title="Kunnanhallitus", kind="hallitus")
    decision = _decision(case)
    decisions.decide(decision, when=date(2025, 12, 4))  # period ended 29.12.2025
    request = _request(portal)
    request.set("BODY", json.dumps({"body": body.UID()}).encode())
    service = CallInPost()
    service.context, service.request = decision, request
    with pytest.raises(BadRequest) as refused:
        service.reply()
    assert refused.value.extra["field"] == "decision"
    assert api.content.get_state(decision) == "decided"
