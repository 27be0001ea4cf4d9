"""REST: ``@grants`` on a place (archive creator, sub-archive creator,
registry, case).

- ``GET @grants``: the active grants with their causes (and ``?all=1`` the
  revoked ones too).
- ``POST @grants`` ``{"principal", "role", "reason"}``: a manual grant.
- ``DELETE @grants/<grant id>`` ``{"reason"}`` (required): revoke.

Every method checks the caller's right first, then the input, so the answer
tells nothing about users, groups or grants to someone without the right:

- anonymous: 401 ``{"error": {"type": "Unauthorized", "message"}}``;
- a user who may not view the place, or lacks the method's permission there
  (GET: ``View responsibilities``; POST, DELETE: ``Delegate roles``): 403
  ``{"error": {"type": "Forbidden", "message"}}``;
- bad input: 400 ``{"error": {"type": "BadRequest", "field", "message"}}``;
- a delegation the rules refuse (another sector, a role not below one's own):
  403 ``{"error": {"type": "Forbidden", "message"}}``.

The services are registered as ``zope.Public`` so that these checks, not
plone.rest's blanket 401, answer; each ``reply`` starts with ``refused()``.
"""

from AccessControl.SecurityManagement import getSecurityManager
from municipality.policy import _
from municipality.policy.security import delegation
from municipality.policy.security import grants
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import transaction


BAD_BODY = _("msg_grants_bad_body", default="The body must be a JSON object.")
REASON_TEXT = _("msg_grants_reason_text", default="The reason must be text.")


def missing(field):
    return _(
        "msg_grants_missing_field",
        default="Missing field: ${field}",
        mapping={"field": field},
    )


def serialize(record, request):
    def date(value):
        return value.isoformat() if value else None

    return {
        "id": record["id"],
        "principal": record["principal"],
        "role": record["role"],
        "cause": record["cause"],
        "cause_title": translate(grants.CAUSES.get(record["cause"]), context=request),
        "reason": record["reason"],
        "granted_by": record["granted_by"],
        "granted": date(record["granted"]),
        "revoked": date(record.get("revoked")),
        "revoked_by": record.get("revoked_by"),
        "revoke_reason": record.get("revoke_reason", ""),
    }


VIEW_RESPONSIBILITIES = "municipality.policy: View responsibilities"
DELEGATE_ROLES = "municipality.policy: Delegate roles"


class _Base(Service):
    #: the permission on the place that the method needs
    permission = DELEGATE_ROLES

    def refused(self):
        """401 for anonymous, 403 for a user without the right here, else None."""
        if api.user.is_anonymous():
            self.request.response.setHeader(
                "WWW-Authenticate", 'Basic realm="Zope"', literal=True
            )
            return self.error(
                401,
                "Unauthorized",
                _("msg_grants_login", default="Log in to see or manage roles."),
            )
        security = getSecurityManager()
        if not (
            security.checkPermission("View", self.context)
            and security.checkPermission(self.permission, self.context)
        ):
            return self.error(
                403,
                "Forbidden",
                _(
                    "msg_grants_forbidden",
                    default="You may not see or manage roles here.",
                ),
            )
        return None

    def error(self, status, type_, message, field=None):
        transaction.doom()  # nothing half-written
        self.request.response.setStatus(status)
        body = {"type": type_, "message": translate(message, context=self.request)}
        if field:
            body["field"] = field
        return {"error": body}


class GrantsGet(_Base):
    permission = VIEW_RESPONSIBILITIES

    def reply(self):
        refused = self.refused()
        if refused:
            return refused
        everything = self.request.form.get("all") in ("1", "true", "True")
        items = [
            serialize(record, self.request)
            for record in grants.grants(self.context, active_only=not everything)
        ]
        return {
            "@id": f"{self.context.absolute_url()}/@grants",
            "items": items,
            "items_total": len(items),
        }


class GrantsPost(_Base):
    def reply(self):
        refused = self.refused()
        if refused:
            return refused
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001  (json_body raises a bare DeserializationError)
            data = None
        if not isinstance(data, dict):
            return self.error(400, "BadRequest", BAD_BODY, "body")
        for field in ("principal", "role"):
            if not isinstance(data.get(field), str) or not data[field].strip():
                return self.error(400, "BadRequest", missing(field), field)
        reason = data.get("reason") or ""
        if not isinstance(reason, str):
            return self.error(400, "BadRequest", REASON_TEXT, "reason")
        try:
            record = delegation.grant(
                self.context, data["principal"].strip(), data["role"], reason=reason
            )
        except grants.GrantError as exc:
            return self.error(400, "BadRequest", exc.message, exc.field)
        except delegation.Refused as exc:
            return self.error(403, "Forbidden", exc.message)
        self.request.response.setStatus(201)
        return serialize(record, self.request)


@implementer(IPublishTraverse)
class GrantsDelete(_Base):
    grant_id = None

    def publishTraverse(self, request, name):
        if self.grant_id is None:
            self.grant_id = name
        return self

    def reply(self):
        refused = self.refused()
        if refused:
            return refused
        alsoProvides(self.request, IDisableCSRFProtection)
        if not self.grant_id:
            return self.error(400, "BadRequest", missing("grant"), "grant")
        try:
            data = json_body(self.request) or {}
        except Exception:  # noqa: BLE001
            data = {}
        reason = (data.get("reason") if isinstance(data, dict) else None) or ""
        if not isinstance(reason, str):
            return self.error(400, "BadRequest", REASON_TEXT, "reason")
        try:
            record = delegation.revoke(self.context, self.grant_id, reason=reason)
        except grants.GrantError as exc:
            return self.error(400, "BadRequest", exc.message, exc.field)
        except delegation.Refused as exc:
            return self.error(403, "Forbidden", exc.message)
        return serialize(record, self.request)
