"""Workflow state and handling phases of imported records, set directly.

No transition is fired (a transition would write new log entries, dated
today, by the importer): the source's workflow history is stored under the
workflow the object's chain selects now (for a records family, its
variant), and the role mappings of its last state applied. The handling-phase
log is the exported one (``kuntaportaali.phaselog``), or, from a plain
export, derived from the workflow history: the first entry as the
registration, each transition as a ``state`` entry.
"""

from Acquisition import aq_base
from DateTime import DateTime
from municipality.policy.archive.merger.values import parse_datetime
from municipality.policy.cases import phaselog
from municipality.policy.cases.subscribers import TRANSITION_ACTIONS
from municipality.policy.security import chain
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


def _time(value):
    if isinstance(value, DateTime):
        return value
    return DateTime(value) if value else DateTime()


def source_history(item):
    """The newest of the item's exported workflow histories (a list), or []."""
    histories = [h for h in (item.get("workflow_history") or {}).values() if h]
    if not histories:
        return []
    return max(histories, key=lambda h: (_time(h[-1].get("time")).timeTime(), len(h)))


def set_state(obj, item, closed_state=None):
    """Store the item's history (or a fresh one in ``closed_state`` / the
    initial state) on ``obj``; returns ``(state, unknown_state or None)``."""
    tool = api.portal.get_tool("portal_workflow")
    ids = tool.getChainFor(obj)
    if not ids:
        return None, None
    workflow = tool.getWorkflowById(ids[0])
    history = [] if closed_state else [dict(e) for e in source_history(item)]
    unknown = None
    for entry in history:
        entry["time"] = _time(entry.get("time"))
    if history and history[-1].get("review_state") not in workflow.states:
        unknown = history[-1].get("review_state")
        history = []
    if not history:
        state = closed_state or workflow.initial_state
        history = [
            {
                "action": None,
                "actor": None,
                "comments": "",
                "review_state": state,
                "time": _time(item.get("created")),
            }
        ]
    obj.workflow_history = PersistentMapping({workflow.getId(): tuple(history)})
    if chain.family(obj) is not None:
        setattr(aq_base(obj), chain.ATTR, workflow.getId())
    workflow.updateRoleMappingsFor(obj)
    return history[-1]["review_state"], unknown


def _entry(raw, number):
    entry = dict(raw)
    entry["id"] = number
    entry["date"] = parse_datetime(entry.get("date"))
    entry["data"] = dict(entry.get("data") or {})
    for key in ("description", "note"):
        entry[key] = entry.get(key) or ""
    return entry


def derived_entries(item, number):
    """Phases of a plain export: registration and transitions from the history."""
    entries = []
    for record in source_history(item):
        when = _time(record.get("time")).asdatetime()
        action = record.get("action")
        if action is None and not entries:
            kind, action_class = phaselog.REGISTRATION, "vireilletulo"
            data = {"number": number}
        elif action:
            kind, action_class = phaselog.STATE, TRANSITION_ACTIONS.get(action, "tila")
            data = {
                "transition": action,
                "old": entries[-1]["state"] if entries else None,
                "new": record.get("review_state"),
            }
        else:
            continue
        entries.append(
            {
                "kind": kind,
                "action_class": action_class,
                "date": when.isoformat(),
                "day": False,
                "agent": record.get("actor"),
                "state": record.get("review_state"),
                "description": "",
                "note": record.get("comments") or "",
                "data": data,
            }
        )
    return entries


def set_phases(case, raw_entries):
    """Write the case's handling-phase log from exported entries (numbered
    again from 1 in their order); returns the number written."""
    log = PersistentList(
        _entry(raw, number) for number, raw in enumerate(raw_entries, start=1)
    )
    IAnnotations(case)[phaselog.KEY] = log
    return len(log)
