"""The minutes as a page (``@@minutes``), as a standalone document
(``@@minutes-document``: complete HTML, no Plone chrome, print stylesheet
inline; turned into PDF/A by the outputs) and the examiner's page
(``@@check-minutes``: the minutes and a "Tarkastan pöytäkirjan" button).

What each reader sees comes from ``minutes.compose``: a § the reader may
not view appears in its public version (marked personal data left out), a
non-public § only with its public title and ground of secrecy.
"""

from datetime import datetime
from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.formatting import user_title
from municipality.policy.meetings import attendance
from municipality.policy.meetings import minutes
from municipality.policy.meetings.attendance import RecordError
from municipality.policy.meetings.vocabularies import appeal_types
from municipality.policy.meetings.vocabularies import capacities
from municipality.policy.meetings.vocabularies import meeting_modes
from municipality.policy.meetings.vocabularies import resolutions
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Unauthorized
from zope.i18n import translate
import pathlib


PRINT_CSS = pathlib.Path(__file__).parent / "print.css"
VOTE_LABELS = {
    "jaa": _("label_vote_jaa", default="Jaa"),
    "ei": _("label_vote_ei", default="Ei"),
    "tyhja": _("label_vote_tyhja", default="Tyhjä"),
    "poissa": _("label_vote_poissa", default="Poissa"),
}


def _term(source, value, request):
    if not value:
        return ""
    try:
        return translate(source(None).getTerm(value).title, context=request)
    except LookupError:
        return value


def _when(iso, request):
    try:
        return format_datetime(datetime.fromisoformat(iso), request) if iso else ""
    except (TypeError, ValueError):
        return ""


class MinutesView(BrowserView):
    """The minutes in the site's page."""

    check_page = False

    def __call__(self):
        self.data = self.minutes()
        return self.index()

    def tr(self, message):
        return translate(message, context=self.request)

    def language(self):
        return (self.request.get("LANGUAGE") or "fi")[:2]

    def css(self):
        try:
            return PRINT_CSS.read_text(encoding="utf-8")
        except OSError:
            return ""

    def minutes(self):
        request = self.request
        data = minutes.compose(self.context)
        meeting = self.context
        data["mode_title"] = _term(meeting_modes, data["mode"], request)
        data["start_text"] = format_datetime(data["start"], request)
        data["opened_text"] = format_datetime(data["opened"], request)
        data["closed_text"] = format_datetime(data["closed"], request)
        data["notice_text"] = format_datetime(data["notice_published"], request)
        for row in data["participants"]:
            row["capacity_title"] = _term(capacities, row.get("capacity"), request)
            if row.get("deputy_for"):
                row["deputy_for_name"] = attendance.display_name(
                    meeting, row["deputy_for"]
                )
            row["name"] = row.get("name") or user_title(row.get("userid"))
            bounds = []
            if row.get("arrived_before"):
                bounds.append(
                    self.tr(
                        _(
                            "msg_arrived_before",
                            default="arrived before § ${number}",
                            mapping={"number": row["arrived_before"]},
                        )
                    )
                )
            if row.get("left_after"):
                bounds.append(
                    self.tr(
                        _(
                            "msg_left_after",
                            default="left after § ${number}",
                            mapping={"number": row["left_after"]},
                        )
                    )
                )
            row["bounds"] = ", ".join(bounds)
        for item in data["items"]:
            item["resolution_title"] = _term(resolutions, item["resolution"], request)
            item["appeal_title"] = _term(appeal_types, item["appeal_type"], request)
            item["heading"] = (
                f"{item['number']} §" if item["number"] else f"({item['section']} §)"
            )
            for vote in item.get("votes") or []:
                for ballot in vote.get("ballots_named") or []:
                    ballot["label"] = self.tr(VOTE_LABELS.get(ballot["vote"], ""))
                counts = vote.get("counts") or {}
                vote["result_title"] = vote.get("result") or ""
                if vote.get("kind") == "open":
                    base = vote.get("jaa") or self.tr(
                        _("label_base_proposal", default="base proposal")
                    )
                    side = base if vote.get("result") == "jaa" else vote.get("ei")
                    vote["result_title"] = (
                        f"{self.tr(VOTE_LABELS.get(vote.get('result'), ''))} ({side})"
                    )
                    vote["summary"] = ", ".join(
                        f"{self.tr(VOTE_LABELS[key])} {counts.get(key, 0)}"
                        for key in ("jaa", "ei", "tyhja", "poissa")
                    )
                else:
                    vote["summary"] = ", ".join(
                        f"{name} {count}" for name, count in counts.items()
                    )
        data["signatures_named"] = [
            {
                "role": self.tr(
                    _("label_capacity_chair", default="Chair")
                    if role == "chair"
                    else _("label_capacity_secretary", default="Secretary")
                ),
                "name": user_title(data["signatures"].get(role)),
                "at": _when(data["signatures"].get(f"{role}_at"), request),
            }
            for role in ("chair", "secretary")
            if data["signatures"].get(role)
        ]
        data["examinations_named"] = [
            {
                "name": user_title(row.get("userid")),
                "at": _when(row.get("checked"), request),
                "how": self.tr(
                    _("label_checked_electronically", default="electronically")
                    if row.get("how") == "electronic"
                    else _("label_checked_at_meeting", default="at the meeting")
                ),
            }
            for row in data["examinations"]
        ]
        data["examiners_named"] = [user_title(u) for u in data["examiners"]]
        data["quorum_text"] = self.tr(
            _(
                "msg_minutes_quorum",
                default="${seats} seats; ${required} members present make a "
                "quorum. Quorum for each § is shown with the §.",
                mapping={
                    "seats": data["seats"],
                    "required": data["quorum_required"],
                },
            )
        )
        return data

    def may_examine(self):
        if api.user.is_anonymous():
            return False
        userid = api.user.get_current().getId()
        done = {row.get("userid") for row in self.context.examinations or []}
        return (
            userid in (self.context.examiners or [])
            and userid not in done
            and api.content.get_state(obj=self.context) == "checking"
        )


class MinutesDocumentView(MinutesView):
    """The complete standalone HTML document of the minutes."""

    def __call__(self):
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        return super().__call__()


class CheckMinutesView(MinutesView):
    """The examiner's page: the minutes and the button that checks them."""

    check_page = True

    def __call__(self):
        if self.request.method == "POST" and self.request.form.get("examine"):
            CheckAuthenticator(self.request)
            try:
                minutes.examine(self.context)
            except Unauthorized:
                raise
            except RecordError as error:
                IStatusMessage(self.request).add(error.message, type="error")
            else:
                IStatusMessage(self.request).add(
                    _("msg_minutes_examined", default="You have checked the minutes."),
                    type="info",
                )
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@check-minutes"
            )
            return ""
        return super().__call__()
