"""The office holder's decision page (``view``): its fields, state and the
buttons "Tee päätös" (the decider) and "Ota toimielimen käsiteltäväksi" (a
body's secretary, with the call-in deadline); the add form's decider is the
current user (``decider_default``)."""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.meetings import decisions
from municipality.policy.meetings.content import IOfficeHolderDecision
from plone import api
from plone.dexterity.browser.add import DefaultAddForm
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form.widget import ComputedWidgetAttribute
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


decider_default = ComputedWidgetAttribute(
    lambda adapter: None if api.user.is_anonymous() else api.user.get_current().getId(),
    field=IOfficeHolderDecision["decider"],
    view=DefaultAddForm,
)


def _term_title(name, value, context):
    try:
        return getUtility(IVocabularyFactory, name)(context).getTerm(value).title
    except LookupError:
        return value


class DecisionView(BrowserView):
    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.act()
            self.request.response.redirect(self.context.absolute_url())
            return ""
        return self.index()

    def tr(self, message):
        return translate(message, context=self.request)

    def state(self):
        return api.content.get_state(obj=self.context, default=None)

    def state_title(self):
        wftool = api.portal.get_tool("portal_workflow")
        return wftool.getTitleForStateOnType(self.state(), self.context.portal_type)

    def number(self):
        d = self.context
        return f"{d.number}/{d.decision_date.year}" if d.number else ""

    def date(self):
        return format_date(self.context.decision_date)

    def appeal_type(self):
        return self.tr(
            _term_title(
                "municipality.AppealTypes", self.context.appeal_type, self.context
            )
        )

    def text(self):
        return getattr(self.context.text, "output", "") or ""

    def may_decide(self):
        return self.state() == "draft" and decisions.may_decide(self.context)

    def bodies(self):
        """Bodies whose secretary the user is, for the call-in (the sector's)."""
        if self.state() != "decided" or api.user.is_anonymous():
            return []
        catalog = api.portal.get_tool("portal_catalog")
        rows = []
        for brain in catalog(portal_type="Body"):
            body = brain.getObject()
            if decisions.may_call_in(self.context, body):
                rows.append({"uid": brain.UID, "title": brain.Title})
        return rows

    def call_in_deadline(self):
        return format_date(decisions.call_in_deadline(self.context))

    def called_in_by(self):
        uid = self.context.called_in_by
        if not uid:
            return ""
        brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            UID=uid
        )
        return brains[0].Title if brains else uid

    def act(self):
        messages = IStatusMessage(self.request)
        form = self.request.form
        try:
            if form.get("form.buttons.decide"):
                number = decisions.decide(self.context)
                messages.add(
                    self.tr(
                        _(
                            "msg_decision_made",
                            default="Decision ${number} made.",
                            mapping={
                                "number": f"{number}/{self.context.decision_date.year}"
                            },
                        )
                    ),
                    "info",
                )
            elif form.get("form.buttons.call_in"):
                body = api.content.get(UID=form.get("body") or "")
                decisions.call_in(self.context, body)
                messages.add(
                    self.tr(
                        _(
                            "msg_decision_called_in",
                            default="The decision was taken up by the body; an "
                            "agenda item was drafted in the case.",
                        )
                    ),
                    "info",
                )
        except decisions.DecisionError as error:
            messages.add(self.tr(error.message), "error")
