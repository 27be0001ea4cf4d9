"""``@@publication-log`` on the site and on an archive creator: the entries
of the publication log (newest first; on an archive creator its own), with
the action in the reader's language, the date in Helsinki, the agent's full
name and the SHA-256 of what was shown; ``?format=csv`` exports them with
the portal's CSV convention (``base.csvexport``). Permission ``View
publication log``: the registry and records managers."""

from municipality.policy import _
from municipality.policy.base import csvexport
from municipality.policy.base.dates import format_datetime
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.publication import log
from municipality.policy.publication.browser.notice import agent_name
from Products.Five.browser import BrowserView
from zope.i18n import translate


HEADERS = (
    _("label_publication_date", default="Date"),
    _("label_publication_action", default="Event"),
    _("label_publication_title", default="Title"),
    _("label_publication_address", default="Address"),
    _("label_publication_agent", default="By"),
    "SHA-256",
)


def action_title(action):
    return _(f"label_publication_{action}", default=action)


class PublicationLogView(BrowserView):
    def __call__(self):
        if self.request.form.get("format") == "csv":
            return self.csv()
        return self.index()

    def entries(self):
        creator = (
            self.context.getId() if IArchiveCreator.providedBy(self.context) else None
        )
        action = self.request.form.get("action") or None
        if action not in log.ACTIONS:
            action = None
        rows = log.entries(archive_creator=creator, action=action)
        return list(reversed(rows))

    def actions(self):
        return [
            (value, translate(action_title(value), context=self.request))
            for value in log.ACTIONS
        ]

    def chosen(self):
        return self.request.form.get("action") or ""

    def rows(self):
        return [
            {
                "date": format_datetime(entry["date"], self.request),
                "action": translate(
                    action_title(entry["action"]), context=self.request
                ),
                "title": entry["title"],
                "url": entry["url"],
                "agent": agent_name(entry["agent"]),
                "sha256": entry["sha256"] or "",
            }
            for entry in self.entries()
        ]

    def csv_url(self):
        return f"{self.context.absolute_url()}/@@publication-log?format=csv"

    def csv(self):
        rows = (
            (
                entry["date"],
                action_title(entry["action"]),
                entry["title"],
                entry["url"],
                agent_name(entry["agent"]),
                entry["sha256"] or "",
            )
            for entry in self.entries()
        )
        return csvexport.respond(self.request, "julkaisuloki.csv", HEADERS, rows)
