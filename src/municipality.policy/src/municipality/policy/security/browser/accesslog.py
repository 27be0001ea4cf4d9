"""Views "Lokitiedot": search the access log and export it as CSV.

On the site root and the archive creator the view shows every entry; on a
sub-archive creator only that sector's entries, so a sector records manager
(who holds the permission only there) sees their own sector only.
"""

from datetime import datetime
from datetime import time
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import accesslog
from Products.Five.browser import BrowserView
import pytz


HELSINKI = pytz.timezone("Europe/Helsinki")


def _date(value, end=False):
    if not value:
        return None
    try:
        day = datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        return "invalid"
    return HELSINKI.localize(datetime.combine(day, time.max if end else time.min))


class AccessLogView(BrowserView):
    errors = None

    def sectors(self):
        if ISubArchiveCreator.providedBy(self.context):
            return {self.context.getId()}
        return None

    def query(self):
        form = self.request.form
        self.errors = {}
        start = _date(form.get("start"))
        end = _date(form.get("end"), end=True)
        for name, value in (("start", start), ("end", end)):
            if value == "invalid":
                self.errors[name] = True
        if self.errors:
            return None
        return {
            "user": (form.get("user") or "").strip() or None,
            "case": (form.get("case") or "").strip() or None,
            "start": start,
            "end": end,
            "sectors": self.sectors(),
        }

    def entries(self):
        query = self.query()
        if query is None:
            return []
        return list(reversed(accesslog.search(**query)))

    def csv_url(self):
        qs = self.request.get("QUERY_STRING", "")
        url = f"{self.context.absolute_url()}/@@access-log-export"
        return f"{url}?{qs}" if qs else url


class AccessLogExport(AccessLogView):
    def __call__(self):
        entries = self.entries()
        if self.errors:
            self.request.response.setStatus(400)
            return "Invalid date: use YYYY-MM-DD"
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition", 'attachment; filename="lokitiedot.csv"'
        )
        return "\ufeff" + accesslog.to_csv(entries)
