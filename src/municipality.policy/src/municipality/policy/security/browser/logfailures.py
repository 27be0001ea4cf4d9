"""The refusal page of a disclosure that cannot be logged, and the notice of
such failures on the access log page (``security.logfailures``)."""

from datetime import datetime
from html import escape
from municipality.policy.base.dates import format_datetime
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import logfailures
from municipality.policy.security.browser.accesslog import ACTION_LABELS
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView
from zope.i18n import translate
import json
import logging


logger = logging.getLogger("municipality.policy.security.accesslog")
RETRY_AFTER = "60"
PERMISSION = "municipality.policy: View access log"
#: how many failures the access log page lists
SHOWN = 10


class Unavailable(BrowserView):
    """The exception view: 503, the reason in the reader's language.

    The page is rendered on the site root, not on the record: its title,
    breadcrumbs and navigation would otherwise disclose what the log could
    not record."""

    def __call__(self):
        request = self.request
        response = request.response
        response.setStatus(503, lock=True)
        response.setHeader("Retry-After", RETRY_AFTER)
        title = translate(logfailures.TITLE, context=request)
        message = translate(logfailures.MESSAGE, context=request)
        if IAPIRequest.providedBy(request):
            response.setHeader("Content-Type", "application/json")
            return json.dumps({"type": "ServiceUnavailable", "message": message})
        portal = api.portal.get()
        self.context = self.__parent__ = portal
        request.set("disable_border", True)
        request.set("disable_plone.leftcolumn", True)
        request.set("disable_plone.rightcolumn", True)
        self.title, self.message = title, message
        try:
            return self.index()
        except Exception:  # noqa: BLE001  (the refusal must still be answered)
            logger.exception("access log: could not render the refusal page")
            response.setHeader("Content-Type", "text/html; charset=utf-8")
            title, message = escape(title), escape(message)
            return (
                f'<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">'
                f"<title>{title}</title></head><body><h1>{title}</h1>"
                f"<p>{message}</p></body></html>"
            )


class FailureNotice(ViewletBase):
    """On the access log page: the failures to write the log, if any."""

    def update(self):
        super().update()
        self.count, self.latest = 0, []
        if getattr(self.view, "__name__", None) != "access-log":
            return
        if not api.user.has_permission(PERMISSION, obj=self.context):
            return
        sectors = (
            {self.context.getId()}
            if ISubArchiveCreator.providedBy(self.context)
            else None
        )
        self.count, latest = logfailures.failures(sectors=sectors)
        self.latest = latest[:SHOWN]

    def available(self):
        return bool(self.count)

    def when(self, entry):
        return format_datetime(
            datetime.fromisoformat(entry["date"]), request=self.request
        )

    def record_label(self, entry):
        return entry.get("diary_number") or entry.get("path")

    def action_label(self, entry):
        label = ACTION_LABELS.get(entry.get("action"))
        return translate(label, context=self.request) if label else entry.get("action")
