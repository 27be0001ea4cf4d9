"""``<registry>/@@eservices-inbox``: the e-service submissions of the
registry for registry staff (``inbox.may_use``; anyone else: Unauthorized,
so the anonymous are sent to log in): counts per kind and the newest
submissions, optionally of one kind (``?kind=``)."""

from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.dates import helsinki
from municipality.policy.eservices import inbox
from municipality.policy.eservices.settings import KIND_LABELS
from municipality.policy.eservices.settings import KINDS
from plone import api
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zExceptions import Unauthorized
from zope.i18n import translate


class InboxView(BrowserView):
    """The inbox of e-service submissions."""

    def available(self):
        """For links (the diary's): may the current user use the inbox here?"""
        return inbox.may_use(self.context)

    def __call__(self):
        if not inbox.may_use(self.context):
            raise Unauthorized("eservices inbox")
        kind = self.request.form.get("kind") or ""
        self.kind = kind if kind in KINDS else ""
        self.found = inbox.entries(self.context)
        return self.index()

    def tr(self, msg):
        return translate(msg, context=self.request)

    def kind_title(self, kind):
        return self.tr(KIND_LABELS[kind]) if kind in KIND_LABELS else kind

    def kinds(self):
        return [(kind, self.kind_title(kind)) for kind in KINDS]

    def url(self, kind=""):
        base = f"{self.context.absolute_url()}/@@eservices-inbox"
        return f"{base}?{urlencode({'kind': kind})}" if kind else base

    def counts(self):
        counted = inbox.counts(self.found)
        return [
            {
                "kind": kind,
                "title": self.kind_title(kind),
                "new": counted[kind]["new"],
                "all": counted[kind]["all"],
                "url": self.url(kind),
            }
            for kind in KINDS
        ]

    def totals(self):
        counted = inbox.counts(self.found).values()
        return {
            "new": sum(row["new"] for row in counted),
            "all": sum(row["all"] for row in counted),
        }

    def rows(self):
        wftool = api.portal.get_tool("portal_workflow")
        titles = {}
        result = []
        for row in inbox.rows(self.found, kind=self.kind or None):
            state = row["review_state"]
            if state not in titles:
                title = wftool.getTitleForStateOnType(state, "Case") or state or ""
                titles[state] = self.tr(_(title)) if title else ""
            due = row["due_date"]
            result.append(
                dict(
                    row,
                    kind_title=self.kind_title(row["kind"]),
                    arrival_iso=helsinki(row["arrival"]).isoformat(),
                    arrival_label=format_datetime(row["arrival"], self.request),
                    due_iso=due.isoformat() if due else "",
                    due_label=format_datetime(due, self.request, with_time=False)
                    if due
                    else "",
                    status=titles[state],
                )
            )
        return result
