"""``@@office-holder-decisions`` on the archive creator: the office holders'
decisions published online (KuntaL 140.2 §), newest first, filterable by
post and year. Read with an unrestricted catalog search; only the public
version of each leaves (``decisions.public_decisions``)."""

from datetime import date
from municipality.policy.base.dates import format_date
from municipality.policy.meetings import decisions
from Products.Five.browser import BrowserView


class DecisionListView(BrowserView):
    def filters(self):
        post = (self.request.form.get("post") or "").strip() or None
        year = (self.request.form.get("year") or "").strip()
        return post, int(year) if year.isdigit() else None

    def rows(self):
        post, year = self.filters()
        rows = decisions.public_decisions(self.context, post=post, year=year)
        for row in rows:
            row["date_shown"] = format_date(date.fromisoformat(row["date"]))
        return rows

    def options(self):
        return decisions.posts_and_years(self.context)
