"""The agenda item page (asiakohta) and the presenter's approval."""

from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.base.formatting import user_title
from municipality.policy.meetings import lookup
from municipality.policy.meetings.browser.meeting import term
from plone import api
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate


class ItemView(BrowserView):
    """AgendaItem default view (for those who may View the item)."""

    def tr(self, msg):
        return translate(msg, context=self.request)

    def case(self):
        case = parent_case(self.context)
        if case is None:
            return None
        return {
            "url": case.absolute_url(),
            "number": getattr(case, "diary_number", None) or "",
            "title": case.Title(),
        }

    def meeting(self):
        meeting = lookup.meeting_of(self.context)
        if meeting is None or not api.user.has_permission("View", obj=meeting):
            return None
        return {"url": meeting.absolute_url(), "title": meeting.Title()}

    def facts(self):
        item = self.context
        rows = [
            (
                _("label_item_preparers", default="Preparers"),
                ", ".join(user_title(userid) for userid in item.preparers or ()),
            ),
            (
                _("label_case_presenter", default="Presenter"),
                user_title(item.presenter),
            ),
            (_("label_case_status", default="Status"), self.state_title()),
            (
                _("label_case_public_title", default="Public title"),
                item.public_title,
            ),
            (
                _("label_item_appeal_type", default="Appeal instructions"),
                term(
                    "municipality.AppealTypes",
                    lookup.appeal_type_of(item),
                    item,
                    self.request,
                ),
            ),
            (
                _("label_item_late", default="On the supplementary list"),
                self.tr(_("label_yes", default="Yes")) if item.late else "",
            ),
        ]
        return [(label, value) for label, value in rows if value]

    def state_title(self):
        state = api.content.get_state(self.context, default="")
        wftool = api.portal.get_tool("portal_workflow")
        title = wftool.getTitleForStateOnType(state, "AgendaItem") if state else ""
        return self.tr(_(title)) if title else state

    def text(self, name):
        value = getattr(self.context, name, None)
        return getattr(value, "output", None) or ""

    def attachments(self):
        rows = []
        for row in self.context.attachments or ():
            obj = lookup.by_uid(row.get("uid"))
            if obj is None or not api.user.has_permission("View", obj=obj):
                continue
            rows.append(
                {
                    "url": obj.absolute_url(),
                    "title": obj.Title(),
                    "public": bool(row.get("public")),
                    "ground": row.get("ground") or "",
                }
            )
        return rows

    def can_edit(self):
        return api.user.has_permission("Modify portal content", obj=self.context)

    def can_approve(self):
        return any(
            transition["id"] == "approve"
            for transition in api.portal.get_tool("portal_workflow").getTransitionsFor(
                self.context
            )
        )


class ApproveView(BrowserView):
    """POST: the presenter approves the item for presentation (``approve``)."""

    def __call__(self):
        item = self.context
        messages = IStatusMessage(self.request)
        if self.request.method == "POST" and ItemView(item, self.request).can_approve():
            api.content.transition(obj=item, transition="approve")
            messages.add(
                _(
                    "msg_item_approved",
                    default="The item was approved for presentation.",
                ),
                type="info",
            )
        else:
            messages.add(
                _("msg_item_not_approvable", default="You cannot approve this item."),
                type="error",
            )
        return self.request.response.redirect(item.absolute_url())
