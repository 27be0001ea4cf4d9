"""REST: ``@grants`` on a place (archive creator, sub-archive creator,
registry, case).

- ``GET @grants``: the active grants with their causes (and ``?all=1`` the
  revoked ones too).
- ``POST @grants`` ``{"principal", "role", "reason"}``: a manual grant.
- ``DELETE @grants/<grant id>`` ``{"reason"}`` (required): revoke.

Bad input answers 400 ``{"error": {"type": "BadRequest", "field", "message"}}``;
a refused delegation 403 ``{"error": {"type": "Forbidden", "message"}}``.
"""

from municipality.policy.security import delegation
from municipality.policy.security import grants
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import transaction


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


class _Base(Service):
    def error(self, status, type_, message, field=None):
        transaction.doom()  # nothing half-written
        self.request.response.setStatus(status)
        body = {"type": type_, "message": translate(message, context=self.request)}
        if field:
            body["field"] = field
        return {"error": body}


class GrantsGet(_Base):
    def reply(self):
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
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001  (json_body raises a bare DeserializationError)
            data = None
        if not isinstance(data, dict):
            return self.error(400, "BadRequest", "Body must be a JSON object.", "body")
        for field in ("principal", "role"):
            if not isinstance(data.get(field), str) or not data[field].strip():
                return self.error(400, "BadRequest", f"Missing field: {field}", field)
        reason = data.get("reason") or ""
        if not isinstance(reason, str):
            return self.error(400, "BadRequest", "reason must be text", "reason")
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
        alsoProvides(self.request, IDisableCSRFProtection)
        if not self.grant_id:
            return self.error(400, "BadRequest", "Missing grant id in URL.", "grant")
        try:
            data = json_body(self.request) or {}
        except Exception:  # noqa: BLE001
            data = {}
        reason = data.get("reason", "") if isinstance(data, dict) else ""
        try:
            record = delegation.revoke(self.context, self.grant_id, reason=str(reason))
        except grants.GrantError as exc:
            return self.error(400, "BadRequest", exc.message, exc.field)
        except delegation.Refused as exc:
            return self.error(403, "Forbidden", exc.message)
        return serialize(record, self.request)
