"""``@@diary``: the registry's case register with filters, sorting, batching, CSV."""

from municipality.policy import _
from municipality.policy.base import csvexport
from municipality.policy.base.formatting import user_title
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from municipality.policy.documents.vocabularies import directions
from municipality.policy.registry import listing
from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zope.i18n import translate


SORT_LABELS = (
    ("number", _("label_diary_sort_number", default="Diary number")),
    ("initiated", _("label_case_initiated", default="Initiated")),
    ("title", _("label_case_title", default="Title")),
    ("status", _("label_case_status", default="Status")),
    ("modified", _("label_diary_sort_modified", default="Last modified")),
)


class DiaryView(BrowserView):
    """The diary of a registry."""

    b_size = 50

    def __call__(self):
        self.error = None
        try:
            self.query, self.sort_on, self.sort_order = listing.parse(self.request.form)
        except listing.InvalidFilter as error:
            self.error = error
            self.request.response.setStatus(400)
            self.query, self.sort_on, self.sort_order = {}, "number", "descending"
        return self.index()

    def tr(self, msg):
        return translate(msg, context=self.request)

    def results(self):
        return listing.search(self.context, self.query, self.sort_on, self.sort_order)

    def batch(self):
        b_start = int(self.request.form.get("b_start") or 0) if not self.error else 0
        b_size = (
            int(self.request.form.get("b_size") or self.b_size)
            if not self.error
            else self.b_size
        )
        return Batch(self.results(), b_size, b_start)

    def rows(self, batch):
        return listing.Presenter(self.context, self.request).rows(batch)

    def page_url(self, b_start):
        params = {k: v for k, v in self.request.form.items() if k != "b_start" and v}
        params["b_start"] = b_start
        return f"{self.context.absolute_url()}/@@diary?{urlencode(params)}"

    def csv_url(self):
        params = {
            k: v
            for k, v in self.request.form.items()
            if k not in ("b_start", "b_size") and v
        }
        return f"{self.context.absolute_url()}/@@diary.csv?{urlencode(params)}"

    def selected(self, name, value):
        return str(self.query.get(name, "")) == str(value)

    # Options of the filter selects: values found in the rows the visitor
    # sees (``listing.options``), never the whole catalog's.
    @property
    def _options(self):
        if not hasattr(self, "_found"):
            self._found = listing.options(self.context)
        return self._found

    def years(self):
        return sorted(self._options["year"], reverse=True)

    def task_classes(self):
        titles = {t.value: t.title for t in task_classes(self.context)}
        return [
            (code, titles.get(code, code))
            for code in sorted(self._options["task_class"])
        ]

    def states(self):
        wftool = api.portal.get_tool("portal_workflow")
        for workflow in wftool.getWorkflowsFor("Case") or ():
            return [
                (state.getId(), self.tr(_(state.title or state.getId())))
                for state in workflow.states.objectValues()
            ]
        return []

    def preparers(self):
        """Preparers of the cases the visitor may view (see ``listing``): the
        preparer of a case the public may view is public (JulkL 1 §, 9 §: no
        secrecy ground of 24 § covers who prepares a public matter, and the
        case page names them); of a case the visitor may not view it is not
        shown, so it is not offered either."""
        out = [(user_id, user_title(user_id)) for user_id in self._options["preparer"]]
        return sorted(out, key=lambda item: (item[1].lower(), item[0]))

    def sub_archive_creators(self):
        present = self._options["sub_archive_creator"]
        return [
            (t.value, t.title)
            for t in sub_archive_creators(self.context)
            if t.value in present
        ]

    def directions(self):
        return [(t.value, t.title) for t in directions(self.context)]

    def can_register(self):
        return api.user.has_permission("Add portal content", obj=self.context)

    def sorts(self):
        return [(value, self.tr(title)) for value, title in SORT_LABELS]


class DiaryCSV(DiaryView):
    """``@@diary.csv``: the filtered register as CSV (semicolon, UTF-8 with BOM)."""

    COLUMNS = (
        ("diary_number", _("label_diary_number", default="Diary number")),
        ("title", _("label_case_title", default="Title")),
        ("task_class", _("label_case_task_class", default="Task class")),
        (
            "task_class_title",
            _("label_diary_task_class_title", default="Task class title"),
        ),
        ("status", _("label_case_status", default="Status")),
        ("initiated", _("label_case_initiated", default="Initiated")),
        ("preparer", _("label_case_preparer", default="Preparer")),
        (
            "sub_archive_creator_title",
            _("label_case_sub_archive_creator", default="Sub-archive creator"),
        ),
    )

    def __call__(self):
        response = self.request.response
        try:
            query, sort_on, sort_order = listing.parse(self.request.form)
        except listing.InvalidFilter as error:
            response.setStatus(400)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return f"{error.field}: {self.tr(error.message)}"
        brains = listing.search(self.context, query, sort_on, sort_order)
        presenter = listing.Presenter(self.context, self.request)

        def rows():
            for start in range(0, len(brains), 500):
                for row in presenter.rows(brains[start : start + 500]):
                    yield [row[key] for key, _title in self.COLUMNS]

        return csvexport.respond(
            self.request,
            f"{self.context.getId()}.csv",
            [title for _key, title in self.COLUMNS],
            rows(),
        )
