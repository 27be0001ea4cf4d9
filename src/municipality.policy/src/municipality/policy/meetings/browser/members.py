"""``@@members`` on a body: its members, their functions, deputies and terms.

A plain table form (no JavaScript): one row per member with the user id,
the function, the deputies' user ids in order (comma separated) and the
start and end of the membership; empty rows add members, "remove" drops one.
Errors are listed above the form and nothing is written until the whole list
is valid (``localroles.member_errors``). Who may: whoever may modify the body
(a sector records manager, the chief records officer) and the body's own
secretary.

REST: PATCH of the JSON field ``members`` goes through ``BodyDeserializer``:
an invalid list is a 400 naming ``members``, nothing written.
"""

from AccessControl import Unauthorized
from municipality.policy import _
from municipality.policy.errors import field_bad_request
from municipality.policy.interfaces import IBody
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.meetings.localroles import FUNCTIONS
from municipality.policy.meetings.localroles import member_errors
from plone import api
from plone.protect import CheckAuthenticator
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from Products.Five.browser import BrowserView
from zope.component import adapter
from zope.event import notify
from zope.i18n import translate
from zope.interface import implementer
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent
import re


EMPTY_ROWS = 3
FUNCTION_TITLES = {
    "chair": _("member_function_chair", default="Chair"),
    "vice_chair": _("member_function_vice_chair", default="Vice chair"),
    "member": _("member_function_member", default="Member"),
}


def may_manage(body):
    """Modify on the body, or its secretary."""
    if api.user.is_anonymous():
        return False
    if api.user.get_permissions(obj=body).get("Modify portal content"):
        return True
    return api.user.get_current().getId() == getattr(body, "secretary", None)


def _fullname(userid):
    user = api.user.get(userid=userid) if userid else None
    return (user.getProperty("fullname") or userid) if user is not None else userid


def _text(value):
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def rows_from_form(records):
    """Member rows (the JSON shape) from the form's ``rows`` records; empty
    and removed rows are left out."""
    rows = []
    for record in records or ():
        get = record.get if hasattr(record, "get") else (lambda key, d=None: d)
        if get("remove"):
            continue
        userid = _text(get("userid"))
        deputies = [d for d in re.split(r"[\s,;]+", _text(get("deputies"))) if d]
        start, end = _text(get("start")), _text(get("end"))
        function = _text(get("function")) or "member"
        if not (userid or deputies or start or end):
            continue
        rows.append(
            {
                "userid": userid,
                "name": _fullname(userid) if userid else "",
                "function": function,
                "deputies": [{"userid": d, "name": _fullname(d)} for d in deputies],
                "start": start or None,
                "end": end or None,
            }
        )
    return rows


def save_members(body, rows):
    body.members = rows
    notify(ObjectModifiedEvent(body, Attributes(IBody, "members")))


class MembersView(BrowserView):
    """Manage a body's members."""

    errors = ()

    def __call__(self):
        if not may_manage(self.context):
            raise Unauthorized("members")
        self.rows = [dict(row) for row in getattr(self.context, "members", None) or ()]
        if self.request.method == "POST" and self.request.form.get("form.save"):
            CheckAuthenticator(self.request)
            rows = rows_from_form(self.request.form.get("rows"))
            self.errors = [
                translate(error, context=self.request)
                for error in member_errors(
                    rows, getattr(self.context, "body_kind", None)
                )
            ]
            if not rows and not self.errors:
                self.errors = []
            if not self.errors:
                save_members(self.context, rows)
                api.portal.show_message(
                    _("msg_members_saved", default="Members saved."), self.request
                )
                self.request.response.redirect(
                    self.context.absolute_url() + "/@@members"
                )
                return ""
            self.rows = rows
        return self.index()

    def functions(self):
        return [
            (value, translate(FUNCTION_TITLES[value], context=self.request))
            for value in FUNCTIONS
        ]

    def table(self):
        """Rows for the form (existing or entered ones, then empty ones)."""
        shown = []
        for row in self.rows:
            shown.append(
                {
                    "userid": row.get("userid") or "",
                    "name": row.get("name") or "",
                    "function": row.get("function") or "member",
                    "deputies": ", ".join(
                        d.get("userid") or ""
                        for d in row.get("deputies") or ()
                        if isinstance(d, dict)
                    ),
                    "start": row.get("start") or "",
                    "end": row.get("end") or "",
                    "existing": True,
                }
            )
        for _index in range(EMPTY_ROWS):
            shown.append(
                {
                    "userid": "",
                    "name": "",
                    "function": "member",
                    "deputies": "",
                    "start": "",
                    "end": "",
                    "existing": False,
                }
            )
        for number, row in enumerate(shown, start=1):
            row["number"] = number
        return shown


@implementer(IDeserializeFromJson)
@adapter(IBody, IMunicipalityPolicyLayer)
class BodyDeserializer(DeserializeFromJson):
    """Refuse an invalid ``members`` list with a 400 naming it, before any write."""

    def __call__(self, validate_all=False, data=None, create=False, **kw):
        if data is None:
            data = json_body(self.request)
        if isinstance(data, dict) and "members" in data:
            kind = data.get("body_kind") or getattr(self.context, "body_kind", None)
            errors = member_errors(data["members"], kind)
            if errors:
                raise field_bad_request(
                    "members",
                    errors[0],
                    [
                        {
                            "field": "members",
                            "error": "ValidationError",
                            "message": translate(error, context=self.request),
                        }
                        for error in errors
                    ],
                )
        return super().__call__(
            validate_all=validate_all, data=data, create=create, **kw
        )
