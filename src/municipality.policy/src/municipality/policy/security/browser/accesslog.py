"""Views "Lokitiedot": search the access log page by page and export it as CSV.

On the site root and the archive creator the view shows every entry; on a
sub-archive creator only that sector's entries, so a sector records manager
(who holds the permission only there) sees their own sector only.

The search runs on the log's indexes (``accesslog.query``): the page loads
only the entries it shows. Stored actions, outcomes and channels are
English words; they are translated here, at read time, and times (stored
in UTC) are shown in Europe/Helsinki local time.
"""

from datetime import datetime
from datetime import time
from municipality.policy import _
from municipality.policy.base import csvexport
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.base.dates import helsinki
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import accesslog
from plone.batching import Batch
from Products.Five.browser import BrowserView
from zope.i18n import translate


ACTION_LABELS = {
    "view": _("label_access_action_view", default="Viewed"),
    "download": _("label_access_action_download", default="Downloaded"),
    "edit": _("label_access_action_edit", default="Edited"),
    "export": _("label_access_action_export", default="Exported"),
    "rest_disclosure": _(
        "label_access_action_rest_disclosure", default="Disclosed over the API"
    ),
}
OUTCOME_LABELS = {
    "allowed": _("label_access_outcome_allowed", default="Allowed"),
    "refused": _("label_access_outcome_refused", default="Refused"),
}
CHANNEL_LABELS = {
    "web": _("label_access_channel_web", default="Web"),
    "rest": _("label_access_channel_rest", default="REST API"),
}
#: The choice filters: form name -> labels of the stored values.
CHOICES = {
    "action": ACTION_LABELS,
    "outcome": OUTCOME_LABELS,
    "channel": CHANNEL_LABELS,
}
#: CSV columns: entry field -> header.
COLUMNS = (
    ("date", _("label_access_log_date", default="Time")),
    ("user", _("label_access_log_user", default="User")),
    ("action", _("label_access_log_action", default="Action")),
    ("outcome", _("label_access_log_outcome", default="Outcome")),
    ("diary_number", _("label_access_log_diary_number", default="Diary number")),
    ("portal_type", _("label_access_log_record_type", default="Record")),
    ("uid", _("label_access_log_uid", default="UID")),
    ("path", _("label_access_log_path", default="Path")),
    ("sector", _("label_access_log_sector", default="Sub-archive creator")),
    ("channel", _("label_access_log_channel", default="Channel")),
    ("method", _("label_access_log_method", default="HTTP method")),
    ("url", _("label_access_log_url", default="Address")),
    ("source_ip", _("label_access_log_source_ip", default="IP address")),
    ("user_agent", _("label_access_log_user_agent", default="Browser")),
)
RECORD_LABELS = {
    "Case": _("label_access_record_case", default="Case"),
    "CaseDocument": _("label_access_record_document", default="Document"),
}
BAD_DATE = _("msg_access_log_bad_date", default="Give dates as YYYY-MM-DD.")
BAD_CHOICE = _("msg_access_log_bad_choice", default="Choose a value from the list.")
BAD_RANGE = _(
    "msg_access_log_bad_range", default="The start date is after the end date."
)
TIME_FORMATS = {"en": "%-d %b %Y %H:%M:%S"}
TIME_FORMAT = "%-d.%-m.%Y klo %H.%M.%S"


def _date(value, end=False):
    """A local day's first (or last) moment; ``ValueError`` if malformed."""
    day = datetime.strptime(value.strip(), "%Y-%m-%d").date()
    return datetime.combine(day, time.max if end else time.min, tzinfo=TIMEZONE)


def parse_time(value):
    """The stored ISO time (UTC) as an aware datetime, or None."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class AccessLogView(BrowserView):
    b_size = 50
    errors = None

    def __call__(self):
        self.errors = {}
        self.filters = self.parse()
        if self.errors:
            self.request.response.setStatus(400)
        return self.index()

    def tr(self, message):
        return translate(message, context=self.request)

    def language(self):
        return (self.request.get("LANGUAGE") or "fi")[:2]

    def sectors(self):
        if ISubArchiveCreator.providedBy(self.context):
            return {self.context.getId()}
        return None

    def parse(self):
        """The query of the form; bad fields go to ``self.errors``."""
        form = self.request.form
        query = {"sectors": self.sectors()}
        for name in ("user", "case"):
            query[name] = (form.get(name) or "").strip() or None
        for name, labels in CHOICES.items():
            value = (form.get(name) or "").strip() or None
            if value is not None and value not in labels:
                self.errors[name] = self.tr(BAD_CHOICE)
            query[name] = value
        for name in ("start", "end"):
            value = (form.get(name) or "").strip()
            query[name] = None
            if value:
                try:
                    query[name] = _date(value, end=name == "end")
                except ValueError:
                    self.errors[name] = self.tr(BAD_DATE)
        if query["start"] and query["end"] and query["start"] > query["end"]:
            self.errors["end"] = self.tr(BAD_RANGE)
        return query

    def results(self):
        if self.errors:
            return accesslog.Results(None, [], 0)
        return accesslog.query(**self.filters)

    def batch(self):
        try:
            b_start = max(int(self.request.form.get("b_start") or 0), 0)
        except ValueError:
            b_start = 0
        return Batch(self.results(), self.b_size, b_start)

    def choices(self, name):
        selected = self.request.form.get(name)
        return [
            {"value": value, "title": self.tr(label), "selected": value == selected}
            for value, label in CHOICES[name].items()
        ]

    def local_time(self, entry):
        when = parse_time(entry.get("date"))
        if when is None:
            return ""
        fmt = TIME_FORMATS.get(self.language(), TIME_FORMAT)
        return helsinki(when).strftime(fmt)

    def label_of(self, labels, value):
        """The translated label of a stored value (each translated once a page)."""
        message = labels.get(value)
        if message is None:
            return value
        cache = self.__dict__.setdefault("_labels", {})
        if message not in cache:
            cache[message] = self.tr(message)
        return cache[message]

    def label(self, name, value):
        return self.label_of(CHOICES[name], value)

    def rows(self, batch):
        rows = []
        for entry in batch:
            when = parse_time(entry.get("date"))
            rows.append(
                {
                    "date": self.local_time(entry),
                    "datetime": when.isoformat() if when else "",
                    "user": entry.get("user"),
                    "action": self.label("action", entry.get("action")),
                    "outcome": self.label("outcome", entry.get("outcome")),
                    "refused": entry.get("outcome") == "refused",
                    "diary_number": entry.get("diary_number") or "",
                    "record": self.label_of(RECORD_LABELS, entry.get("portal_type")),
                    "path": entry.get("path"),
                    "channel": self.label("channel", entry.get("channel")),
                    "source_ip": entry.get("source_ip"),
                }
            )
        return rows

    def csv_url(self):
        qs = self.request.get("QUERY_STRING", "")
        url = f"{self.context.absolute_url()}/@@access-log-export"
        return f"{url}?{qs}" if qs else url


class AccessLogExport(AccessLogView):
    """``@@access-log-export``: every matching entry as CSV (``base.csvexport``)."""

    def __call__(self):
        self.errors = {}
        self.filters = self.parse()
        if self.errors:
            response = self.request.response
            response.setStatus(400)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "\n".join(f"{name}: {text}" for name, text in self.errors.items())
        return csvexport.respond(
            self.request,
            "lokitiedot.csv",
            [header for _field, header in COLUMNS],
            (self.csv_row(entry) for entry in self.results()),
        )

    def csv_row(self, entry):
        row = []
        for field, _header in COLUMNS:
            value = entry.get(field)
            if field == "date":
                value = parse_time(value) or value
            elif field in CHOICES:
                value = CHOICES[field].get(value, value)
            elif field == "portal_type":
                value = RECORD_LABELS.get(value, value)
            row.append(value)
        return row
