"""``@@record-meeting``: the secretary records the meeting (no JavaScript needed).

One form for the opening and closing times and the attendance (one row per
member: present, or the deputy standing in, remote, arrived before § / left
after §), then one form per § not yet decided: disqualified members with the
ground, absent members, a counter-proposal with its supporters and the vote
on it, a dissenting opinion, the resolution and the decision text
(prefilled from the proposal). Quorum is shown per § from the records.
"""

from datetime import datetime
from municipality.policy import _
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.dates import helsinki
from municipality.policy.meetings import attendance
from municipality.policy.meetings import lookup
from municipality.policy.meetings import minutes
from municipality.policy.meetings.attendance import RecordError
from municipality.policy.meetings.content import IAgendaItem
from municipality.policy.meetings.vocabularies import resolutions
from plone import api
from plone.app.z3cform.widgets.richtext import get_tinymce_options
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
import datetime as _dt
import json


def _time(value, start):
    """A Helsinki "HH:MM" on the meeting's day, or "YYYY-MM-DDTHH:MM"."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if "T" in value or "-" in value:
            parsed = datetime.fromisoformat(value)
        else:
            day = (helsinki(start) or datetime.now(TIMEZONE)).date()
            hour, minute = value.replace(".", ":").split(":")
            parsed = datetime(day.year, day.month, day.day, int(hour), int(minute))
    except (TypeError, ValueError):
        return False
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=TIMEZONE)
    return parsed.astimezone(_dt.UTC)


def _int(value):
    value = (value or "").strip() if isinstance(value, str) else value
    return int(value) if value not in (None, "") and str(value).isdigit() else None


def _list(value):
    if value in (None, ""):
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if v]


class RecordMeetingView(BrowserView):
    error = None
    error_item = None
    error_field = None

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                if form.get("save_attendance"):
                    self.save_attendance(form)
                    return self.done(
                        _("msg_attendance_saved", default="Attendance saved.")
                    )
                if form.get("decide"):
                    number = self.decide(form)
                    return self.done(
                        _(
                            "msg_item_decided",
                            default="Decided as § ${number}.",
                            mapping={"number": number},
                        )
                    )
                if form.get("sign"):
                    minutes.sign(self.context)
                    return self.done(_("msg_minutes_signed", default="Minutes signed."))
            except RecordError as error:
                self.error = translate(error.message, context=self.request)
                self.error_field = error.field
                self.error_item = form.get("item")
                self.request.response.setStatus(400)
        return self.index()

    def done(self, message):
        IStatusMessage(self.request).add(message, type="info")
        self.request.response.redirect(
            f"{self.context.absolute_url()}/@@record-meeting"
        )
        return ""

    # ------------------------------------------------------------ writing
    def save_attendance(self, form):
        meeting = self.context
        body = lookup.body_of(meeting)
        rows = []
        for member in body.members or []:
            userid = member.get("userid")
            if not userid:
                continue
            deputy = form.get(f"deputy.{userid}") or ""
            if not form.get(f"present.{userid}") and not deputy:
                continue
            bounds = {
                "remote": bool(form.get(f"remote.{userid}")),
                "arrived_before": _int(form.get(f"arrived.{userid}")),
                "left_after": _int(form.get(f"left.{userid}")),
            }
            if deputy:
                rows.append(
                    {
                        "userid": deputy,
                        "name": "",
                        "capacity": "deputy",
                        "deputy_for": userid,
                        **bounds,
                    }
                )
            else:
                capacity = "chair" if member.get("function") == "chair" else "member"
                rows.append(
                    {
                        "userid": userid,
                        "name": member.get("name") or "",
                        "capacity": capacity,
                        **bounds,
                    }
                )
        for row in meeting.participants or []:  # secretary, presenters, others
            if row.get("capacity") in ("secretary", "presenter", "other"):
                rows.append(row)
        if body.secretary and not any(r.get("capacity") == "secretary" for r in rows):
            rows.append({"userid": body.secretary, "name": "", "capacity": "secretary"})
        times = {}
        for name in ("opened", "closed"):
            value = _time(form.get(name), meeting.start)
            if value is False:
                raise RecordError(
                    name, _("err_datetime", default="Expected a date and time.")
                )
            times[name] = value
        validated = attendance.validate_participants(body, rows)
        meeting.participants = validated
        for name, value in times.items():
            if value is not None:
                setattr(meeting, name, value)
        meeting.reindexObject()

    def decide(self, form):
        uid = form.get("item")
        item = self._item(uid)
        if item is None:
            raise RecordError("item", _("err_item_unknown", default="No such item."))
        disqualified = []
        reason = (form.get(f"disqualified_reason.{uid}") or "").strip()
        for userid in _list(form.get(f"disqualified.{uid}")):
            disqualified.append({"userid": userid, "reason": reason})
        proposals, votes = [], []
        text = (form.get(f"proposal_text.{uid}") or "").strip()
        if text:
            proposals.append(
                {
                    "id": "p1",
                    "by": form.get(f"proposal_by.{uid}") or "",
                    "text": text,
                    "supported_by": _list(form.get(f"proposal_support.{uid}")),
                }
            )
            if form.get(f"vote.{uid}"):
                ballots = {}
                prefix = f"ballot.{uid}."
                for key, value in form.items():
                    if key.startswith(prefix) and value:
                        ballots[key[len(prefix) :]] = value
                votes.append({"kind": "open", "proposal": "p1", "ballots": ballots})
        dissents = []
        if form.get(f"dissent_by.{uid}"):
            dissents.append(
                {
                    "userid": form.get(f"dissent_by.{uid}"),
                    "text": form.get(f"dissent_text.{uid}") or "",
                }
            )
        return minutes.decide(
            item,
            form.get(f"resolution.{uid}") or "",
            form.get(f"decision.{uid}") or "",
            proposals=proposals,
            votes=votes,
            disqualified=disqualified,
            absent=_list(form.get(f"absent.{uid}")),
            dissents=dissents,
        )

    # ------------------------------------------------------------ reading
    def _item(self, uid):
        for item in lookup.agenda_items(self.context):
            if item.UID() == uid:
                return item
        return None

    def state(self):
        return api.content.get_state(obj=self.context)

    def held(self):
        return self.state() == "held"

    def times(self):
        def local(value):
            local = helsinki(value)
            return local.strftime("%H:%M") if local else ""

        return {
            "opened": local(self.context.opened),
            "closed": local(self.context.closed),
            "start": format_datetime(self.context.start, self.request),
        }

    def member_rows(self):
        meeting = self.context
        body = lookup.body_of(meeting)
        by_seat = {}
        for row in meeting.participants or []:
            seat = attendance._seat(body, row)
            if seat:
                by_seat[seat] = row
        rows = []
        for member in body.members or []:
            userid = member.get("userid")
            if not userid:
                continue
            row = by_seat.get(userid) or {}
            rows.append(
                {
                    "userid": userid,
                    "name": member.get("name") or userid,
                    "present": row.get("userid") == userid,
                    "deputy": row.get("userid")
                    if row.get("capacity") == "deputy"
                    else "",
                    "deputies": member.get("deputies") or [],
                    "remote": bool(row.get("remote")),
                    "arrived": row.get("arrived_before") or "",
                    "left": row.get("left_after") or "",
                }
            )
        return rows

    def resolution_terms(self):
        return [
            {"value": term.value, "title": translate(term.title, context=self.request)}
            for term in resolutions(self.context)
        ]

    def items(self):
        meeting = self.context
        result = []
        for item in lookup.agenda_items(meeting):
            present = attendance.present_at(meeting, item)
            result.append(
                {
                    "uid": item.UID(),
                    "title": item.Title(),
                    "section": attendance.section(meeting, item),
                    "decided": bool(item.number),
                    "resolution": item.resolution,
                    "quorum_ok": attendance.has_quorum(meeting, item),
                    "quorum": translate(
                        attendance.quorum_message(meeting, item), context=self.request
                    ),
                    "present": [
                        {"userid": u, "name": attendance.display_name(meeting, u)}
                        for u in present
                    ],
                    "proposal": getattr(item.proposal, "raw", "") or "",
                    # the decision is edited in TinyMCE, with the personal-data style
                    "tinymce": json.dumps(
                        get_tinymce_options(item, IAgendaItem["decision"], self.request)
                    ),
                    "error": self.error if self.error_item == item.UID() else None,
                }
            )
        return result
