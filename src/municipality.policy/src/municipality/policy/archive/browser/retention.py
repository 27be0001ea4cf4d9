"""The records managers' retention view ``@@retention`` ("Säilytysajat") on
an archive creator or a sub-archive creator, its CSV and the numbers
``report`` gives the REST service ``@retention``.

What expires when: the closed cases (state ``paattynyt``; transferred and
disposed-of cases have left the portal's keeping) the reader may View, per
year of retention end, by task class and by sub-archive creator; counts of
permanent cases, of closed cases whose end is not known (a start the portal
does not know), and of cases on legal hold (any state but disposed of).
Filters: ``sub_archive_creator`` (on a sub-archive creator: that one),
``task_class`` (a code; its sub-classes included), ``year_from`` / ``year_to``
(years of retention end). Everything comes from the reader's own catalog
search: a case the reader may not View is never counted. Permission
``municipality.policy: Change retention period`` (records officer, sector
records manager, chief records officer).
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from dataclasses import asdict
from dataclasses import dataclass
from Missing import Value as MissingValue
from municipality.policy import _
from municipality.policy.archive import retention
from municipality.policy.base import csvexport
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import today
from municipality.policy.classification import lookup
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ISubArchiveCreator
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate
import datetime
import html
import pygal
import re


MAX_ROWS_SHOWN = 200
YEAR = re.compile(r"^\d{4}$")
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
#: the chart's colours: text #1f1f1f and bars #0a4d8c on white (contrast
#: 16:1 and 8.6:1); the bars also carry their number as text
CHART_STYLE = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1f1f1f",
    "foreground_strong": "#1f1f1f",
    "foreground_subtle": "#595959",
    "colors": ("#0a4d8c", "#8a3b00"),
    "font_family": "sans-serif",
    "label_font_size": 14,
    "major_label_font_size": 14,
    "value_font_size": 14,
    "value_label_font_size": 14,
    "title_font_size": 16,
    "legend_font_size": 14,
    "opacity": "1",
    "opacity_hover": "1",
}

HEADERS = (
    _("label_retention_end_year", default="Retention ends (year)"),
    _("label_case_task_class", default="Task class"),
    _("label_retention_task_class_title", default="Task class title"),
    _("label_case_sub_archive_creator", default="Sub-archive creator"),
    _("label_retention_cases", default="Cases"),
    _("label_retention_on_hold", default="Of which on legal hold"),
)
PERMANENT_LABEL = _("label_retention_permanent", default="Permanent")
UNKNOWN_LABEL = _("label_retention_unknown", default="Not known")


class InvalidFilter(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Filters:
    sub_archive_creator: str = ""
    task_class: str = ""
    year_from: int | None = None
    year_to: int | None = None


def archive_creator_of(place):
    for obj in (place, aq_parent(aq_inner(place))):
        if IArchiveCreator.providedBy(obj):
            return obj
    return None


def sub_archive_creators(place):
    """``[(id, title)]`` of the place's sub-archive creators (a sub-archive
    creator: itself only)."""
    if ISubArchiveCreator.providedBy(place):
        return [(place.getId(), place.Title())]
    creator = archive_creator_of(place)
    if creator is None:
        return []
    return [
        (obj.getId(), obj.Title())
        for obj in creator.objectValues()
        if ISubArchiveCreator.providedBy(obj)
    ]


def _one(form, name):
    value = form.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _year(form, name):
    value = _one(form, name)
    if not value:
        return None
    if not YEAR.match(value):
        raise InvalidFilter(
            name, _("msg_retention_bad_year", default="Give the year with four digits.")
        )
    return int(value)


def parse_filters(place, form):
    """``Filters`` from request parameters; ``InvalidFilter`` naming the bad one."""
    filters = Filters(
        year_from=_year(form, "year_from"), year_to=_year(form, "year_to")
    )
    if (
        filters.year_from is not None
        and filters.year_to is not None
        and filters.year_from > filters.year_to
    ):
        raise InvalidFilter(
            "year_to",
            _(
                "msg_retention_year_order",
                default="The last year cannot be before the first year.",
            ),
        )
    sector = _one(form, "sub_archive_creator")
    if ISubArchiveCreator.providedBy(place):
        sector = place.getId()
    elif sector and sector not in dict(sub_archive_creators(place)):
        raise InvalidFilter(
            "sub_archive_creator",
            _("msg_retention_unknown_sector", default="Unknown sub-archive creator."),
        )
    filters.sub_archive_creator = sector
    code = _one(form, "task_class")
    if code and code not in dict(lookup.task_class_titles(place)):
        raise InvalidFilter(
            "task_class",
            _("msg_retention_unknown_class", default="Unknown task class."),
        )
    filters.task_class = code
    return filters


def _in_class(code, chosen):
    return not chosen or code == chosen or (code or "").startswith(chosen + ".")


def _value(brain, name, compute):
    """A metadata column's value; computed from the object when the column
    is missing or not yet filled (a site upgraded without reindexing)."""
    if name not in brain.__record_schema__:
        return compute(brain._unrestrictedGetObject())
    value = getattr(brain, name, None)
    if value is MissingValue:
        return compute(brain._unrestrictedGetObject())
    return value


def _period(brain):
    value = _value(brain, "retention_period", retention.period_of)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _end(brain):
    value = _value(brain, "retention_end", retention.retention_end)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def report(place, filters=None, on=None):
    """The numbers of the view, the CSV and ``@retention`` (a JSON-able dict)."""
    filters = filters or Filters()
    if ISubArchiveCreator.providedBy(place):  # a sector: its own cases only
        filters.sub_archive_creator = place.getId()
    on = on or today()
    creator = archive_creator_of(place)
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        "portal_type": "Case",
        "path": "/".join((creator or place).getPhysicalPath()),
    }
    if filters.sub_archive_creator:
        query["sub_archive_creator"] = filters.sub_archive_creator
    classes = dict(lookup.task_class_titles(place))
    sectors = dict(sub_archive_creators(place))
    held = {
        brain.getPath()
        for brain in catalog(legal_hold=True, **query)
        if brain.review_state != "havitetty"
        and _in_class(brain.task_class, filters.task_class)
    }
    totals = {
        "closed": 0,
        "with_end": 0,
        "expired": 0,
        "permanent": 0,
        "unknown": 0,
        "legal_hold": len(held),
    }
    years, by_class, by_sector, rows = {}, {}, {}, {}

    def bump(table, key, field):
        entry = table.setdefault(
            key, {"cases": 0, "permanent": 0, "first_year": None, "last_year": None}
        )
        entry[field] += 1
        return entry

    for brain in catalog(review_state=retention.CLOSED, **query):
        code = brain.task_class or ""
        if not _in_class(code, filters.task_class):
            continue
        sector = brain.sub_archive_creator or ""
        period = _period(brain)
        end = None if period == retention.PERMANENT else _end(brain)
        if end is not None and (
            (filters.year_from and end.year < filters.year_from)
            or (filters.year_to and end.year > filters.year_to)
        ):
            continue
        totals["closed"] += 1
        on_hold = brain.getPath() in held
        if period == retention.PERMANENT:
            totals["permanent"] += 1
            kind = "permanent"
            bump(by_class, code, "permanent")
            bump(by_sector, sector, "permanent")
        elif end is None:
            totals["unknown"] += 1
            kind = "unknown"
        else:
            kind = "end"
            totals["with_end"] += 1
            if end <= on and not on_hold:
                totals["expired"] += 1
            year = years.setdefault(end.year, {"cases": 0, "legal_hold": 0})
            year["cases"] += 1
            year["legal_hold"] += int(on_hold)
            for table, key in ((by_class, code), (by_sector, sector)):
                entry = bump(table, key, "cases")
                entry["first_year"] = min(entry["first_year"] or end.year, end.year)
                entry["last_year"] = max(entry["last_year"] or end.year, end.year)
        row = rows.setdefault(
            (kind, end.year if end else None, code, sector),
            {"cases": 0, "legal_hold": 0},
        )
        row["cases"] += 1
        row["legal_hold"] += int(on_hold)

    order = {"end": 0, "permanent": 1, "unknown": 2}
    return {
        "on": on.isoformat(),
        "filters": asdict(filters),
        "totals": totals,
        "years": [{"year": year, **years[year]} for year in sorted(years)],
        "task_classes": [
            {"task_class": code, "title": classes.get(code, ""), **by_class[code]}
            for code in sorted(by_class)
        ],
        "sub_archive_creators": [
            {"id": key, "title": sectors.get(key, key), **by_sector[key]}
            for key in sorted(by_sector, key=lambda k: sectors.get(k, k))
        ],
        "rows": [
            {
                "kind": kind,
                "year": year,
                "task_class": code,
                "task_class_title": classes.get(code, ""),
                "sub_archive_creator": sector,
                "sub_archive_creator_title": sectors.get(sector, sector),
                **rows[(kind, year, code, sector)],
            }
            for kind, year, code, sector in sorted(
                rows, key=lambda k: (order[k[0]], k[1] or 0, k[2], k[3])
            )
        ],
    }


def chart_svg(data, request):
    """The cases per year of retention end as an inline SVG (pygal, no
    script), titled and described; the same numbers are in the page's table."""
    title = translate(
        _("label_retention_chart", default="Cases by year of retention end"),
        context=request,
    )
    years = data["years"]
    description = translate(
        _(
            "help_retention_chart",
            default="Bar chart: ${count} years from ${first} to ${last}; the "
            "same numbers are in the table below the chart.",
            mapping={
                "count": len(years),
                "first": years[0]["year"] if years else "",
                "last": years[-1]["year"] if years else "",
            },
        ),
        context=request,
    )
    chart = pygal.Bar(
        style=pygal.style.Style(**CHART_STYLE),
        js=(),
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        width=800,
        height=360,
        x_label_rotation=-45 if len(years) > 12 else 0,
        title=None,
        no_data_text=translate(
            _("label_retention_no_cases", default="No cases."), context=request
        ),
    )
    chart.x_labels = [str(year["year"]) for year in years]
    highest = max((year["cases"] for year in years), default=0)
    step = max(1, -(-highest // 8))  # whole cases on the axis, at most 9 lines
    chart.y_labels = list(range(0, highest + step, step))
    chart.add(
        translate(_("label_retention_cases", default="Cases"), context=request),
        [year["cases"] for year in years],
    )
    svg = chart.render(is_unicode=True)
    # no script (pygal's tooltip configuration) and no comments with addresses
    svg = SCRIPT.sub("", svg)
    svg = COMMENT.sub("", svg)
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-labelledby="kp-retention-chart-title '
        'kp-retention-chart-desc" focusable="false" '
        'style="display: block; width: 100%; height: auto" ',
        1,
    )
    head = (
        f'<title id="kp-retention-chart-title">{html.escape(title)}</title>'
        f'<desc id="kp-retention-chart-desc">{html.escape(description)}</desc>'
    )
    svg = svg.replace("<title>Pygal</title>", "", 1)
    start = svg.index(">", svg.index("<svg ")) + 1
    return svg[:start] + head + svg[start:]


class RetentionView(BrowserView):
    """``@@retention``: the page, and its CSV (``?format=csv``)."""

    error = None

    def update(self):
        try:
            self.filters = parse_filters(self.context, self.request.form)
        except InvalidFilter as error:
            self.error = error
            self.filters = Filters()
            self.data = None
            return
        self.data = report(self.context, self.filters)

    def __call__(self):
        self.update()
        if self.request.form.get("format") == "csv":
            return self.csv()
        return self.index()

    # ----------------------------------------------------------- helpers
    def tr(self, message):
        return translate(message, context=self.request)

    def is_sector(self):
        return ISubArchiveCreator.providedBy(self.context)

    def sectors(self):
        return sub_archive_creators(self.context)

    def classes(self):
        return lookup.task_class_titles(self.context, self.request)

    def chosen(self, name):
        value = getattr(self.filters, name, "")
        if self.error is not None:
            return _one(self.request.form, name)
        return "" if value is None else str(value)

    def error_field(self):
        return self.error.field if self.error is not None else ""

    def error_message(self):
        return self.tr(self.error.message) if self.error is not None else ""

    def today(self):
        return format_date(today())

    def chart(self):
        return chart_svg(self.data, self.request) if self.data["years"] else ""

    def csv_url(self):
        params = [
            f"{name}={value}"
            for name, value in asdict(self.filters).items()
            if value not in (None, "")
            and not (name == "sub_archive_creator" and self.is_sector())
        ]
        query = "&".join(["format=csv", *params])
        return f"{self.context.absolute_url()}/@@retention?{query}"

    def year_label(self, row):
        if row["kind"] == "permanent":
            return self.tr(PERMANENT_LABEL)
        if row["kind"] == "unknown":
            return self.tr(UNKNOWN_LABEL)
        return row["year"]

    def shown_rows(self):
        return self.data["rows"][:MAX_ROWS_SHOWN]

    def csv(self):
        if self.error is not None:
            self.request.response.setStatus(400)
            return self.error_message()
        rows = (
            (
                self.year_label(row),
                row["task_class"],
                row["task_class_title"],
                row["sub_archive_creator_title"],
                row["cases"],
                row["legal_hold"],
            )
            for row in self.data["rows"]
        )
        name = f"sailytysajat-{self.context.getId()}.csv"
        return csvexport.respond(self.request, name, HEADERS, rows)
