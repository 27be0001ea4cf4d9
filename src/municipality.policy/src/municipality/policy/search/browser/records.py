"""``@@records-search`` on a registry: full text and facets over the cases and
documents the reader may View, sortable and batched; ``?format=csv`` or
``@@records-search.csv`` gives the same result as the portal's CSV
(``base.csvexport``). The query is ``search.records``."""

from datetime import date
from municipality.policy import _
from municipality.policy.base import csvexport
from municipality.policy.search import records
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zExceptions import Unauthorized
from zope.i18n import translate


SORT_LABELS = (
    ("number", _("label_diary_sort_number", default="Diary number")),
    ("date", _("label_records_search_sort_date", default="Date")),
    ("title", _("label_case_title", default="Title")),
    ("status", _("label_case_status", default="Status")),
)
TYPE_LABELS = (
    ("", _("label_records_search_all_types", default="Cases and documents")),
    ("case", _("label_records_search_cases", default="Cases")),
    ("document", _("label_records_search_documents", default="Documents")),
)
CSV_COLUMNS = (
    ("diary_number", _("label_diary_number", default="Diary number")),
    ("type_title", _("label_records_search_type", default="Type")),
    ("record_type_title", _("label_document_record_type", default="Record type")),
    ("title", _("label_case_title", default="Title")),
    ("task_class", _("label_case_task_class", default="Task class")),
    ("status", _("label_case_status", default="Status")),
    ("publicity_class_title", _("label_publicity_class", default="Publicity class")),
    ("initiated", _("label_case_initiated", default="Initiated")),
    (
        "registration_date",
        _("label_document_registration_date", default="Registration date"),
    ),
    ("url", _("label_records_search_link", default="Link")),
)


def csv_response(view, search):
    """The whole result of ``search`` as the portal's CSV."""

    def value(row, key):
        found = row.get(key)
        if key in ("initiated", "registration_date") and found:
            return date.fromisoformat(found)
        return found

    def rows():
        matching = search.matching
        for start in range(0, len(matching), 500):
            for row in search.rows(matching[start : start + 500]):
                yield [value(row, key) for key, _title in CSV_COLUMNS]

    return csvexport.respond(
        view.request,
        f"{view.context.getId()}-haku.csv",
        [title for _key, title in CSV_COLUMNS],
        rows(),
    )


class RecordsSearchView(BrowserView):
    """The records search of a registry's cases and documents."""

    def tr(self, msg):
        return translate(msg, context=self.request)

    def available(self):
        """For links (the diary's): may the current user use the search here?"""
        return records.may_search(self.context)

    def __call__(self):
        if not records.may_search(self.context):
            raise Unauthorized("records search")
        self.error = None
        try:
            self.query = records.parse(self.request.form, self.context)
            self.search = records.Search(self.context, self.request, self.query)
        except records.InvalidParameter as error:
            self.error = error
            self.request.response.setStatus(400)
            if self.request.form.get("format") == "csv":
                return self._csv_error(error)
            self.query = records.Query()
            self.search = records.Search(self.context, self.request, self.query)
        if self.request.form.get("format") == "csv":
            return csv_response(self, self.search)
        return self.index()

    def _csv_error(self, error):
        self.request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
        return f"{error.field}: {self.tr(error.message)}"

    def url(self, **changes):
        return (
            f"{self.context.absolute_url()}/@@records-search?"
            f"{urlencode(self.query.params(**changes))}"
        )

    def csv_url(self):
        return (
            f"{self.context.absolute_url()}/@@records-search.csv?"
            f"{urlencode(self.query.params(b_start=None, b_size=None))}"
        )

    def page_url(self, b_start):
        return self.url(b_start=b_start)

    def facets(self):
        return [facet for facet in self.search.facets() if facet["values"]]

    def rows(self):
        return self.search.rows()

    def sorts(self):
        return [(value, self.tr(title)) for value, title in SORT_LABELS]

    def types(self):
        return [(value, self.tr(title)) for value, title in TYPE_LABELS]

    def pages(self):
        """Previous / next page starts and the page numbers (None when none)."""
        size, start, total = self.query.b_size, self.query.b_start, self.search.total
        return {
            "previous": max(start - size, 0) if start > 0 else None,
            "next": start + size if start + size < total else None,
            "number": start // size + 1,
            "count": max((total + size - 1) // size, 1),
            "first": start + 1 if total else 0,
            "last": min(start + size, total),
        }


class RecordsSearchCSV(RecordsSearchView):
    """``@@records-search.csv``: the same result as CSV."""

    def __call__(self):
        self.request.form["format"] = "csv"
        return super().__call__()
