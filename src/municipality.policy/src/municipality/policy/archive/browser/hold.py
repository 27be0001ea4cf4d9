"""``@@legal-hold`` on a case: "Lakisääteinen säilytysvelvoite / oikeudellinen
pito". Shows whether the case is on legal hold (reason, who, when) and places
one (a reason is required) or releases it (with a reason). Permission
``municipality.policy: Change retention period`` (the zcml): records officers
and records managers. Written by ``archive.retention.hold`` / ``release``
(the case's handling-phase log, staff only)."""

from municipality.policy import _
from municipality.policy.archive import retention
from municipality.policy.base.dates import format_datetime
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate


class LegalHoldView(BrowserView):
    error = None
    reason = ""

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and (form.get("place") or form.get("release")):
            CheckAuthenticator(self.request)
            self.reason = (
                form.get("reason") if isinstance(form.get("reason"), str) else ""
            )
            try:
                if form.get("place"):
                    retention.hold(self.context, self.reason)
                    message = _("msg_legal_hold_placed", default="Legal hold placed.")
                else:
                    retention.release(self.context, self.reason)
                    message = _(
                        "msg_legal_hold_released", default="Legal hold released."
                    )
            except retention.HoldError as error:
                self.error = error
            else:
                IStatusMessage(self.request).add(message, type="info")
                self.request.response.redirect(
                    f"{self.context.absolute_url()}/@@legal-hold", status=303
                )
                return ""
        return self.index()

    def info(self):
        info = retention.hold_info(self.context)
        if info is None:
            return None
        return {
            "reason": info.get("reason", ""),
            "agent": retention.holder_title(info),
            "date": format_datetime(info.get("date"), self.request),
        }

    def error_field(self):
        return self.error.field if self.error is not None else ""

    def error_message(self):
        if self.error is None:
            return ""
        return translate(self.error.message, context=self.request)

    def retention_end(self):
        return retention_text(self.context, self.request)


def retention_text(case, request):
    """The case's retention end in words, in the reader's language."""
    if retention.is_permanent(case):
        message = _("label_retention_kept_permanently", default="Kept permanently")
    else:
        end = retention.retention_end(case)
        if end is not None:
            message = _(
                "label_retention_ends_on",
                default="Retention ends on ${date}",
                mapping={"date": format_datetime(end, request, with_time=False)},
            )
        elif not retention.is_closed(case):
            message = _(
                "label_retention_from_closing",
                default="Retention end is computed when the case is closed",
            )
        else:
            message = _(
                "label_retention_end_unknown",
                default="Retention end not known (start date unknown to the portal)",
            )
    return translate(message, context=request)
