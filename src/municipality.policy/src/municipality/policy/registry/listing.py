"""The diary listing: one query shared by ``@@diary``, its CSV and ``@diary``.

The register is public information: every case is listed, but a case the
user may not view is shown with its public title unless it is public.

Filters work only on what the visitor sees. The year, task class, status and
sub-archive creator are shown in every row, so they filter every row. The
preparer is shown only of a case the visitor may view, and a document's
direction only of a document they may view: those two filters match only
cases (documents) the visitor may view, so a posted value cannot be used to
find out who prepares a secret case or whether it has incoming mail.
"""

from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from plone import api
from urllib.parse import urlencode
from zope.i18n import translate


FILTERS = (
    "year",
    "task_class",
    "review_state",
    "preparer",
    "sub_archive_creator",
    "direction",
)
#: sort key -> catalog sort_on
SORTS = {
    "number": ("diary_year", "diary_sequence"),
    "initiated": "initiated",
    "title": "sortable_title",
    "status": "review_state",
    "modified": "modified",
}


class InvalidFilter(ValueError):
    """A filter value is malformed; ``field`` names it."""

    def __init__(self, field, message):
        super().__init__(field, message)
        self.field = field
        self.message = message


def parse(form):
    """Validated filters and sorting from a request form; raises InvalidFilter."""
    query = {}
    for name in FILTERS:
        value = form.get(name)
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        value = (value or "").strip() if isinstance(value, str) else value
        if value in (None, ""):
            continue
        if name == "year":
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = None
            if value is None or not 1000 <= value <= 9999:
                raise InvalidFilter(
                    "year",
                    _(
                        "msg_invalid_year",
                        default="The year must be a four-digit number.",
                    ),
                )
        query[name] = value
    sort_on = form.get("sort_on") or "number"
    if sort_on not in SORTS:
        raise InvalidFilter(
            "sort_on", _("msg_invalid_sort", default="Unknown sort order.")
        )
    sort_order = form.get("sort_order") or "descending"
    if sort_order not in ("ascending", "descending", "reverse"):
        raise InvalidFilter(
            "sort_order", _("msg_invalid_sort", default="Unknown sort order.")
        )
    for name in ("b_start", "b_size"):
        value = form.get(name)
        if value not in (None, ""):
            try:
                if int(value) < (1 if name == "b_size" else 0):
                    raise ValueError(value)
            except (TypeError, ValueError):
                raise InvalidFilter(
                    name,
                    _("msg_invalid_batch", default="Give a non-negative whole number."),
                ) from None
    return query, sort_on, sort_order


#: filters matched only against records the visitor may view (restricted query)
VISIBLE_ONLY = ("preparer", "direction")


def _visible_case_paths(catalog, name, value, path):
    """Paths of the cases the visitor may view matching ``name`` = ``value``
    (``direction``: having a document the visitor may view of that direction)."""
    if name == "direction":
        brains = catalog(portal_type="CaseDocument", direction=value, path=path)
        return {brain.getPath().rsplit("/", 1)[0] for brain in brains}
    brains = catalog(portal_type="Case", path=path, **{name: value})
    return {brain.getPath() for brain in brains}


def search(context, query, sort_on="number", sort_order="descending"):
    """Case brains matching ``query`` under ``context``: every case (the
    register is public), except that the ``VISIBLE_ONLY`` filters match only
    cases the visitor may view."""
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(context.getPhysicalPath())
    criteria = {
        "portal_type": "Case",
        "path": path,
        "sort_on": SORTS[sort_on],
        "sort_order": sort_order,
    }
    paths = None
    for name, value in query.items():
        if name == "year":
            criteria["diary_year"] = value
        elif name in VISIBLE_ONLY:
            found = _visible_case_paths(catalog, name, value, path)
            paths = found if paths is None else paths & found
        else:
            criteria[name] = value
    if paths is not None:
        criteria["path"] = {"query": sorted(paths) or ["/no-match"], "depth": 0}
    return catalog.unrestrictedSearchResults(**criteria)


def options(context):
    """Values of the filters found in the rows the visitor sees under
    ``context``: ``year``, ``task_class``, ``sub_archive_creator`` of every
    case, ``preparer`` of the cases the visitor may view.

    Read from the catalog's indexes (each value's record set intersected
    with the registry's cases), so a diary page costs the number of distinct
    values, not the number of cases.
    """
    catalog = api.portal.get_tool("portal_catalog")
    cases = _records(
        catalog,
        {"portal_type": "Case", "path": "/".join(context.getPhysicalPath())},
    )
    found = {
        "year": {
            v for v in _values(catalog, "diary_year", cases) if isinstance(v, int)
        },
        "task_class": _strings(_values(catalog, "task_class", cases)),
        "sub_archive_creator": _strings(_values(catalog, "sub_archive_creator", cases)),
    }
    user = api.user.get_current()
    viewable = _records(
        catalog,
        {"allowedRolesAndUsers": catalog._listAllowedRolesAndUsers(user)},
        cases,
    )
    found["preparer"] = _strings(_values(catalog, "preparer", viewable))
    return found


def _records(catalog, query, within=None):
    """The catalog record ids matching every index of ``query`` (and ``within``)."""
    result = within
    for name, value in query.items():
        found = catalog._catalog.getIndex(name)._apply_index({name: value})
        ids = found[0] if found else IISet()
        result = ids if result is None else intersection(result, ids)
    return result if result is not None else IISet()


def _values(catalog, name, records):
    """The values of field index ``name`` that any of ``records`` holds."""
    index = catalog._catalog.getIndex(name)
    found = set()
    for value in index.uniqueValues():
        docs = index._index.get(value)
        if isinstance(docs, int):
            docs = IISet((docs,))
        if docs is not None and intersection(docs, records):
            found.add(value)
    return found


def _strings(values):
    return {value for value in values if isinstance(value, str) and value}


def entry_url(registry_url, number, view="@@diary-entry"):
    """The public entry page (or ``view``, e.g. the REST ``@diary-entry``)."""
    return f"{registry_url}/{view}?{urlencode({'number': number})}"


def _text(value):
    """Catalog metadata may be Missing.Value; give None instead."""
    return value if isinstance(value, str) else None


class Presenter:
    """Turns case brains into listing rows for the current user."""

    def __init__(self, context, request):
        self.request = request
        self.catalog = api.portal.get_tool("portal_catalog")
        self.classes = {t.value: t.title for t in task_classes(context)}
        self.bodies = {t.value: t.title for t in sub_archive_creators(context)}
        self.wftool = api.portal.get_tool("portal_workflow")
        self.state_titles = {}
        self.secret = translate(
            _("label_non_public_case", default="Non-public case"), context=request
        )

    def state_title(self, state):
        if state not in self.state_titles:
            title = self.wftool.getTitleForStateOnType(state, "Case") or state or ""
            self.state_titles[state] = (
                translate(_(title), context=self.request) if title else ""
            )
        return self.state_titles[state]

    def title(self, brain, visible):
        """Cases whose title is public (``chain.title_is_public``) show their
        title; others their public title unless the user may view them."""
        if visible or getattr(brain, "title_is_public", None) is True:
            return brain.Title
        return brain.public_title or self.secret

    def rows(self, brains):
        brains = list(brains)
        uids = [brain.UID for brain in brains]
        visible = {brain.UID for brain in self.catalog(UID=uids)} if uids else set()
        return [self.row(brain, brain.UID in visible) for brain in brains]

    def row(self, brain, visible):
        initiated = brain.initiated or None
        return {
            "url": brain.getURL() if visible else None,
            "entry_url": entry_url(
                brain.getURL().rsplit("/", 1)[0], brain.diary_number
            ),
            "uid": brain.UID,
            "diary_number": brain.diary_number,
            "title": self.title(brain, visible),
            "task_class": _text(brain.task_class),
            "task_class_title": self.classes.get(brain.task_class, ""),
            "review_state": brain.review_state,
            "status": self.state_title(brain.review_state),
            "initiated": initiated.isoformat() if initiated else None,
            "initiated_label": format_datetime(
                initiated, self.request, with_time=False
            ),
            "created": brain.created.ISO8601() if brain.created else None,
            "preparer": _text(brain.preparer) if visible else None,
            "sub_archive_creator": _text(brain.sub_archive_creator),
            "sub_archive_creator_title": self.bodies.get(brain.sub_archive_creator, ""),
            "publicity_class": _text(getattr(brain, "publicity_class", None)),
            "visible": visible,
        }
