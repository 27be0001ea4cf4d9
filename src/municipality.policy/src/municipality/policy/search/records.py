"""The records search for registry and records staff: one query shared by
``@@records-search``, its CSV and ``GET @records-search``.

Everything is computed from the catalog queried AS THE READER
(``portal_catalog.searchResults``: ``allowedRolesAndUsers`` applies), never
unrestrictedly: the result set holds only cases and documents the reader may
View, and the facet counts are counted from that set, so a value that only a
record hidden from the reader has is never offered nor counted.

Facets:

- of the record itself: ``review_state`` (status), ``publicity_class``; of a
  document only: ``record_type``, ``direction``;
- of the case: ``task_class``, ``sub_archive_creator``, ``preparer``,
  ``diary_year``. A document has these through its case, and only when the
  reader may View that case (a public document of a partly secret case does
  not reveal who prepares the case); with such a facet chosen, a document
  matches when its case does.

Counts are "disjunctive": the counts of a facet come from the records that
match the text and every other chosen facet, so that the other values of a
facet stay offered (several values of one facet are OR'ed, facets AND'ed).

The diary number of a document's case is shown even when the reader may not
View the case: every case's number is public in the diary (``@@diary``).
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from dataclasses import dataclass
from dataclasses import field
from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.formatting import public_label
from municipality.policy.base.formatting import user_title
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from municipality.policy.classification.vocabularies import publicity_classes
from municipality.policy.documents.vocabularies import directions
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import IRegistry
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.registry import listing
from municipality.policy.registry.browser.search import query_text
from municipality.policy.security.model import ELECT
from municipality.policy.security.model import ROLE_IDS
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from Products.ZCTextIndex.ParseTree import ParseError
from zope.i18n import translate


#: the facets, in the order pages show them; each is a catalog FieldIndex
FACETS = (
    "task_class",
    "review_state",
    "publicity_class",
    "sub_archive_creator",
    "preparer",
    "diary_year",
    "record_type",
    "direction",
)
#: facets that belong to the case (a document has them through its case)
CASE_FACETS = ("task_class", "sub_archive_creator", "preparer", "diary_year")
#: facets that only a document has
DOCUMENT_FACETS = ("record_type", "direction")
FACET_TITLES = {
    "task_class": _("label_case_task_class", default="Task class"),
    "review_state": _("label_case_status", default="Status"),
    "publicity_class": _("label_publicity_class", default="Publicity class"),
    "sub_archive_creator": _(
        "label_case_sub_archive_creator", default="Sub-archive creator"
    ),
    "preparer": _("label_case_preparer", default="Preparer"),
    "diary_year": _("label_diary_year", default="Year"),
    "record_type": _("label_document_record_type", default="Record type"),
    "direction": _("label_document_direction", default="Direction"),
}
#: ``type`` parameter -> portal_type
TYPES = {"case": "Case", "document": "CaseDocument"}
SORTS = ("number", "date", "title", "status")
ORDERS = ("ascending", "descending")
MAX_TEXT = 500
MAX_BATCH = 500
DEFAULT_BATCH = 50


#: who may use the records search: staff and records roles of the chain
#: (an elected official reads records but is not records staff)
STAFF_ROLES = frozenset(ROLE_IDS) - {ELECT} | {"Manager", "Site Administrator"}


def _places(context):
    """``context``, the archive creators in or above it and their registries
    and sub-archive creators: where a staff role counts."""
    creators = []
    for obj in aq_chain(aq_inner(context)):
        if IArchiveCreator.providedBy(obj):
            creators.append(obj)
            break
    else:
        if IPloneSiteRoot.providedBy(context):
            creators = [
                obj for obj in context.objectValues() if IArchiveCreator.providedBy(obj)
            ]
    places = [context]
    for creator in creators:
        places.append(creator)
        places += [
            obj
            for obj in creator.objectValues()
            if IRegistry.providedBy(obj) or ISubArchiveCreator.providedBy(obj)
        ]
    return places


def may_search(context):
    """True when the current user holds a staff or records role (local or
    global) on ``context``, its archive creator, a registry or a sub-archive
    creator of it: registry staff and sector records staff alike. What they
    find is still only what they may View."""
    if api.user.is_anonymous():
        return False
    user = api.user.get_current()
    for place in _places(context):
        try:
            roles = user.getRolesInContext(place)
        except AttributeError:
            continue
        if STAFF_ROLES.intersection(roles):
            return True
    return False


class InvalidParameter(listing.InvalidFilter):
    """A parameter is malformed or names an unknown value; ``field`` names it."""


@dataclass
class Query:
    text: str = ""
    type: str = ""
    filters: dict = field(default_factory=dict)  # facet -> [values]
    sort_on: str = "number"
    sort_order: str = "descending"
    b_start: int = 0
    b_size: int = DEFAULT_BATCH

    def params(self, **changes):
        """The query as GET parameters (a list of pairs), with ``changes``."""
        values = {
            "q": self.text,
            "type": self.type,
            "sort_on": self.sort_on,
            "sort_order": self.sort_order,
            "b_start": self.b_start,
            "b_size": self.b_size,
            **changes,
        }
        pairs = [(k, v) for k, v in values.items() if v not in ("", None)]
        filters = changes.get("filters", self.filters)
        for name in FACETS:
            pairs += [(name, value) for value in filters.get(name, ())]
        return [(k, v) for k, v in pairs if k != "filters"]


def _values(form, name):
    value = form.get(name)
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        value = [value]
    out = []
    for item in value:
        item = item.strip() if isinstance(item, str) else item
        if item not in (None, "") and item not in out:
            out.append(item)
    return out


def _single(form, name):
    values = _values(form, name)
    if len(values) > 1:
        raise InvalidParameter(
            name, _("msg_records_search_one_value", default="Give one value.")
        )
    return values[0] if values else ""


def _int(form, name, default, low, high):
    value = _single(form, name)
    if value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise InvalidParameter(
            name,
            _(
                "msg_records_search_number",
                default="Give a whole number from ${low} to ${high}.",
                mapping={"low": low, "high": high},
            ),
        )
    return number


def allowed_values(context, name):
    """The values facet ``name`` accepts (None: any existing user id)."""
    if name == "task_class":
        return {term.value for term in task_classes(context)}
    if name == "sub_archive_creator":
        return {term.value for term in sub_archive_creators(context)}
    if name == "publicity_class":
        return {term.value for term in publicity_classes(context)}
    if name == "record_type":
        return {term.value for term in record_types(context)}
    if name == "direction":
        return {term.value for term in directions(context)}
    if name == "review_state":
        return set(state_titles(None))
    return None


def parse(form, context):
    """A validated ``Query`` from a request form; raises ``InvalidParameter``
    naming the first bad parameter."""
    query = Query()
    text = _single(form, "q")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise InvalidParameter(
            "q",
            _(
                "msg_records_search_text",
                default="The search text may have at most ${max} characters.",
                mapping={"max": MAX_TEXT},
            ),
        )
    query.text = text
    kind = _single(form, "type")
    if kind and kind not in TYPES:
        raise InvalidParameter(
            "type",
            _("msg_records_search_type", default="The type is case or document."),
        )
    query.type = kind
    for name in FACETS:
        values = _values(form, name)
        if not values:
            continue
        if name == "diary_year":
            try:
                values = [int(value) for value in values]
            except (TypeError, ValueError):
                values = [0]
            if not all(1000 <= value <= 9999 for value in values):
                raise InvalidParameter(
                    name,
                    _(
                        "msg_invalid_year",
                        default="The year must be a four-digit number.",
                    ),
                )
        else:
            allowed = allowed_values(context, name)
            for value in values:
                known = (
                    isinstance(value, str) and api.user.get(userid=value) is not None
                    if allowed is None
                    else value in allowed
                )
                if not known:
                    raise InvalidParameter(
                        name,
                        _(
                            "msg_records_search_unknown_value",
                            default="Unknown value: ${value}.",
                            mapping={"value": str(value)[:100]},
                        ),
                    )
        query.filters[name] = values
    query.sort_on = _single(form, "sort_on") or "number"
    if query.sort_on not in SORTS:
        raise InvalidParameter(
            "sort_on", _("msg_invalid_sort", default="Unknown sort order.")
        )
    query.sort_order = _single(form, "sort_order") or (
        "ascending" if query.sort_on == "title" else "descending"
    )
    if query.sort_order not in ORDERS:
        raise InvalidParameter(
            "sort_order", _("msg_invalid_sort", default="Unknown sort order.")
        )
    query.b_start = _int(form, "b_start", 0, 0, 10**9)
    query.b_size = _int(form, "b_size", DEFAULT_BATCH, 1, MAX_BATCH)
    return query


def state_titles(request):
    """state id -> title (translated for ``request``; the stored title when
    ``request`` is None) of the case and document workflows."""
    wftool = api.portal.get_tool("portal_workflow")
    titles = {}
    for portal_type in ("Case", "CaseDocument"):
        for workflow in wftool.getWorkflowsFor(portal_type) or ():
            for state in workflow.states.objectValues():
                title = state.title or state.getId()
                titles.setdefault(
                    state.getId(),
                    translate(_(title), context=request) if request else title,
                )
    return titles


@dataclass
class Record:
    """One record of the reader's result set (by catalog record id)."""

    rid: int
    brain: object
    is_case: bool
    values: dict  # facet -> value (None: none or not visible to the reader)
    case_rid: int = None  # a document's case


class Search:
    """The reader's search under ``context`` (a registry or archive creator)."""

    def __init__(self, context, request, query):
        self.context = context
        self.request = request
        self.query = query
        self.catalog = api.portal.get_tool("portal_catalog")
        self.path = "/".join(context.getPhysicalPath())
        self.records = self._records()
        self.matching = [r for r in self.records if self._matches(r)]
        self._sort(self.matching)

    # -- the reader's records ------------------------------------------------

    def _criteria(self):
        types = [TYPES[self.query.type]] if self.query.type else list(TYPES.values())
        criteria = {"portal_type": types, "path": self.path}
        if self.query.text:
            criteria["SearchableText"] = query_text(self.query.text)
        return criteria

    def _records(self):
        """Every record the reader may View matching the text and the type."""
        try:
            brains = list(self.catalog.searchResults(**self._criteria()))
        except ParseError:
            raise InvalidParameter(
                "q",
                _(
                    "msg_records_search_syntax",
                    default="The search text could not be understood.",
                ),
            ) from None
        internal = self.catalog._catalog
        indexes = {name: internal.getIndex(name)._unindex for name in FACETS}
        for extra in ("diary_sequence", "initiated", "registration_date"):
            indexes[extra] = internal.getIndex(extra)._unindex
        self._indexes = indexes
        documents = [b for b in brains if b.portal_type != "Case"]
        viewable_cases = set()
        if documents:
            # the cases the reader may View (a document's case facets come
            # from a case the reader may View only)
            viewable_cases = {
                b.getRID()
                for b in self.catalog.searchResults(portal_type="Case", path=self.path)
            }
        records = []
        for brain in brains:
            rid = brain.getRID()
            is_case = brain.portal_type == "Case"
            values = {name: indexes[name].get(rid) for name in FACETS}
            case_rid = None
            if is_case:
                for name in DOCUMENT_FACETS:
                    values[name] = None
            else:
                case_rid = internal.uids.get(brain.getPath().rsplit("/", 1)[0])
                seen = case_rid in viewable_cases
                for name in CASE_FACETS:
                    values[name] = indexes[name].get(case_rid) if seen else None
            records.append(Record(rid, brain, is_case, values, case_rid))
        return records

    def _matches(self, record, skip=None):
        for name, chosen in self.query.filters.items():
            if name != skip and record.values.get(name) not in chosen:
                return False
        return True

    # -- facets --------------------------------------------------------------

    def facet_counts(self):
        """facet -> {value: count} over the reader's records that match every
        other chosen facet."""
        counts = {}
        for name in FACETS:
            if name in self.query.filters:
                pool = [r for r in self.records if self._matches(r, skip=name)]
            else:
                pool = self.matching
            found = {}
            for record in pool:
                value = record.values.get(name)
                if value is None or value == "":
                    continue
                found[value] = found.get(value, 0) + 1
            counts[name] = found
        return counts

    def facets(self):
        """``[{"name", "title", "values": [{"value", "title", "count",
        "selected"}]}]``: the values found in the reader's records, plus the
        chosen ones (count 0 when none is left)."""
        labels = Labels(self.context, self.request)
        out = []
        for name, found in self.facet_counts().items():
            chosen = self.query.filters.get(name, [])
            values = dict(found)
            for value in chosen:
                values.setdefault(value, 0)
            items = [
                {
                    "value": value,
                    "title": labels.title(name, value),
                    "count": count,
                    "selected": value in chosen,
                }
                for value, count in values.items()
            ]
            if name == "diary_year":
                items.sort(key=lambda item: -item["value"])
            elif name == "task_class":
                items.sort(key=lambda item: item["value"])
            else:
                items.sort(key=lambda item: str(item["title"]).lower())
            out.append(
                {
                    "name": name,
                    "title": translate(FACET_TITLES[name], context=self.request),
                    "values": items,
                }
            )
        return out

    # -- sorting -------------------------------------------------------------

    def _number_key(self, record):
        rid = record.rid if record.is_case else record.case_rid
        year = self._indexes["diary_year"].get(rid)
        sequence = self._indexes["diary_sequence"].get(rid)
        return (year or 0, sequence or 0, 0 if record.is_case else 1, record.rid)

    def _date_key(self, record):
        name = "initiated" if record.is_case else "registration_date"
        return (self._indexes[name].get(record.rid) or 0, record.rid)

    def _sort(self, records):
        reverse = self.query.sort_order == "descending"
        if self.query.sort_on == "number":
            key = self._number_key
        elif self.query.sort_on == "date":
            key = self._date_key
        elif self.query.sort_on == "title":
            # every record here is one the reader may View: its own title
            def key(record):
                return ((record.brain.Title or "").lower(), record.rid)

        else:
            titles = state_titles(self.request)

            def key(record):
                state = record.values.get("review_state") or ""
                return (titles.get(state, state).lower(), record.rid)

        records.sort(key=key, reverse=reverse)

    # -- results -------------------------------------------------------------

    @property
    def total(self):
        return len(self.matching)

    def page(self):
        start = self.query.b_start
        return self.matching[start : start + self.query.b_size]

    def rows(self, records=None):
        """Rows of ``records`` (default: the current page) for the reader."""
        records = self.page() if records is None else records
        presenter = listing.Presenter(self.context, self.request)
        labels = Labels(self.context, self.request)
        cases = presenter.rows([r.brain for r in records if r.is_case])
        by_uid = {row["uid"]: row for row in cases}
        documents = [r.brain for r in records if not r.is_case]
        uids = [brain.UID for brain in documents]
        visible = {brain.UID for brain in self.catalog(UID=uids)} if uids else set()
        internal = self.catalog._catalog
        rows = []
        for record in records:
            brain = record.brain
            if record.is_case:
                row = by_uid[brain.UID]
                row.update(
                    {
                        "type": "case",
                        "type_title": labels.type_title("case"),
                        "record_type": None,
                        "record_type_title": "",
                        "date": row["initiated"],
                        "date_label": row["initiated_label"],
                        "registration_date": None,
                    }
                )
            else:
                seen = brain.UID in visible
                case = (
                    internal.getMetadataForRID(record.case_rid)
                    if record.case_rid is not None
                    else {}
                )
                registered = brain.registration_date or None
                record_type = brain_value(record.values, "record_type")
                row = {
                    "url": brain.getURL() if seen else None,
                    "uid": brain.UID,
                    "type": "document",
                    "type_title": labels.type_title("document"),
                    "diary_number": case.get("diary_number") or "",
                    "title": brain.Title if seen else public_label(brain),
                    "record_type": record_type,
                    "record_type_title": labels.title("record_type", record_type),
                    "review_state": brain.review_state,
                    "status": labels.title("review_state", brain.review_state),
                    "initiated": None,
                    "registration_date": registered.isoformat() if registered else None,
                    "date": registered.isoformat() if registered else None,
                    "date_label": format_datetime(
                        registered, self.request, with_time=False
                    ),
                    "task_class": record.values.get("task_class"),
                    "publicity_class": brain_value(record.values, "publicity_class"),
                    "visible": seen,
                }
            row["publicity_class_title"] = labels.title(
                "publicity_class", row.get("publicity_class")
            )
            rows.append(row)
        return rows


def brain_value(values, name):
    value = values.get(name)
    return value if isinstance(value, str) and value else None


class Labels:
    """Titles of facet values and record kinds in the reader's language."""

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self._cache = {}

    def _terms(self, name):
        if name not in self._cache:
            if name == "review_state":
                self._cache[name] = state_titles(self.request)
            else:
                source = {
                    "task_class": task_classes,
                    "sub_archive_creator": sub_archive_creators,
                    "publicity_class": publicity_classes,
                    "record_type": record_types,
                    "direction": directions,
                }.get(name)
                terms = {}
                if source is not None:
                    for term in source(self.context):
                        terms[term.value] = translate(term.title, context=self.request)
                self._cache[name] = terms
        return self._cache[name]

    def title(self, name, value):
        if value is None or value == "":
            return ""
        if name == "diary_year":
            return str(value)
        if name == "preparer":
            return user_title(value)
        return self._terms(name).get(value, str(value))

    def type_title(self, kind):
        message = (
            _("label_records_search_case", default="Case")
            if kind == "case"
            else _("label_records_search_document", default="Document")
        )
        return translate(message, context=self.request)
