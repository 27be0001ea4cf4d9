"""Retention: when a closed case's records may be disposed of, and legal holds.

The contract other parts read (disposal, SÄHKE2, the retention view):

- ``retention_end(case)``: the ``datetime.date`` from which the case and its
  records may be disposed of, or ``None`` when it never ends (permanent,
  ``retention_period == -1``) or cannot be computed yet (the case is not closed,
  or the start rule's date is unknown). The rule: the start date given by the
  case's ``retention_start_rule`` (``case_closed``: the day the case was closed,
  i.e. the last transition to ``paattynyt``; ``decision``: the decision's date;
  ``document_created``: the newest registered document's date; ``birth_date`` /
  ``death_date``: not known to the portal -> ``None``), then 1 January of the
  following year plus the period in years. Period and rule are the case's own
  values (the plan's unless changed with a reason).
- ``is_permanent(case)``.
- ``expired(portal_or_archive_creator, on=None)``: closed cases whose retention
  has ended on ``on`` (default today in Helsinki), not on hold, not yet
  disposed of or transferred: catalog brains or objects, sorted by diary number.
- ``hold(case, reason, agent=None)`` / ``release(case, reason, agent=None)`` /
  ``on_hold(case)`` / ``hold_info(case)``: a legal hold (pending appeal,
  litigation) keeps a case off any disposal list; each is written to the case's
  handling-phase log.

Details (added; the names above are unchanged):

- "Closed" is ``CLOSED_STATES`` (``paattynyt``, and ``siirretty`` /
  ``havitetty``, which are reached only from it). Days are days in Helsinki.
  The phase log is the source of truth (``state`` entries: the last one whose
  ``new`` is ``paattynyt``; ``decision`` entries: the newest decision's
  ``data["date"]``, a call-in or a non-final resolution (tabled, returned,
  removed) is not a decision); without such entries the workflow history
  (any of the case's workflow variants) is the fallback; for ``decision`` the
  last transition to ``paatetty`` comes between the two. ``document_created``:
  the newest ``registration_date`` of the case's registered documents (else of
  the log's ``document`` registrations).
- ``period_of(case)`` / ``start_rule_of(case)``: the case's own stored value,
  else its task class's (the plan's), else (rule only) ``case_closed``.
  ``start_date(case)``: the start rule's day or None (also for an open case).
  ``end_for(start, period)``: the rule itself (``None`` for -1).
- ``expired(place, on=None, unrestricted=False)`` returns catalog brains (the
  current user's catalog unless ``unrestricted``), ``review_state``
  ``paattynyt``, index ``retention_end`` <= ``on``, ``legal_hold`` False, under
  ``place``, sorted by diary year and running number.
- Holds: ``hold`` raises ``HoldError`` (``field``: ``reason`` when the reason
  is empty, ``legal_hold`` when the case is already on hold or disposed of);
  ``release`` raises it (``reason``; ``legal_hold`` when not on hold). The hold
  is the annotation ``HOLD_KEY`` of the case: ``{"reason", "agent", "date"}``
  (aware UTC); ``hold_info`` returns a copy or None. The log entries are kinds
  ``hold`` / ``release`` (``cases.phaselog.HOLD`` / ``RELEASE``, action class
  ``ohjaus``, ``data["reason"]``; a release also ``hold_reason``,
  ``held_since``): staff only,
  never in ``PUBLIC_KINDS``. The API checks no permission; pages and REST ask
  ``may_hold(case)``: ``PERMISSION`` (``municipality.policy: Change retention
  period``: records officer, sector records manager, chief records officer).
- Catalog: DateIndex and metadata column ``retention_end`` (no value for a
  permanent or open case), BooleanIndex ``legal_hold``
  (``archive.indexers``); ``reindex(case)`` refreshes both. A case is
  reindexed after each of its transitions, its documents' transitions, a hold
  and a release (edits reindex the whole case anyway).
"""

from Acquisition import aq_base
from datetime import UTC
from datetime import date
from datetime import datetime
from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import helsinki
from municipality.policy.base.dates import today
from municipality.policy.base.formatting import user_title
from municipality.policy.cases import phaselog
from municipality.policy.classification import inheritance
from municipality.policy.documents.registration import is_registered
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.meetings.writeback import NOT_FINAL
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


PERMANENT = -1
CLOSED = "paattynyt"
DECIDED = "paatetty"
#: states in which a case is closed (transferred and disposed of cases were)
CLOSED_STATES = (CLOSED, "siirretty", "havitetty")
DEFAULT_RULE = "case_closed"
#: rules whose start the portal does not know
UNKNOWN_RULES = ("birth_date", "death_date")
HOLD_KEY = "municipality.policy.archive.legal_hold"
HOLD = phaselog.HOLD
RELEASE = phaselog.RELEASE
ACTION_CLASS = "ohjaus"
#: who places and releases holds and reads the retention view
PERMISSION = "municipality.policy: Change retention period"
INDEXES = ("retention_end", "legal_hold")

phaselog.KIND_LABELS.setdefault(
    HOLD, _("label_phase_kind_legal_hold", default="Legal hold")
)
phaselog.KIND_LABELS.setdefault(
    RELEASE, _("label_phase_kind_legal_hold", default="Legal hold")
)


class HoldError(ValueError):
    """A hold or release refused; ``field`` names what is wrong."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


# ------------------------------------------------------------ the values
def period_of(case):
    """The case's retention period in years (-1 permanent), else its task
    class's; None when neither has one."""
    value = inheritance.stored(case, "retention_period")
    if value is None:
        value = inheritance.inherited(case).get("retention_period")
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def start_rule_of(case):
    """The case's retention start rule, else its task class's, else
    ``case_closed``."""
    value = inheritance.stored(case, "retention_start_rule")
    if not value:
        value = inheritance.inherited(case).get("retention_start_rule")
    return value or DEFAULT_RULE


def is_permanent(case):
    return period_of(case) == PERMANENT


def _state(case):
    return api.content.get_state(obj=case, default=None)


def is_closed(case):
    return _state(case) in CLOSED_STATES


# ----------------------------------------------------------- start dates
def _iso_day(value):
    if isinstance(value, datetime):
        return helsinki(value).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _history_day(case, state):
    """The day of the last workflow history entry reaching ``state`` (any of
    the case's workflow variants), or None."""
    history = getattr(aq_base(case), "workflow_history", None) or {}
    latest = None
    for records in history.values():
        for record in records or ():
            if record.get("review_state") != state or record.get("time") is None:
                continue
            when = helsinki(record["time"])
            if when is not None and (latest is None or when > latest):
                latest = when
    return latest.date() if latest is not None else None


def _log_state_day(entries, state):
    days = [
        phaselog.day(entry)
        for entry in entries
        if entry.get("kind") == phaselog.STATE
        and (entry.get("data") or {}).get("new") == state
    ]
    return days[-1] if days else None


def closed_day(case, entries=None):
    """The day the case was (last) closed, or None."""
    entries = phaselog.entries(case) if entries is None else entries
    return _log_state_day(entries, CLOSED) or _history_day(case, CLOSED)


def decision_day(case, entries=None):
    """The date of the case's newest decision, or None."""
    entries = phaselog.entries(case) if entries is None else entries
    days = []
    for entry in entries:
        data = entry.get("data") or {}
        if entry.get("kind") != phaselog.DECISION or data.get("event") == "called_in":
            continue
        if data.get("resolution") in NOT_FINAL:
            continue
        day = _iso_day(data.get("date")) or phaselog.day(entry)
        days.append(day)
    if days:
        return max(days)
    return _log_state_day(entries, DECIDED) or _history_day(case, DECIDED)


def document_day(case, entries=None):
    """The registration date of the case's newest registered document."""
    days = []
    for obj in case.objectValues():
        if not ICaseDocument.providedBy(obj) or not is_registered(obj):
            continue
        day = _iso_day(getattr(aq_base(obj), "registration_date", None))
        if day is not None:
            days.append(day)
    if days:
        return max(days)
    entries = phaselog.entries(case) if entries is None else entries
    days = [
        phaselog.day(entry)
        for entry in entries
        if entry.get("kind") == phaselog.DOCUMENT
        and (entry.get("data") or {}).get("event") == "registered"
    ]
    return max(days) if days else None


STARTS = {
    "case_closed": closed_day,
    "decision": decision_day,
    "document_created": document_day,
}


def start_date(case):
    """The day retention is counted from, or None (open case, unknown rule)."""
    if not is_closed(case):
        return None
    rule = start_rule_of(case)
    if rule in UNKNOWN_RULES:
        return None
    start = STARTS.get(rule)
    return start(case) if start is not None else None


def end_for(start, period):
    """1 January of the year after ``start`` plus ``period`` years; None for a
    permanent period (or an unknown start or period)."""
    if start is None or period is None or period == PERMANENT or period < 0:
        return None
    return date(start.year + 1 + period, 1, 1)


def retention_end(case):
    """See the module's docstring. An open case has none (answered first, no
    plan lookup). An indexer: the task class is found by walking the plan
    (``classification.lookup.task_class``), not through the catalog."""
    if not is_closed(case):
        return None
    period = period_of(case)
    if period is None or period == PERMANENT:
        return None
    return end_for(start_date(case), period)


# --------------------------------------------------------------- expired
def expired(place, on=None, unrestricted=False):
    """Brains of closed cases under ``place`` whose retention ended on or
    before ``on`` (default today in Helsinki), not on hold, sorted by diary
    number (year, running number)."""
    on = on or today()
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        "portal_type": "Case",
        "review_state": CLOSED,
        "retention_end": {"query": on, "range": "max"},
        "legal_hold": False,
        "path": "/".join(place.getPhysicalPath()),
    }
    search = catalog.unrestrictedSearchResults if unrestricted else catalog
    brains = list(search(**query))
    return sorted(
        brains,
        key=lambda brain: (
            getattr(brain, "diary_year", None) or 0,
            getattr(brain, "diary_sequence", None) or 0,
            brain.getPath(),
        ),
    )


# ----------------------------------------------------------------- holds
def on_hold(case):
    return IAnnotations(case).get(HOLD_KEY) is not None


def hold_info(case):
    """``{"reason", "agent", "date"}`` of the case's hold, or None."""
    info = IAnnotations(case).get(HOLD_KEY)
    return dict(info) if info is not None else None


def may_hold(case):
    """May the current user place or release a hold on ``case``?"""
    if api.user.is_anonymous():
        return False
    return bool(api.user.has_permission(PERMISSION, obj=case))


def _reason(reason):
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise HoldError(
            "reason",
            _(
                "msg_legal_hold_reason_required",
                default="Give the reason for the legal hold.",
            ),
        )
    return reason


def _agent(agent):
    if agent is not None:
        return agent
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def hold(case, reason, agent=None):
    """Place a legal hold on ``case``; returns the hold's info."""
    reason = _reason(reason)
    if on_hold(case):
        raise HoldError(
            "legal_hold",
            _("msg_legal_hold_exists", default="The case is already on legal hold."),
        )
    if _state(case) == "havitetty":
        raise HoldError(
            "legal_hold",
            _(
                "msg_legal_hold_disposed",
                default="The case has been disposed of: it cannot be put on hold.",
            ),
        )
    agent = _agent(agent)
    info = PersistentMapping(
        {"reason": reason, "agent": agent, "date": datetime.now(UTC)}
    )
    IAnnotations(case)[HOLD_KEY] = info
    phaselog.add(case, HOLD, ACTION_CLASS, data={"reason": reason}, agent=agent)
    reindex(case)
    return dict(info)


def release(case, reason, agent=None):
    """Release ``case``'s legal hold; returns the released hold's info."""
    reason = _reason(reason)
    info = hold_info(case)
    if info is None:
        raise HoldError(
            "legal_hold",
            _("msg_legal_hold_none", default="The case is not on legal hold."),
        )
    agent = _agent(agent)
    del IAnnotations(case)[HOLD_KEY]
    phaselog.add(
        case,
        RELEASE,
        ACTION_CLASS,
        data={
            "reason": reason,
            "hold_reason": info.get("reason"),
            "held_since": info["date"].isoformat() if info.get("date") else None,
        },
        agent=agent,
    )
    reindex(case)
    return info


@phaselog.renders(HOLD, RELEASE)
def render_hold(case, entry, request, full):
    """The sentence of a hold or release (staff only: not a public kind)."""
    data = entry.get("data") or {}
    if entry.get("kind") == HOLD:
        message = _(
            "msg_phase_legal_hold",
            default="Legal hold placed: ${reason}",
            mapping={"reason": data.get("reason", "")},
        )
    else:
        message = _(
            "msg_phase_legal_hold_released",
            default="Legal hold released: ${reason}",
            mapping={"reason": data.get("reason", "")},
        )
    return translate(message, context=request)


def holder_title(info):
    """The full name of who placed the hold ``info``."""
    return user_title((info or {}).get("agent"))


# ------------------------------------------------------------- indexing
def reindex(case):
    """Refresh the retention indexes (and metadata) of ``case``."""
    catalog = api.portal.get_tool("portal_catalog")
    names = [name for name in INDEXES if name in catalog.indexes()]
    if names:
        case.reindexObject(idxs=names)


def refresh(portal):
    """Reindex the retention indexes and metadata of every closed case (an
    existing site's cases got no ``retention_end`` / ``retention_period``
    metadata when the columns were added); returns how many."""
    catalog = api.portal.get_tool("portal_catalog")
    if not all(name in catalog.indexes() for name in INDEXES):
        return 0
    count = 0
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Case", review_state=list(CLOSED_STATES)
    ):
        case = brain._unrestrictedGetObject()
        catalog.reindexObject(case, idxs=list(INDEXES), update_metadata=1)
        count += 1
    return count


def case_transition(case, event):
    """After a case's transition: its retention end may have changed."""
    reindex(case)


def document_transition(document, event):
    """After a document's transition: its case's ``document_created`` start."""
    case = parent_case(document)
    if case is not None and is_closed(case):
        reindex(case)
