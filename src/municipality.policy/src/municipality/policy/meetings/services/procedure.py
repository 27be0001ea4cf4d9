"""REST of the closed electronic decision procedure (``meetings.procedure``).

- ``POST <item>/@position`` ``{"position": "accept"|"reject"|"to_meeting",
  "text": ""}``: the current user's position (a member of the body, before
  the deadline); 201 with the stored row; 400 naming ``position`` (unknown,
  or after the deadline) or ``meeting``; 403 for a non-member; 401 anonymous.
- ``GET <meeting>/@procedure``: the deadline and each matter's outcome, who
  has stated and, to the participants (members, secretary, presenters), the
  positions with their reasons; 403 for anyone else (the procedure is
  closed: the public reads the minutes).
- ``POST <meeting>/@procedure`` ``{"action": "close"}``: the secretary (or a
  chief records officer) closes the procedure after the deadline; 200 with
  each matter's outcome.
- ``Meeting`` deserializer: the mode and deadline errors of the procedure
  (and every ``FieldInvalid``) are 400s naming their field.
"""

from municipality.policy import _
from municipality.policy.base.dates import helsinki
from municipality.policy.errors import deserialize
from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from municipality.policy.interfaces import IMeeting
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.meetings import lookup
from municipality.policy.meetings import procedure
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.services import Service
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.component import adapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer


MSG_LOGIN = _("msg_procedure_login", default="Log in to take part in the procedure.")
MSG_PARTICIPANTS = _(
    "msg_procedure_participants_only",
    default="Only the participants of the procedure see it before the minutes.",
)
MSG_BODY = _("msg_procedure_bad_body", default="Expected a JSON object.")


@implementer(IDeserializeFromJson)
@adapter(IMeeting, IMunicipalityPolicyLayer)
class MeetingDeserializer(DeserializeFromJson):
    """A meeting's invariant errors (``FieldInvalid``) name their field."""

    def __call__(self, validate_all=False, data=None, create=False, **kw):
        return deserialize(
            super().__call__, validate_all=validate_all, data=data, create=create, **kw
        )


def _body(request):
    try:
        data = json_body(request)
    except Exception:  # noqa: BLE001  (json_body raises a bare DeserializationError)
        data = None
    if not isinstance(data, dict):
        raise field_bad_request("body", MSG_BODY)
    return data


def _refuse(error):
    if error.status == 403:
        raise json_error(Forbidden, error.message)
    raise field_bad_request(error.field, error.message)


def _name(body, userid):
    for row in procedure.current_members(body):
        if row["userid"] == userid:
            return row.get("name") or userid
    return userid


class PositionPost(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized(MSG_LOGIN)
        alsoProvides(self.request, IDisableCSRFProtection)
        data = _body(self.request)
        text = data.get("text") or ""
        if not isinstance(text, str):
            raise field_bad_request("text", MSG_BODY)
        userid = api.user.get_current().getId()
        try:
            row = procedure.state_position(
                self.context, userid, data.get("position"), text
            )
        except procedure.ProcedureError as error:
            _refuse(error)
        self.request.response.setStatus(201)
        return row


def procedure_json(meeting, request):
    """The procedure as its participants see it (caller checks who may)."""
    body = lookup.body_of(meeting)
    deadline = procedure.deadline(meeting)
    userid = None if api.user.is_anonymous() else api.user.get_current().getId()
    items = []
    for item in lookup.agenda_items(meeting):
        stated = procedure.positions(item)
        result = procedure.outcome(item)
        row = {
            "@id": item.absolute_url(),
            "UID": item.UID(),
            "title": item.Title(),
            "review_state": api.content.get_state(obj=item, default=None),
            "outcome": result,
            "outcome_title": translate(outcome_title(result), context=request),
            "stated": [
                {"userid": uid, "name": _name(body, uid)} for uid in sorted(stated)
            ],
            "missing": [
                {"userid": uid, "name": _name(body, uid)}
                for uid in procedure.member_ids(body)
                if uid not in stated
            ],
            "positions": [
                {
                    "userid": uid,
                    "name": _name(body, uid),
                    "position": stated[uid]["position"],
                    "text": stated[uid].get("text") or "",
                    "at": stated[uid].get("at"),
                }
                for uid in sorted(stated)
            ],
            "number": item.number,
            "resolution": item.resolution,
        }
        items.append(row)
    return {
        "@id": f"{meeting.absolute_url()}/@procedure",
        "mode": meeting.mode,
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_local": helsinki(deadline).isoformat() if deadline else None,
        "deadline_passed": procedure.deadline_passed(meeting),
        "member": procedure.is_member(body, userid),
        "may_close": procedure.is_runner(meeting),
        "items": items,
        "items_total": len(items),
    }


OUTCOME_TITLES = {
    procedure.PENDING: _("label_outcome_pending", default="Pending"),
    procedure.DECIDED: _("label_outcome_decided", default="Decided in the procedure"),
    procedure.TO_MEETING: _("label_outcome_to_meeting", default="Goes to a meeting"),
}


def outcome_title(value):
    return OUTCOME_TITLES.get(value, value)


class ProcedureGet(Service):
    def reply(self):
        meeting = self.context
        if api.user.is_anonymous():
            raise Unauthorized(MSG_LOGIN)
        if not procedure.can_see_positions(meeting):
            raise json_error(Forbidden, MSG_PARTICIPANTS)
        if not procedure.is_closed(meeting):
            raise field_bad_request(
                "mode",
                _(
                    "msg_procedure_no_meeting",
                    default="This matter is not in a closed electronic decision "
                    "procedure.",
                ),
            )
        return procedure_json(meeting, self.request)


class ProcedurePost(Service):
    def reply(self):
        meeting = self.context
        if api.user.is_anonymous():
            raise Unauthorized(MSG_LOGIN)
        if not procedure.is_runner(meeting):
            raise json_error(
                Forbidden,
                _(
                    "msg_procedure_runner_only",
                    default="Only the body's secretary closes the procedure.",
                ),
            )
        alsoProvides(self.request, IDisableCSRFProtection)
        data = _body(self.request)
        if data.get("action") != "close":
            raise field_bad_request(
                "action",
                _("msg_procedure_action", default="The only action is close."),
            )
        try:
            report = procedure.close(meeting)
        except procedure.ProcedureError as error:
            _refuse(error)
        return {
            "@id": f"{meeting.absolute_url()}/@procedure",
            "items": [
                {
                    **row,
                    "reason": translate(row["reason"], context=self.request)
                    if row["reason"]
                    else "",
                }
                for row in report
            ],
        }
