"""Handling-phase log (käsittelyvaiheet): SÄHKE2 Actions of a case.

An append-only list of entries in an annotation of the case. Entries are
dicts with ``id``, ``action_class``, ``date``, ``agent``, ``description`` and
``state`` (the workflow state when written). ``entries`` returns copies.
"""

from datetime import datetime
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
import pytz


KEY = "municipality.policy.phaselog"
TIMEZONE = pytz.timezone("Europe/Helsinki")  # pytz: picklable in the ZODB


def _now():
    return datetime.now(pytz.utc).astimezone(TIMEZONE)


def _normalize(value):
    """A tz-aware datetime in pytz's Helsinki zone (ZoneInfo does not pickle)."""
    if value is None:
        return _now()
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return TIMEZONE.localize(value)
    return value.astimezone(TIMEZONE)


def _current_user_id():
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def _state(case):
    """The workflow state; before the workflow is initialised, its initial state."""
    wftool = api.portal.get_tool("portal_workflow")
    for workflow in wftool.getWorkflowsFor(case):
        status = wftool.getStatusOf(workflow.getId(), case)
        state = (status or {}).get(getattr(workflow, "state_var", "review_state"))
        if state:
            return state
        return getattr(workflow, "initial_state", None)
    return None


def append(case, action_class, description, agent=None, date=None):
    """Append one entry to ``case``'s log and return (a copy of) it."""
    if not action_class:
        raise ValueError("action_class")
    annotations = IAnnotations(case)
    log = annotations.get(KEY)
    if log is None:
        log = annotations[KEY] = PersistentList()
    entry = {
        "id": len(log) + 1,
        "action_class": action_class,
        "date": _normalize(date),
        "agent": agent if agent is not None else _current_user_id(),
        "description": description,
        "state": _state(case),
    }
    log.append(entry)
    return dict(entry)


def entries(case):
    """All entries of ``case``, oldest first (copies: the log is append-only)."""
    log = IAnnotations(case).get(KEY, ())
    return [dict(entry) for entry in log]
