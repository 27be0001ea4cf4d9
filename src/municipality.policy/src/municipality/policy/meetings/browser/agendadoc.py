"""``@@agenda-document``: the agenda as one standalone, printable HTML
document (no Plone chrome); the source of ``@@agenda.pdf``.

A reader who may View an item reads it in full; anyone else, and everyone
with ``public=1`` in the request, reads its public version
(``agenda.entry``): a public item without marked personal data, a non-public
one only by its public title and the ground of secrecy.
"""

from municipality.policy.base.dates import reader_language
from municipality.policy.base.formatting import user_title
from municipality.policy.meetings import agenda
from municipality.policy.meetings import lookup
from municipality.policy.meetings.browser.meeting import meeting_facts
from Products.Five.browser import BrowserView


class AgendaDocument(BrowserView):
    """The agenda document."""

    def __call__(self):
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        return self.index()

    def public(self):
        return self.request.form.get("public") in ("1", "true", "True")

    def language(self):
        return reader_language(self.request)

    def body_title(self):
        body = lookup.body_of(self.context)
        return body.Title() if body is not None else ""

    def facts(self):
        return meeting_facts(self.context, self.request)

    def entries(self):
        rows = agenda.entries(self.context, public=self.public(), request=self.request)
        for row in rows:
            row["presenter_name"] = user_title(row["presenter"])
        return rows
