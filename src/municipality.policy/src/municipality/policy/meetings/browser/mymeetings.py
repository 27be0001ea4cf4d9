"""A member's view: ``@@my-meetings`` on the site and ``@@meeting-package``.

``@@my-meetings`` (signed-in users): the bodies the reader is a member or
deputy of today, their upcoming meetings (agenda link, the closed
procedure's deadline), recent meetings with minutes, and the reader's own
votes and disqualifications in their bodies' decided items.

``@@meeting-package`` on a meeting: one ZIP of what the reader may see: the
agenda (``@@agenda.pdf`` when registered, else the HTML of
``@@agenda-document``) and the attachments of each item they may read
(``access.readable_attachments``); every non-public item and document in it
is access-logged.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from datetime import UTC
from datetime import datetime
from io import BytesIO
from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.meetings import access
from municipality.policy.meetings.browser.attachment import filename
from municipality.policy.meetings.localroles import membership
from municipality.policy.meetings.lookup import agenda_items
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized
from zope.component import queryMultiAdapter
import zipfile


MINUTES_STATES = ("checking", "checked")
DONE_STATES = ("held", "checking", "checked")
RECENT = 10
CHOICES = {
    "jaa": _("vote_jaa", default="Yes (jaa)"),
    "ei": _("vote_ei", default="No (ei)"),
    "tyhja": _("vote_tyhja", default="Abstained (tyhjä)"),
    "poissa": _("vote_poissa", default="Absent"),
}


def _has_view(context, request, name):
    return queryMultiAdapter((context, request), name=name) is not None


def my_bodies(userid):
    """``(body, "member" | "deputy")`` for each body ``userid`` sits on today."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Body", sort_on="sortable_title"
    ):
        body = brain._unrestrictedGetObject()
        seat = membership(body, userid)
        if seat is not None:
            found.append((body, seat[0]))
    return found


def meetings_of(body):
    """The body's meetings the reader may View, oldest first."""
    manager = getSecurityManager()
    meetings = [
        m
        for m in body.objectValues()
        if getattr(aq_base(m), "portal_type", None) == "Meeting"
        and manager.checkPermission("View", m)
    ]
    return sorted(meetings, key=lambda m: m.start or datetime.min.replace(tzinfo=UTC))


class MyMeetings(BrowserView):
    """The member's page."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("my-meetings")
        self.userid = api.user.get_current().getId()
        self.bodies = my_bodies(self.userid)
        now = datetime.now(UTC)
        self.upcoming, self.recent, self.records = [], [], []
        manager = getSecurityManager()
        for body, _seat in self.bodies:
            for meeting in meetings_of(body):
                state = api.content.get_state(meeting)
                start = meeting.start
                if start is not None and start >= now and state not in DONE_STATES:
                    self.upcoming.append(self._meeting(body, meeting, state))
                elif state in MINUTES_STATES:
                    self.recent.append(self._meeting(body, meeting, state))
                if state in DONE_STATES:
                    for item in agenda_items(meeting):
                        self.records += self._own(body, meeting, item, manager)
        self.upcoming.sort(key=lambda row: row["sort"])
        self.recent.sort(key=lambda row: row["sort"], reverse=True)
        self.recent = self.recent[:RECENT]
        return self.index()

    def seat_title(self, seat):
        if seat == "deputy":
            return _("label_seat_deputy", default="Deputy")
        return _("label_seat_member", default="Member")

    def _meeting(self, body, meeting, state):
        url = meeting.absolute_url()
        agenda = url
        if _has_view(meeting, self.request, "agenda-document"):
            agenda = url + "/@@agenda-document"
        minutes = url
        if _has_view(meeting, self.request, "minutes-document"):
            minutes = url + "/@@minutes-document"
        elif _has_view(meeting, self.request, "minutes"):
            minutes = url + "/@@minutes"
        deadline = getattr(aq_base(meeting), "procedure_deadline", None)
        return {
            "body": body.Title(),
            "title": meeting.Title(),
            "url": url,
            "agenda": agenda,
            "minutes": minutes,
            "package": url + "/@@meeting-package",
            "start": format_datetime(meeting.start, self.request),
            "iso": meeting.start.isoformat() if meeting.start else "",
            "sort": meeting.start.isoformat() if meeting.start else "",
            "place": getattr(meeting, "place", None) or "",
            "deadline": format_datetime(deadline, self.request) if deadline else "",
            "state": state,
        }

    def _own(self, body, meeting, item, manager):
        """The reader's votes and disqualifications in one item."""
        base = aq_base(item)
        title = (
            item.Title()
            if manager.checkPermission("View", item)
            else (getattr(base, "public_title", None) or "")
        )
        number = getattr(base, "number", None)
        common = {
            "body": body.Title(),
            "meeting": meeting.Title(),
            "date": format_datetime(meeting.start, self.request, with_time=False),
            "section": f"{number} §" if number else "",
            "title": title,
            "sort": meeting.start.isoformat() if meeting.start else "",
        }
        found = []
        for vote in getattr(base, "votes", None) or ():
            ballots = vote.get("ballots") or {} if isinstance(vote, dict) else {}
            choice = ballots.get(self.userid) if isinstance(ballots, dict) else None
            if choice:
                found.append(
                    {
                        **common,
                        "kind": "vote",
                        "what": CHOICES.get(choice, choice),
                        "detail": vote.get("question") or "",
                    }
                )
        for row in getattr(base, "disqualified", None) or ():
            if isinstance(row, dict) and row.get("userid") == self.userid:
                found.append(
                    {
                        **common,
                        "kind": "disqualified",
                        "what": _("label_disqualified", default="Disqualified"),
                        "detail": row.get("reason") or "",
                    }
                )
        return found

    def own_records(self):
        return sorted(self.records, key=lambda row: row["sort"], reverse=True)


def _bytes(result):
    if result is None:
        return b""
    if isinstance(result, bytes):
        return result
    if isinstance(result, str):
        return result.encode("utf-8")
    if hasattr(result, "read"):
        return result.read()
    return b"".join(
        chunk if isinstance(chunk, bytes) else str(chunk).encode("utf-8")
        for chunk in result
    )


class MeetingPackage(BrowserView):
    """One ZIP of the meeting's material the reader may see."""

    def agenda(self):
        """``(name, bytes)`` of the agenda, or None."""
        response = self.request.response
        saved = dict(response.headers)
        for name, filename_ in (
            ("agenda.pdf", "esityslista.pdf"),
            ("agenda-document", "esityslista.html"),
        ):
            view = queryMultiAdapter((self.context, self.request), name=name)
            if view is None:
                continue
            try:
                data = _bytes(view())
            finally:
                response.headers.clear()
                response.headers.update(saved)
                response.setStatus(200)
            if data:
                return filename_, data
        return None

    def __call__(self):
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            agenda = self.agenda()
            if agenda is not None:
                archive.writestr(*agenda)
            for position, item in enumerate(access.readable_items(self.context), 1):
                access.log(item, "download", self.request)
                number = getattr(aq_base(item), "number", None)
                folder = f"{number:03d}" if number else f"kohta-{position:02d}"
                for _row, doc in access.readable_attachments(item):
                    file = getattr(doc, "file", None)
                    if file is None:
                        continue
                    access.log(doc, "download", self.request)
                    archive.writestr(f"{folder}/{filename(doc)}", file.data)
        data = buffer.getvalue()
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="kokousaineisto-{self.context.getId()}.zip"',
        )
        response.setHeader("Content-Length", str(len(data)))
        response.setHeader("Cache-Control", "private, no-store")
        return data
