"""The notice's pages: ``view`` (the public layout), ``@@notice-document``
(the public document hashed into the publication log), ``@@publish-notice``
(the one "Julkaise" action) and the state menu's ``content_status_modify``."""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import format_datetime
from municipality.policy.publication import log
from municipality.policy.publication import notices
from municipality.policy.publication.vocabularies import category_title
from plone import api
from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized
from zope.globalrequest import getRequest
from zope.i18n import translate


STATE_TITLES = {
    "draft": _("label_notice_state_draft", default="Draft"),
    "scheduled": _("label_notice_state_scheduled", default="Scheduled"),
    "published": _("label_notice_state_published", default="On display"),
    "ended": _("label_notice_state_ended", default="Removed from display"),
}


class NoticeView(BrowserView):
    def state(self):
        return notices.state(self.context)

    def state_title(self):
        return STATE_TITLES.get(self.state(), self.state())

    def category(self):
        return category_title(self.context.category)

    def period(self):
        return (
            f"{format_date(self.context.display_start)} – "
            f"{format_date(notices.end_of(self.context))}"
        )

    def published_on(self):
        return format_date(notices.publication_day(self.context))

    def deemed_sentence(self):
        return _(
            notices.DEEMED_MSG,
            default=notices.DEEMED_MSG.default,
            mapping={"date": format_date(notices.deemed_received(self.context))},
        )

    def text(self):
        return notices.safe_text(self.context)

    def diary_entry_url(self):
        return notices.diary_entry_url(self.context)

    def attachments(self):
        url = self.context.absolute_url()
        return [
            {
                "url": f"{url}/@@download/{name}/{value.filename}",
                "name": value.filename,
                "size": value.getSize(),
            }
            for name, value in notices.attachments(self.context)
        ]

    def is_staff(self):
        """Staff see the state and the log (the public holds View only)."""
        return bool(api.user.has_permission("List folder contents", obj=self.context))

    def may_publish(self):
        return self.state() == "draft" and notices.may_publish(self.context)

    def scheduled_note(self):
        if self.state() != "scheduled":
            return None
        return format_date(self.context.display_start)

    def log_rows(self):
        """The notice's publication log (staff who may view the log)."""
        if not api.user.has_permission(
            "municipality.policy: View publication log", obj=self.context
        ):
            return []
        rows = []
        for entry in log.entries(uid=api.content.get_uuid(self.context)):
            rows.append(
                {
                    "action": translate(
                        _(
                            f"label_publication_{entry['action']}",
                            default=entry["action"],
                        ),
                        context=self.request,
                    ),
                    "date": format_datetime(entry["date"], self.request),
                    "agent": agent_name(entry["agent"]),
                    "sha256": entry["sha256"] or "",
                }
            )
        return rows

    def filed(self):
        rows = []
        for row in notices.filed_copies(self.context):
            doc = api.content.get(UID=row["uid"])
            rows.append(
                {
                    "url": doc.absolute_url() if doc is not None else None,
                    "sha256": row["sha256"],
                    "date": row["date"],
                }
            )
        return rows


def agent_name(userid):
    """The agent's full name (the id when there is none), the clock job's
    name in the reader's language."""
    if userid == log.SYSTEM:
        return translate(
            _("label_publication_system", default="Clock job"), context=getRequest()
        )
    user = api.user.get(userid=userid) if userid else None
    if user is None:
        return userid or ""
    return user.getProperty("fullname") or userid


class NoticeDocument(BrowserView):
    """The public document of the notice (the evidence of what was shown)."""

    def __call__(self):
        # served byte for byte as hashed: no transform (theme, CSRF or
        # caching rewriting) may reserialise it
        self.request.environ["plone.transformchain.disable"] = True
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        return notices.public_html(self.context).encode("utf-8")


def _publish(view):
    """Publish or schedule; a status message; the redirect."""
    context, request = view.context, view.request
    try:
        new_state = notices.publish(context)
    except Unauthorized:
        raise
    except WorkflowException:
        api.portal.show_message(
            _("notice_not_draft", default="Only a draft notice can be published."),
            request=request,
            type="error",
        )
    else:
        if new_state == "scheduled":
            message = _(
                "notice_scheduled",
                default="The notice is scheduled: it appears on the board on ${date}.",
                mapping={"date": format_date(context.display_start)},
            )
        else:
            message = _("notice_published", default="The notice is on the board.")
        api.portal.show_message(message, request=request)
    request.response.redirect(context.absolute_url())
    return ""


class PublishNotice(BrowserView):
    """POST: the one "Julkaise" action (publish or schedule by the dates)."""

    def __call__(self):
        if self.request.method != "POST":
            self.request.response.redirect(self.context.absolute_url())
            return ""
        CheckAuthenticator(self.request)
        return _publish(self)


class NoticeStatusModify(ContentStatusModifyView):
    """The state menu: "Julkaise" picks publish or schedule like the button."""

    def __call__(self, workflow_action=None, *args, **kwargs):
        action = workflow_action or self.request.form.get("workflow_action")
        if action == "publish":
            CheckAuthenticator(self.request)
            return _publish(self)
        return super().__call__(workflow_action, *args, **kwargs)
