"""The closed electronic decision procedure (KuntaL 100 §).

A Meeting whose ``mode`` is ``closed_procedure`` is not a meeting in a room:
the agenda's matters are decided in a closed system by the members' stated
positions. The law as behaviour:

- not for the council (``body_kind`` ``valtuusto``) nor for a body whose
  meetings are public (``public_meetings``): ``meeting_errors`` refuses the
  mode in every channel (the add and edit forms on the field ``mode``, REST
  with a 400 naming ``mode``), and requires ``procedure_deadline`` after now;
- each current member of the body states a position on each matter
  (``state_position``): ``accept`` or ``reject`` the proposal, or
  ``to_meeting``, the demand that the matter go to a meeting; until the
  deadline a member may change it, after the deadline nothing is accepted;
- ``outcome``: ``to_meeting`` at once when any member demands it, and at the
  deadline when a member stated nothing; ``decided`` only when the deadline
  has passed and every current member stated a position; ``pending`` before;
- ``close`` after the deadline: a decided matter gets its § number and
  resolution (``as_proposed`` when more members accepted than rejected,
  ``rejected`` when more rejected; a tie is settled by the chair's position,
  KuntaL 104 §); the others are unscheduled back to ``approved`` for a
  meeting, with the reason in the item's workflow history.

Positions are the members' deliberation: like what is said in a closed
meeting, every participant (members, the secretary, presenters) sees the
others' positions and reasons; nobody else does until the minutes
(``can_see_positions``).
"""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from datetime import UTC
from datetime import date
from datetime import datetime
from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.errors import FieldInvalid
from municipality.policy.meetings import attendance
from municipality.policy.meetings import minutes
from municipality.policy.meetings.content import IMeeting
from municipality.policy.meetings.lookup import agenda_items
from municipality.policy.meetings.lookup import agenda_uids
from municipality.policy.meetings.lookup import body_of
from municipality.policy.meetings.lookup import meeting_of
from municipality.policy.meetings.lookup import state
from municipality.policy.meetings.rights import manager_roles
from plone import api
from z3c.form.util import getSpecification
from z3c.form.validator import InvariantsValidator
from zope.component import adapter
from zope.i18n import translate
from zope.interface import Interface


CLOSED = "closed_procedure"
POSITIONS = ("accept", "reject", "to_meeting")
PENDING = "pending"
DECIDED = "decided"
TO_MEETING = "to_meeting"
#: Roles that may run the procedure (close it) besides the body's secretary.
RUNNERS = ("Manager", "Site Administrator", "ChiefRecordsOfficer")

MSG_COUNCIL = _(
    "msg_procedure_not_for_council",
    default="The closed electronic decision procedure cannot be used by the "
    "council (KuntaL 100 §).",
)
MSG_PUBLIC = _(
    "msg_procedure_not_for_public",
    default="The closed electronic decision procedure cannot be used by a body "
    "whose meetings are public (KuntaL 100 §).",
)
MSG_DEADLINE_REQUIRED = _(
    "msg_procedure_deadline_required",
    default="A closed electronic decision procedure needs a deadline for "
    "stating positions.",
)
MSG_DEADLINE_PAST = _(
    "msg_procedure_deadline_past",
    default="The deadline for stating positions must be in the future.",
)


class ProcedureError(Exception):
    """A refused procedure action: ``field`` it is about, translatable
    ``message``; ``status`` 400 (bad input) or 403 (not for this user)."""

    def __init__(self, field, message, status=400):
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.status = status


class ModeRefused(FieldInvalid):
    field = "mode"


class DeadlineInvalid(FieldInvalid):
    field = "procedure_deadline"


# ------------------------------------------------------------------ helpers
def _first(obj, iface):
    for item in aq_chain(aq_inner(obj)) if obj is not None else ():
        if iface.providedBy(item):
            return item
    return None


def aware(value, naive_zone=TIMEZONE):
    """An aware datetime in UTC; a naive one is taken in ``naive_zone``
    (a form's widget: Helsinki wall-clock time)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=naive_zone)
    return value.astimezone(UTC)


def _now(now=None):
    return aware(now, UTC) if now is not None else datetime.now(UTC)


def is_closed(meeting):
    return getattr(aq_base(meeting), "mode", None) == CLOSED


def deadline(meeting):
    """The meeting's deadline for positions, aware in UTC (or None)."""
    return aware(getattr(aq_base(meeting), "procedure_deadline", None))


def deadline_passed(meeting, now=None):
    end = deadline(meeting)
    return end is not None and _now(now) >= end


def refusal(body):
    """Why ``body`` may not use the closed procedure (a message) or None."""
    if body is None:
        return None
    if getattr(body, "body_kind", None) == "valtuusto":
        return MSG_COUNCIL
    if getattr(body, "public_meetings", False):
        return MSG_PUBLIC
    return None


def _day(text):
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def current_members(body, day=None):
    """The rows of ``body.members`` with a user id serving on ``day``
    (Helsinki today by default)."""
    day = day or datetime.now(TIMEZONE).date()
    rows = []
    for row in getattr(body, "members", None) or []:
        if not row.get("userid"):
            continue
        start, end = _day(row.get("start")), _day(row.get("end"))
        if (start and day < start) or (end and day > end):
            continue
        rows.append(row)
    return rows


def member_ids(body, day=None):
    return [row["userid"] for row in current_members(body, day)]


def is_member(body, userid):
    return bool(userid) and userid in member_ids(body)


def _roles(obj):
    if api.user.is_anonymous():
        return ()
    return api.user.get_roles(obj=obj)


def is_runner(meeting):
    """The body's secretary, or a chief records officer or manager."""
    body = body_of(meeting)
    user = None if api.user.is_anonymous() else api.user.get_current().getId()
    if user and body is not None and user == getattr(body, "secretary", None):
        return True
    return any(role in RUNNERS or role == "MeetingSecretary" for role in _roles(body))


def can_see_positions(meeting):
    """Participants see each other's positions: the members, the secretary,
    the presenters and those who run the procedure."""
    body = body_of(meeting)
    if api.user.is_anonymous() or body is None:
        return False
    user = api.user.get_current().getId()
    return (
        is_member(body, user)
        or user in (getattr(body, "presenters", None) or [])
        or is_runner(meeting)
    )


# --------------------------------------------------------------- validation
def meeting_errors(context, data, view=None, naive_zone=TIMEZONE, now=None):
    """Errors (``FieldInvalid``) of a meeting's mode and deadline.

    ``context`` is the meeting (edit, REST) or its body (add form); ``data``
    the submitted values (missing ones are read from the meeting)."""
    meeting = context if interfaces.IMeeting.providedBy(context) else None
    body = body_of(context)
    if body is None and view is not None:
        body = body_of(getattr(view, "context", None))
        if meeting is None and interfaces.IMeeting.providedBy(
            getattr(view, "context", None)
        ):
            meeting = view.context
    mode = data["mode"] if "mode" in data else getattr(meeting, "mode", None)
    if mode != CLOSED:
        return []
    errors = []
    reason = refusal(body)
    if reason is not None:
        errors.append(ModeRefused(reason))
    if "procedure_deadline" in data:
        value = aware(data["procedure_deadline"], naive_zone)
        # REST has written what it validates: every submitted value counts
        changed = view is None or meeting is None or value != deadline(meeting)
    else:
        value, changed = (deadline(meeting) if meeting is not None else None), False
    if value is None:
        errors.append(DeadlineInvalid(MSG_DEADLINE_REQUIRED))
    elif (changed or getattr(meeting, "mode", None) != CLOSED) and value <= _now(now):
        errors.append(DeadlineInvalid(MSG_DEADLINE_PAST))
    return errors


class MeetingValidator(InvariantsValidator):
    """The meeting schema's invariants plus the closed procedure's rules, in
    the add and edit forms (shown on their field) and in plone.restapi's
    deserializer (a 400 naming the field through ``errors.deserialize``)."""

    def validate(self, data):
        errors = list(super().validate(data))
        context = self.context
        # REST: a naive datetime is UTC (plone.restapi); a form's: Helsinki.
        naive_zone = UTC if self.view is None else TIMEZONE
        errors.extend(
            meeting_errors(context, data, view=self.view, naive_zone=naive_zone)
        )
        return tuple(errors)


# The schema is passed as an object: adapt the interface the schema object
# itself provides (z3c.form's ``getSpecification(..., force=True)``).
adapter(
    Interface, Interface, Interface, getSpecification(IMeeting, force=True), Interface
)(MeetingValidator)


def normalize_deadline(meeting, event=None):
    """Store a form's naive deadline (Helsinki wall-clock) aware in UTC."""
    value = getattr(aq_base(meeting), "procedure_deadline", None)
    if value is not None and value.tzinfo is None:
        meeting.procedure_deadline = aware(value, TIMEZONE)


# ---------------------------------------------------------------- positions
def positions(item):
    """{userid: row} of the item's stated positions."""
    return {
        row["userid"]: row
        for row in (getattr(aq_base(item), "positions", None) or [])
        if row.get("userid")
    }


def _check_open(item, now=None):
    meeting = meeting_of(item)
    if meeting is None or not is_closed(meeting):
        raise ProcedureError(
            "meeting",
            _(
                "msg_procedure_no_meeting",
                default="This matter is not in a closed electronic decision procedure.",
            ),
        )
    if aq_base(item).UID() not in agenda_uids(meeting):
        raise ProcedureError(
            "meeting",
            _(
                "msg_procedure_not_on_agenda",
                default="This matter is not on the procedure's agenda.",
            ),
        )
    if deadline_passed(meeting, now):
        raise ProcedureError(
            "position",
            _(
                "msg_procedure_closed",
                default="The deadline for stating positions has passed.",
            ),
        )
    if state(item) != "published":
        raise ProcedureError(
            "position",
            _(
                "msg_procedure_not_published",
                default="The agenda of the procedure has not been published.",
            ),
        )
    return meeting


def state_position(item, userid, position, text="", now=None):
    """Record member ``userid``'s ``position`` on ``item`` (replacing an
    earlier one) and return the row; ``ProcedureError`` when refused."""
    if position not in POSITIONS:
        raise ProcedureError(
            "position",
            _(
                "msg_procedure_position_unknown",
                default="Choose accept, reject or demand that the matter go "
                "to a meeting.",
            ),
        )
    meeting = _check_open(item, now)
    if not is_member(body_of(meeting), userid):
        raise ProcedureError(
            "userid",
            _(
                "msg_procedure_not_member",
                default="Only a member of the body may state a position.",
            ),
            status=403,
        )
    row = {
        "userid": userid,
        "position": position,
        "at": _now(now).isoformat(),
        "text": (text or "").strip(),
    }
    rows = [r for r in (item.positions or []) if r.get("userid") != userid]
    rows.append(row)
    item.positions = rows
    item.reindexObject(idxs=["modified"])
    return dict(row)


def outcome(item, now=None):
    """``pending``, ``decided`` or ``to_meeting`` (see the module)."""
    meeting = meeting_of(item)
    members = member_ids(body_of(meeting)) if meeting is not None else []
    stated = positions(item)
    if any(stated.get(m, {}).get("position") == TO_MEETING for m in members):
        return TO_MEETING
    if meeting is None or not deadline_passed(meeting, now):
        return PENDING
    if members and all(m in stated for m in members):
        return DECIDED
    return TO_MEETING


def count(item):
    """(accepts, rejects) of the current members' positions."""
    meeting = meeting_of(item)
    members = member_ids(body_of(meeting)) if meeting is not None else []
    stated = positions(item)
    chosen = [stated[m]["position"] for m in members if m in stated]
    return chosen.count("accept"), chosen.count("reject")


def resolution(item):
    """``as_proposed`` or ``rejected`` by the majority of the positions; a
    tie goes the way the chair took (KuntaL 104 §)."""
    accepts, rejects = count(item)
    if accepts != rejects:
        return "as_proposed" if accepts > rejects else "rejected"
    body = body_of(meeting_of(item))
    chairs = [
        row["userid"] for row in current_members(body) if row.get("function") == "chair"
    ]
    stated = positions(item)
    chair = stated.get(chairs[0], {}).get("position") if chairs else None
    return "as_proposed" if chair == "accept" else "rejected"


def reason_to_meeting(item, now=None):
    """Why the matter goes to a meeting: the demanding or silent members."""
    meeting = meeting_of(item)
    body = body_of(meeting)
    stated = positions(item)
    names = {
        row["userid"]: row.get("name") or row["userid"] for row in current_members(body)
    }
    demanded = [
        names[m] for m in names if stated.get(m, {}).get("position") == TO_MEETING
    ]
    if demanded:
        return _(
            "msg_procedure_demanded",
            default="To a meeting: demanded by ${names} (KuntaL 100 §).",
            mapping={"names": ", ".join(demanded)},
        )
    silent = [names[m] for m in names if m not in stated]
    return _(
        "msg_procedure_silent",
        default="To a meeting: no position by the deadline from ${names} "
        "(KuntaL 100 §).",
        mapping={"names": ", ".join(silent)},
    )


# -------------------------------------------------------------------- close
def _unschedule(item, meeting, note):
    """Back to ``approved`` for a meeting (transition ``to_meeting``): off
    this agenda, the reason in the item's workflow history."""
    meeting.agenda = [uid for uid in agenda_uids(meeting) if uid != item.UID()]
    item.meeting = None
    item.late = False
    with manager_roles():
        api.content.transition(obj=item, transition="to_meeting", comment=note)
    item.reindexObject()


def _attendance(meeting, stated):
    """The procedure's attendance for the minutes: the members who took part
    (stated a position on a decided matter) and the secretary."""
    body = body_of(meeting)
    rows = []
    for row in current_members(body):
        if row["userid"] in stated:
            capacity = "chair" if row.get("function") == "chair" else "member"
            rows.append(
                {
                    "userid": row["userid"],
                    "name": row.get("name") or "",
                    "capacity": capacity,
                    "remote": True,
                }
            )
    secretary = getattr(body, "secretary", None)
    if secretary:
        rows.append(
            {
                "userid": secretary,
                "name": secretary,
                "capacity": "secretary",
                "remote": True,
            }
        )
    return rows


def _decision_html(item, result):
    if result == "as_proposed":
        proposal = getattr(item, "proposal", None)
        return getattr(proposal, "raw", proposal) or ""
    return "<p>Päätösehdotus hylättiin.</p>"


def close(meeting, now=None):
    """After the deadline: decide the decided matters (``minutes.decide``:
    § number in agenda order, resolution, decision = the proposal) and send
    the others to a meeting. The meeting goes to ``held`` with the members
    who took part as its attendance; its minutes are signed and checked as
    any meeting's. Returns ``[{"uid", "title", "outcome", "resolution",
    "number", "reason"}]``. The caller checks who may (``is_runner``)."""
    if not is_closed(meeting):
        raise ProcedureError(
            "mode",
            _(
                "msg_procedure_no_meeting",
                default="This matter is not in a closed electronic decision procedure.",
            ),
        )
    if not deadline_passed(meeting, now):
        raise ProcedureError(
            "procedure_deadline",
            _(
                "msg_procedure_before_deadline",
                default="The procedure can be closed only after the deadline.",
            ),
        )
    report, decided, stated = [], [], set()
    for item in agenda_items(meeting):
        if state(item) != "published":
            continue
        result = outcome(item, now)
        row = {
            "uid": item.UID(),
            "title": item.Title(),
            "outcome": result,
            "resolution": None,
            "number": None,
            "reason": "",
        }
        if result == DECIDED:
            row["resolution"] = resolution(item)
            decided.append((item, row))
            stated.update(positions(item))
        else:
            row["reason"] = reason_to_meeting(item, now)
        report.append((item, row))
    with manager_roles():
        for item, row in report:
            if row["outcome"] != DECIDED:
                _unschedule(
                    item, meeting, translate(row["reason"], target_language="fi")
                )
        if state(meeting) == "convened":
            api.content.transition(obj=meeting, transition="hold")
        if decided and not meeting.participants:
            attendance.set_participants(meeting, _attendance(meeting, stated))
        for item, row in decided:
            row["number"] = minutes.decide(
                item, row["resolution"], _decision_html(item, row["resolution"])
            )
    meeting.reindexObject()
    return [row for _item, row in report]
