"""REST: a meeting's agenda and convening.

- ``GET <meeting>/@agenda``: the items in order, each as the reader may see
  it (``agenda.entry``): ``position`` (1-based), ``number`` (the § once
  decided), ``late``, ``title`` (the public title of an item the reader may
  not View and that is not public), ``full``, ``public``, ``grounds``,
  ``presentation`` and ``proposal`` (HTML; the public version when not
  ``full``), ``@id`` (only when ``full``); and the meeting's ``notice_published``,
  ``notice_deadline``, ``lawfully_convened``.
- ``POST <meeting>/@agenda`` ``{"action": "place"|"move"|"remove",
  "item": "<uid>", "position": n}`` (0-based; ``place`` without it: at the
  end): the new agenda as for GET.
- ``POST <meeting>/@convene`` ``{"when": "<ISO 8601>"}`` (optional, default
  now): publishes the notice and the agenda.

Anonymous without View: 401; a user without View (GET) or ``Modify portal
content`` (POST): 403; bad input: 400 ``{"type": "BadRequest", "message",
"field"}`` and nothing written.
"""

from municipality.policy import _
from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from municipality.policy.meetings import agenda
from municipality.policy.meetings import lookup
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import alsoProvides
import dateutil.parser


def _refuse(meeting, permission):
    """Raise 401 (anonymous) or 403 unless the user has ``permission``."""
    if api.user.has_permission(permission, obj=meeting):
        return
    message = _("msg_agenda_forbidden", default="You may not do this here.")
    if api.user.is_anonymous():
        # plone.rest answers 401 (zExceptions' Unauthorized has a read-only
        # ``message``: not a ``json_error``)
        raise Unauthorized(translate(message, context=getRequest()))
    raise json_error(Forbidden, message)


def serialize(meeting, request):
    rows = agenda.entries(meeting, request=request)
    for row in rows:
        if row.pop("url"):
            row["@id"] = lookup.by_uid(row["uid"]).absolute_url()
    deadline = agenda.notice_deadline(meeting)
    published = meeting.notice_published
    return {
        "@id": f"{meeting.absolute_url()}/@agenda",
        "meeting": {
            "@id": meeting.absolute_url(),
            "title": meeting.Title(),
            "number": meeting.number,
            "year": meeting.year,
            "review_state": api.content.get_state(meeting, default=None),
            "notice_published": published.isoformat() if published else None,
            "notice_deadline": deadline.isoformat() if deadline else None,
            "lawfully_convened": agenda.lawfully_convened(meeting),
        },
        "items": rows,
        "items_total": len(rows),
    }


class AgendaGet(Service):
    def reply(self):
        _refuse(self.context, "View")
        return serialize(self.context, self.request)


def _bad(field, message):
    return field_bad_request(field, message)


class AgendaPost(Service):
    def reply(self):
        meeting = self.context
        _refuse(meeting, "View")
        _refuse(meeting, agenda.MODIFY)
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001  (a bare DeserializationError)
            data = None
        if not isinstance(data, dict):
            raise _bad(
                "body",
                _("msg_agenda_bad_body", default="The body must be a JSON object."),
            )
        action = data.get("action")
        if action not in ("place", "move", "remove"):
            raise _bad(
                "action",
                _(
                    "msg_agenda_bad_action_rest",
                    default="The action must be place, move or remove.",
                ),
            )
        uid = data.get("item")
        item = lookup.by_uid(uid) if isinstance(uid, str) and uid else None
        if item is None:
            raise _bad(
                "item", _("msg_agenda_not_an_item", default="No such agenda item.")
            )
        position = data.get("position")
        if position is not None and (
            isinstance(position, bool) or not isinstance(position, int)
        ):
            raise _bad(
                "position",
                _(
                    "msg_agenda_position_int",
                    default="The position must be a whole number.",
                ),
            )
        try:
            if action == "place":
                agenda.place(meeting, item, position)
            elif action == "move":
                agenda.move(meeting, item, position)
            else:
                agenda.remove(meeting, item)
        except agenda.AgendaError as error:
            raise _bad(error.field, error.message) from None
        return serialize(meeting, self.request)


class ConvenePost(Service):
    def reply(self):
        meeting = self.context
        _refuse(meeting, "View")
        _refuse(meeting, agenda.MODIFY)
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request) or {}
        except Exception:  # noqa: BLE001
            data = None
        if not isinstance(data, dict):
            raise _bad(
                "body",
                _("msg_agenda_bad_body", default="The body must be a JSON object."),
            )
        when = data.get("when")
        if when is not None:
            try:
                when = dateutil.parser.isoparse(when)
            except (TypeError, ValueError):
                raise _bad(
                    "when",
                    _(
                        "msg_agenda_bad_when",
                        default="The time must be an ISO 8601 date and time.",
                    ),
                ) from None
        try:
            agenda.convene(meeting, when)
        except agenda.AgendaError as error:
            raise _bad(error.field, error.message) from None
        return serialize(meeting, self.request)
