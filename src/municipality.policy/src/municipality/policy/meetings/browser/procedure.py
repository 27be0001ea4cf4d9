"""``@@positions`` on a meeting in the closed electronic decision procedure.

A member states a position on each matter (accept, reject, demand that it
go to a meeting) with an optional reason until the deadline (shown in
Helsinki time); after the deadline the page is read-only with each matter's
outcome. The participants see each other's positions (``procedure``); the
secretary closes the procedure after the deadline.
"""

from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.meetings import lookup
from municipality.policy.meetings import procedure
from municipality.policy.meetings.services.procedure import outcome_title
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.i18n import translate


CHOICES = (
    ("accept", _("label_position_accept", default="Accept the proposal")),
    ("reject", _("label_position_reject", default="Reject the proposal")),
    (
        "to_meeting",
        _("label_position_to_meeting", default="Demand that it go to a meeting"),
    ),
)


class PositionsView(BrowserView):
    def __call__(self):
        if not procedure.can_see_positions(self.context):
            raise Forbidden("participants only")
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if self.request.form.get("form.buttons.close"):
                self.close()
            else:
                self.save()
            self.request.response.redirect(f"{self.context.absolute_url()}/@@positions")
            return ""
        return self.index()

    def tr(self, message):
        return translate(message, context=self.request)

    @property
    def userid(self):
        return api.user.get_current().getId()

    @property
    def body(self):
        return lookup.body_of(self.context)

    def deadline(self):
        return format_datetime(procedure.deadline(self.context), self.request)

    def passed(self):
        return procedure.deadline_passed(self.context)

    def may_state(self):
        return not self.passed() and procedure.is_member(self.body, self.userid)

    def may_close(self):
        return self.passed() and procedure.is_runner(self.context)

    def choices(self):
        return [(value, self.tr(title)) for value, title in CHOICES]

    def names(self):
        return {
            row["userid"]: row.get("name") or row["userid"]
            for row in procedure.current_members(self.body)
        }

    def items(self):
        names = self.names()
        rows = []
        for item in lookup.agenda_items(self.context):
            stated = procedure.positions(item)
            mine = stated.get(self.userid) or {}
            rows.append(
                {
                    "uid": item.UID(),
                    "title": item.Title(),
                    "url": item.absolute_url(),
                    "proposal": getattr(item.proposal, "output", "") or "",
                    "mine": mine.get("position"),
                    "text": mine.get("text") or "",
                    "outcome": self.tr(outcome_title(procedure.outcome(item))),
                    "positions": [
                        {
                            "name": names.get(uid, uid),
                            "position": self.tr(dict(CHOICES)[row["position"]]),
                            "text": row.get("text") or "",
                        }
                        for uid, row in sorted(stated.items())
                    ],
                    "missing": [names[uid] for uid in names if uid not in stated],
                }
            )
        return rows

    def save(self):
        messages = IStatusMessage(self.request)
        form = self.request.form
        saved = 0
        for item in lookup.agenda_items(self.context):
            value = form.get(f"position-{item.UID()}")
            if not value:
                continue
            try:
                procedure.state_position(
                    item, self.userid, value, form.get(f"text-{item.UID()}", "")
                )
                saved += 1
            except procedure.ProcedureError as error:
                messages.add(f"{item.Title()}: {self.tr(error.message)}", "error")
        if saved:
            messages.add(
                self.tr(_("msg_positions_saved", default="Your positions were saved.")),
                "info",
            )

    def close(self):
        messages = IStatusMessage(self.request)
        if not procedure.is_runner(self.context):
            raise Forbidden("secretary only")
        try:
            report = procedure.close(self.context)
        except procedure.ProcedureError as error:
            messages.add(self.tr(error.message), "error")
            return
        decided = len([row for row in report if row["outcome"] == procedure.DECIDED])
        messages.add(
            self.tr(
                _(
                    "msg_procedure_closed_report",
                    default="Procedure closed: ${decided} matters decided, "
                    "${other} go to a meeting.",
                    mapping={"decided": decided, "other": len(report) - decided},
                )
            ),
            "info",
        )
