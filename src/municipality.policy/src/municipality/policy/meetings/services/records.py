"""REST: a meeting's records and its minutes.

- ``GET <meeting>/@attendance``: participants, seats, quorum required;
  ``PUT <meeting>/@attendance`` ``{"participants": [...], "opened"?, "closed"?}``
  (the secretary: Modify portal content on the meeting).
- ``POST <item>/@decide`` ``{"resolution", "decision", "proposals", "votes",
  "disqualified", "absent", "dissents"}``: the § number in the answer.
- ``GET <meeting>/@minutes``: the composed minutes as the reader may see.
- ``POST <meeting>/@sign``: the current user signs (chair or secretary).
- ``POST <meeting>/@examine`` ``{"how"?, "remark"?}``: an examiner checks.

Bad input: 400 naming the field, nothing written; anonymous 401; a user
without the right 403.
"""

from datetime import datetime
from municipality.policy import _
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.errors import field_bad_request
from municipality.policy.meetings import attendance
from municipality.policy.meetings import lookup
from municipality.policy.meetings import minutes
from municipality.policy.meetings.attendance import RecordError
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.interface import alsoProvides
import datetime as _dt
import transaction


MODIFY = "Modify portal content"


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    return translate(value, context=api.env.getRequest()) if value else None


class _Base(Service):
    permission = "View"

    def check(self, obj=None):
        obj = obj if obj is not None else self.context
        if api.user.is_anonymous():
            self.request.response.setHeader(
                "WWW-Authenticate", 'Basic realm="Zope"', literal=True
            )
            raise Unauthorized("log in")
        if not api.user.has_permission(self.permission, obj=obj):
            raise Forbidden("not allowed")

    def body(self):
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001 (json_body raises a bare error)
            data = None
        if not isinstance(data, dict):
            self.bad("body", _("err_body_object", default="Expected a JSON object."))
        return data

    def bad(self, field, message):
        transaction.doom()
        raise field_bad_request(field, message)

    def run(self, call, *args, **kw):
        try:
            return call(*args, **kw)
        except RecordError as error:
            self.bad(error.field, error.message)


def attendance_json(meeting):
    body = lookup.body_of(meeting)
    return {
        "@id": f"{meeting.absolute_url()}/@attendance",
        "participants": list(meeting.participants or []),
        "opened": _iso(meeting.opened),
        "closed": _iso(meeting.closed),
        "seats": attendance.seats(body),
        "quorum_required": attendance.quorum_required(body),
        "chair": attendance.chair_userid(meeting),
        "secretary": attendance.secretary_userid(meeting),
    }


class AttendanceGet(_Base):
    def reply(self):
        self.check()
        return attendance_json(self.context)


def _datetime(field, value):
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise RecordError(
            field, _("err_datetime", default="Expected a date and time.")
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=TIMEZONE)
    return parsed.astimezone(_dt.UTC)


class AttendancePut(_Base):
    permission = MODIFY

    def reply(self):
        self.check()
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.body()
        meeting = self.context
        rows = self.run(
            attendance.validate_participants,
            lookup.body_of(meeting),
            data.get("participants", meeting.participants or []),
        )
        times = {}
        for name in ("opened", "closed"):
            if name in data:
                times[name] = self.run(_datetime, name, data[name])
        meeting.participants = rows
        for name, value in times.items():
            setattr(meeting, name, value)
        meeting.reindexObject()
        return attendance_json(meeting)


class DecidePost(_Base):
    def reply(self):
        item = self.context
        meeting = lookup.meeting_of(item)
        if meeting is None:
            self.check()
            self.bad(
                "meeting",
                _("err_item_no_meeting", default="The item is on no meeting."),
            )
        self.permission = MODIFY
        self.check(meeting)
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.body()
        for name in ("proposals", "votes", "disqualified", "absent", "dissents"):
            if name in data and not isinstance(data[name], list):
                self.bad(name, _("err_participants_list", default="Expected a list."))
        if data.get("decision") is not None and not isinstance(data["decision"], str):
            self.bad("decision", _("err_decision_text", default="Write the decision."))
        number = self.run(
            minutes.decide,
            item,
            data.get("resolution"),
            data.get("decision"),
            proposals=data.get("proposals") or [],
            votes=data.get("votes") or [],
            disqualified=data.get("disqualified") or [],
            absent=data.get("absent") or [],
            dissents=data.get("dissents") or [],
        )
        return {
            "@id": item.absolute_url(),
            "number": number,
            "resolution": item.resolution,
            "state": api.content.get_state(obj=item),
            "votes": item.votes,
        }


class MinutesGet(_Base):
    def reply(self):
        self.check_view()
        composed = minutes.compose(self.context)
        composed.pop("meeting")
        body = composed.pop("body")
        composed["body"] = {"title": body.Title(), "uid": body.UID()}
        composed["@id"] = f"{self.context.absolute_url()}/@minutes"
        return _jsonable(composed)

    def check_view(self):
        if not api.user.has_permission("View", obj=self.context):
            if api.user.is_anonymous():
                raise Unauthorized("log in")
            raise Forbidden("not allowed")


class SignPost(_Base):
    def reply(self):
        self.check()
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            signatures = self.run(minutes.sign, self.context)
        except Unauthorized:
            raise Forbidden("only the chair and the secretary sign") from None
        return {
            "signatures": signatures,
            "state": api.content.get_state(obj=self.context),
        }


class ExaminePost(_Base):
    def reply(self):
        self.check()
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.body() if self.request.get("BODY") else {}
        how = data.get("how") or "electronic"
        remark = data.get("remark") or ""
        if not isinstance(remark, str):
            self.bad("remark", _("err_remark_text", default="Expected text."))
        try:
            rows = self.run(minutes.examine, self.context, None, how, remark)
        except Unauthorized:
            raise Forbidden("not an examiner of these minutes") from None
        return {
            "examinations": rows,
            "state": api.content.get_state(obj=self.context),
        }
