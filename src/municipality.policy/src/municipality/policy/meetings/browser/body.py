"""The body page (toimielin): kind, term, members with their functions and
deputies, secretary, presenters, notice period; its meetings by year."""

from datetime import UTC
from datetime import datetime
from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.formatting import user_title
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings.browser.meeting import term
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


class BodyView(BrowserView):
    """Body default view."""

    def tr(self, msg):
        return translate(msg, context=self.request)

    def facts(self):
        body = self.context
        start, end = body.term_start, body.term_end
        term_text = ""
        if start or end:
            term_text = "–".join(
                format_datetime(value, self.request, with_time=False) if value else ""
                for value in (start, end)
            )
        rows = [
            (
                _("label_body_kind", default="Kind of body"),
                term("municipality.BodyKinds", body.body_kind, body, self.request),
            ),
            (_("label_body_term", default="Term"), term_text),
            (
                _("label_body_secretary", default="Secretary"),
                user_title(body.secretary),
            ),
            (
                _("label_body_presenters", default="Presenters"),
                ", ".join(user_title(userid) for userid in body.presenters or ()),
            ),
            (
                _("label_body_notice_days", default="Notice period (days)"),
                body.notice_days,
            ),
            (
                _("label_body_public_meetings", default="Meetings are public"),
                self.tr(
                    _("label_yes", default="Yes")
                    if body.public_meetings
                    else _("label_no", default="No")
                ),
            ),
            (
                _("label_body_appeal_type", default="Appeal type by default"),
                term("municipality.AppealTypes", body.appeal_type, body, self.request),
            ),
        ]
        return [(label, value) for label, value in rows if value not in (None, "")]

    def members(self):
        rows = []
        for member in self.context.members or ():
            rows.append(
                {
                    "name": member.get("name") or user_title(member.get("userid")),
                    "function": term(
                        "municipality.MemberFunctions",
                        member.get("function"),
                        self.context,
                        self.request,
                    ),
                    "deputies": ", ".join(
                        deputy.get("name") or user_title(deputy.get("userid"))
                        for deputy in member.get("deputies") or ()
                    ),
                }
            )
        return rows

    def meetings(self):
        """``(upcoming, past)``: each a list of ``{"year", "meetings"}``, the
        meetings the reader may see (upcoming soonest first, past newest
        first)."""
        found = [
            obj
            for obj in self.context.contentValues()
            if IMeeting.providedBy(obj)
            and obj.start is not None
            and api.user.has_permission("View", obj=obj)
        ]
        from_now = datetime.now(UTC)
        upcoming = sorted(
            (m for m in found if m.start >= from_now), key=lambda m: m.start
        )
        past = sorted(
            (m for m in found if m.start < from_now),
            key=lambda m: m.start,
            reverse=True,
        )
        return self._by_year(upcoming), self._by_year(past)

    def _by_year(self, meetings):
        groups = []
        for meeting in meetings:
            row = {
                "url": meeting.absolute_url(),
                "title": meeting.Title(),
                "start": format_datetime(meeting.start, self.request),
                "state": self._state(meeting),
            }
            year = meeting.year or meeting.start.year
            if not groups or groups[-1]["year"] != year:
                groups.append({"year": year, "meetings": []})
            groups[-1]["meetings"].append(row)
        return groups

    def _state(self, meeting):
        state = api.content.get_state(meeting, default="")
        wftool = api.portal.get_tool("portal_workflow")
        title = wftool.getTitleForStateOnType(state, "Meeting") if state else ""
        return self.tr(_(title)) if title else state

    def can_add(self):
        return api.user.has_permission(
            "municipality.policy: Add Meeting", obj=self.context
        )
