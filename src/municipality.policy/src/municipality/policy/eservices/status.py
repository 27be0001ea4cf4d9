"""What a tracking code shows of its case (``GET @submissions/<code>``).

Only: the diary number, the form, the arrival time, the status (the state's
title in the reader's language), the due date, the public handling phases
(``phaselog.PUBLIC_KINDS`` rendered as the public reads them: no agents, no
notes, a document's title only if the public may view it) and the decision
entries (written once the decision is made public: a body's § when its
minutes are checked, an office holder's decision when decided). Nothing else
of the case: not its title, parties, documents or restriction.
"""

from municipality.policy.base.dates import helsinki
from municipality.policy.cases import phaselog
from municipality.policy.eservices import tracking
from plone import api


def case_of(record):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(UID=record["uid"]):
        return brain._unrestrictedGetObject()
    return None


def _entry(rendered):
    return {
        "date": rendered["iso"],
        "date_local": rendered["date"],
        "label": rendered["label"],
        "text": rendered["text"],
    }


def status(record, request):
    """The public status of the case of the tracking ``record`` (None if gone
    or the code has expired: ``tracking.expired``)."""
    case = case_of(record)
    if case is None or tracking.expired(case):
        return None
    wftool = api.portal.get_tool("portal_workflow")
    state = wftool.getInfoFor(case, "review_state", None)
    entries = phaselog.rendered_entries(case, request, full=False)
    due = getattr(case, "due_date", None)
    return {
        "diary_number": getattr(case, "diary_number", None),
        "kind": record["kind"],
        "arrival": helsinki(record["arrival"]).isoformat(),
        "state": state,
        "status": phaselog.state_title(state, request),
        "due_date": due.isoformat() if due else None,
        "phases": [
            _entry(item) for item in entries if item["kind"] != phaselog.DECISION
        ],
        "decisions": [
            _entry(item) for item in entries if item["kind"] == phaselog.DECISION
        ],
    }
