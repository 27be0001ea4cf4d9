"""The closed electronic decision procedure (KuntaL 100 §): refused for the
council and public bodies in the form and over REST, the outcome rules,
positions refused after the deadline and for non-members, closing."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from meeting_builders import MEMBERS
from meeting_builders import SECRETARY
from meeting_builders import as_manager
from meeting_builders import ensure_user
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.meetings import procedure
from plone import api
from plone.app.testing import login
from plone.app.textfield.value import RichTextValue
from plone.restapi.interfaces import IDeserializeFromJson
from zExceptions import BadRequest
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
import pytest


NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # 16.00 in Helsinki


def _procedure(portal, n_items=1):
    body = make_body(portal)
    meeting = make_meeting(body, mode="closed_procedure")
    meeting.procedure_deadline = DEADLINE
    items = []
    for index in range(n_items):
        item = make_item(
            portal,
            title=f"Asia {index}",
            proposal=RichTextValue(
                "<p>Hyväksytään.</p>", "text/html", "text/x-html-safe"
            ),
        )
        for transition in ("approve", "schedule", "publish"):
            api.content.transition(obj=item, transition=transition)
        item.meeting = meeting.UID()
        items.append(item)
    meeting.agenda = [item.UID() for item in items]
    return body, meeting, items


def _all(item, position="accept", but=None):
    for userid in MEMBERS:
        if userid != but:
            procedure.state_position(item, userid, position, now=NOW)


def _rest_errors(context, data, request):
    alsoProvides(request, IMunicipalityPolicyLayer)
    deserializer = getMultiAdapter((context, request), IDeserializeFromJson)
    with pytest.raises(BadRequest) as caught:
        deserializer(data=data)
    return caught.value


@pytest.mark.parametrize(
    "fields", [{"kind": "valtuusto"}, {"public_meetings": True}], ids=str
)
def test_refused_for_council_and_public_body_over_rest(portal, fields):
    body = make_body(portal, **fields)
    meeting = make_meeting(body)
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    error = _rest_errors(
        meeting,
        {"mode": "closed_procedure", "procedure_deadline": future},
        portal.REQUEST,
    )
    assert error.extra["field"] == "mode"  # over HTTP the 400 aborts the write


def test_ordinary_committee_may_use_it_but_needs_a_future_deadline(portal):
    body = make_body(portal)
    meeting = make_meeting(body)
    error = _rest_errors(meeting, {"mode": "closed_procedure"}, portal.REQUEST)
    assert error.extra["field"] == "procedure_deadline"
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    error = _rest_errors(
        meeting,
        {"mode": "closed_procedure", "procedure_deadline": past},
        portal.REQUEST,
    )
    assert error.extra["field"] == "procedure_deadline"
    errors = procedure.meeting_errors(
        meeting,
        {
            "mode": "closed_procedure",
            "procedure_deadline": datetime.now(UTC) + timedelta(days=2),
        },
    )
    assert errors == []


def test_refused_for_council_in_the_edit_form(portal):
    body = make_body(portal, kind="valtuusto")
    meeting = make_meeting(body)
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    request.form.update(
        {
            "form.widgets.mode": ["closed_procedure"],
            "form.widgets.mode-empty-marker": "1",
            "form.buttons.save": "Tallenna",
        }
    )
    form = meeting.restrictedTraverse("@@edit")
    form = getattr(form, "form_instance", form)
    form.update()
    assert form.widgets["mode"].error is not None
    assert "valtuusto" in str(form.widgets["mode"].error.message).lower() or (
        "council" in str(form.widgets["mode"].error.message).lower()
    )
    assert meeting.mode == "physical"


def test_outcome_all_stated_and_deadline_passed_is_decided(portal):
    _body, _meeting, (item,) = _procedure(portal)
    _all(item)
    assert procedure.outcome(item, now=NOW) == "pending"  # deadline not passed
    assert procedure.outcome(item, now=DEADLINE) == "decided"


def test_outcome_one_demand_goes_to_meeting_at_once(portal):
    _body, _meeting, (item,) = _procedure(portal)
    _all(item, but="jasen-3")
    procedure.state_position(
        item, "jasen-3", "to_meeting", "Vaatii keskustelua", now=NOW
    )
    assert procedure.outcome(item, now=NOW) == "to_meeting"
    assert procedure.outcome(item, now=DEADLINE) == "to_meeting"


def test_outcome_one_silent_at_deadline_goes_to_meeting(portal):
    _body, _meeting, (item,) = _procedure(portal)
    _all(item, but="jasen-7")
    assert procedure.outcome(item, now=NOW) == "pending"
    assert procedure.outcome(item, now=DEADLINE + timedelta(seconds=1)) == "to_meeting"


def test_positions_refused_after_deadline_and_for_non_members(portal):
    _body, _meeting, (item,) = _procedure(portal)
    with pytest.raises(procedure.ProcedureError) as late:
        procedure.state_position(item, "jasen-3", "accept", now=DEADLINE)
    assert late.value.field == "position"
    with pytest.raises(procedure.ProcedureError) as outsider:
        procedure.state_position(item, "vara-jasen-3", "accept", now=NOW)
    assert outsider.value.status == 403
    with pytest.raises(procedure.ProcedureError):
        procedure.state_position(item, "jasen-3", "maybe", now=NOW)
    assert item.positions == []


def test_close_decides_and_sends_to_meeting(portal):
    from municipality.policy.meetings import agenda

    body, meeting, (first, second, third) = _procedure(portal, 3)
    # convened as H1's convene would leave it
    api.content.transition(obj=meeting, transition="convene")
    for userid in MEMBERS:  # 4 accept, 3 reject -> as proposed
        procedure.state_position(
            first,
            userid,
            "accept" if userid in list(MEMBERS)[:4] else "reject",
            now=NOW,
        )
        procedure.state_position(second, userid, "reject", now=NOW)
    _all(third, but="jasen-5")
    with pytest.raises(procedure.ProcedureError):
        procedure.close(meeting, now=NOW)
    login(portal, SECRETARY)  # the body's secretary, no role of its own here
    assert procedure.is_runner(meeting)
    report = procedure.close(meeting, now=DEADLINE)
    as_manager(portal)
    assert [row["outcome"] for row in report] == ["decided", "decided", "to_meeting"]
    assert first.resolution == "as_proposed" and first.number == 1
    assert second.resolution == "rejected" and second.number == 2
    assert api.content.get_state(third) == "approved"
    assert third.meeting is None
    assert meeting.agenda == [first.UID(), second.UID()]
    comments = [
        entry.get("comments") or ""
        for history in third.workflow_history.values()
        for entry in history
        if entry.get("review_state") == "approved"
    ]
    assert any("Jenni Jäsen" in comment for comment in comments)
    assert api.content.get_state(meeting) == "held"
    assert agenda is not None


def _view(portal, context, name, form=None):
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)
    request.form.clear()
    request.form.update(form or {})
    return context.restrictedTraverse(name)


def test_member_page_states_positions_until_the_deadline(portal):
    from plone.protect.authenticator import createToken

    _body, meeting, (item,) = _procedure(portal)
    meeting.procedure_deadline = datetime.now(UTC) + timedelta(days=2)
    login(portal, "jasen-3")
    html = _view(portal, meeting, "@@positions")()
    assert "Hyväksytään." in html  # the proposal
    assert f'name="position-{item.UID()}"' in html
    request = portal.REQUEST
    request.method = "POST"
    _view(
        portal,
        meeting,
        "@@positions",
        {
            f"position-{item.UID()}": "to_meeting",
            f"text-{item.UID()}": "Asia vaatii keskustelua",
            "_authenticator": createToken(),
            "form.buttons.save": "1",
        },
    )()
    request.method = "GET"
    assert procedure.positions(item)["jasen-3"]["position"] == "to_meeting"
    assert procedure.outcome(item) == "to_meeting"

    as_manager(portal)
    # passed: 13.00 UTC on 3 June 2025 is 16.00 in Helsinki (summer time)
    meeting.procedure_deadline = datetime(2025, 6, 3, 13, 0, tzinfo=UTC)
    login(portal, "jasen-4")
    html = _view(portal, meeting, "@@positions")()
    assert f'name="position-{item.UID()}"' not in html  # read-only
    assert "3.6.2025 16.00" in html
    assert "Asia vaatii keskustelua" in html  # participants see the reasons


def test_procedure_rest_for_participants_only(portal):
    from municipality.policy.meetings.services.procedure import ProcedureGet
    from zExceptions import Forbidden

    _body, meeting, (item,) = _procedure(portal)
    procedure.state_position(item, "jasen-3", "accept", "Hyvä", now=NOW)
    ensure_user("ulkopuolinen")
    api.user.grant_roles(username="ulkopuolinen", roles=["Staff"], obj=meeting)

    def get():
        service = ProcedureGet()
        service.context, service.request = meeting, portal.REQUEST
        return service.reply()

    login(portal, "jasen-5")
    data = get()
    (row,) = data["items"]
    assert [s["userid"] for s in row["stated"]] == ["jasen-3"]
    assert row["positions"][0]["position"] == "accept"
    assert len(row["missing"]) == 6
    assert data["deadline"] == "2026-12-03T14:00:00+00:00"
    assert data["deadline_local"] == "2026-12-03T16:00:00+02:00"
    login(portal, "ulkopuolinen")
    with pytest.raises(Forbidden):
        get()


def test_position_over_rest(portal):
    from municipality.policy.meetings.services.procedure import PositionPost
    from zExceptions import Forbidden
    import json

    _body, meeting, (item,) = _procedure(portal)
    meeting.procedure_deadline = datetime.now(UTC) + timedelta(days=1)
    request = portal.REQUEST

    def post(payload):
        request.set("BODY", json.dumps(payload).encode())
        service = PositionPost()
        service.context, service.request = item, request
        return service.reply()

    login(portal, "jasen-6")
    row = post({"position": "reject", "text": "Liian kallis"})
    assert (row["userid"], row["position"]) == ("jasen-6", "reject")
    with pytest.raises(BadRequest) as bad:
        post({"position": "ehkä"})
    assert bad.value.extra["field"] == "position"
    login(portal, SECRETARY)
    with pytest.raises(Forbidden):
        post({"position": "accept"})
    assert list(procedure.positions(item)) == ["jasen-6"]


def test_refused_for_public_body_in_the_add_form(portal):
    body = make_body(portal, public_meetings=True)
    _view(
        portal,
        body,
        "++add++Meeting",
        {
            "form.widgets.mode": ["closed_procedure"],
            "form.widgets.mode-empty-marker": "1",
            "form.buttons.save": "Tallenna",
        },
    )
    view = body.restrictedTraverse("++add++Meeting")
    view.update()
    form = view.form_instance
    assert form.widgets["mode"].error is not None
    assert "public" in str(form.widgets["mode"].error.message).lower() or (
        "julki" in str(form.widgets["mode"].error.message).lower()
    )
    assert [o for o in body.objectValues() if o.portal_type == "Meeting"] == []
