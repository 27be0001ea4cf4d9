"""REST of retention (``archive.retention``).

- ``GET <archive creator or sub-archive creator>/@retention?sub_archive_creator=
  &task_class=&year_from=&year_to=``: the numbers of ``@@retention``
  (``browser.retention.report``); 400 naming a bad filter; 401 anonymous,
  403 without ``Change retention period`` on the place.
- ``GET <case>/@legal-hold``: ``{"legal_hold": bool, "reason", "agent",
  "date", "retention_end", "permanent"}``;
  ``POST <case>/@legal-hold`` ``{"reason"}`` places a hold (201),
  ``DELETE <case>/@legal-hold`` ``{"reason"}`` releases it (200): 400 naming
  ``reason`` when it is missing, ``legal_hold`` when already on hold (POST) or
  not on hold (DELETE), nothing written; 401 anonymous, 403 without the
  permission on the case.
"""

from municipality.policy import _
from municipality.policy.archive import retention
from municipality.policy.archive.browser.retention import InvalidFilter
from municipality.policy.archive.browser.retention import parse_filters
from municipality.policy.archive.browser.retention import report
from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.interface import alsoProvides


def _check(context):
    if api.user.is_anonymous():
        raise Unauthorized("retention")
    if not api.user.has_permission(retention.PERMISSION, obj=context):
        raise json_error(
            Forbidden,
            _(
                "msg_retention_forbidden",
                default="Only records officers and records managers may do this.",
            ),
        )


class RetentionGet(Service):
    def reply(self):
        _check(self.context)
        try:
            filters = parse_filters(self.context, self.request.form)
        except InvalidFilter as error:
            raise field_bad_request(error.field, error.message) from None
        data = report(self.context, filters)
        return {"@id": f"{self.context.absolute_url()}/@retention", **data}


def hold_json(case):
    info = retention.hold_info(case) or {}
    end = retention.retention_end(case)
    return {
        "@id": f"{case.absolute_url()}/@legal-hold",
        "legal_hold": bool(info),
        "reason": info.get("reason"),
        "agent": info.get("agent"),
        "date": info["date"].isoformat() if info.get("date") else None,
        "retention_end": end.isoformat() if end else None,
        "permanent": retention.is_permanent(case),
    }


class LegalHoldGet(Service):
    def reply(self):
        _check(self.context)
        return hold_json(self.context)


class _HoldChange(Service):
    change = None
    status = 200

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        _check(self.context)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001
            data = None
        reason = data.get("reason") if isinstance(data, dict) else None
        if reason is None:  # a DELETE may carry it as a parameter
            reason = self.request.form.get("reason")
        try:
            self.change(self.context, reason)
        except retention.HoldError as error:
            raise field_bad_request(error.field, error.message) from None
        self.request.response.setStatus(self.status)
        return hold_json(self.context)


class LegalHoldPost(_HoldChange):
    change = staticmethod(retention.hold)
    status = 201


class LegalHoldDelete(_HoldChange):
    change = staticmethod(retention.release)
