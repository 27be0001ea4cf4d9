"""What the public front page lists: upcoming meetings, the latest checked
minutes and the latest public office-holder decisions.

Data only (no browser code): each function returns plain dicts the theme's
front page (``municipality.theme``, ``@@kunta-etusivu``) renders. Meetings are
found with the visitor's own catalog search, so their workflow decides who
sees them (the public: convened meetings onwards, never a planned one).
Office-holder decisions come from ``meetings.decisions.public_decisions``:
only their public versions, only those published online.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from datetime import UTC
from datetime import datetime
from municipality.policy.meetings import decisions
from plone import api


#: how many rows each list of the front page shows by default
LIMIT = 5


def _meeting_row(brain):
    meeting = brain.getObject()
    body = aq_parent(aq_inner(meeting))
    return {
        "uid": brain.UID,
        "title": brain.Title,
        "body": body.Title() if body is not None else "",
        "start": getattr(meeting, "start", None),
        "place": getattr(meeting, "place", None) or "",
        "state": brain.review_state,
        "url": brain.getURL(),
    }


def upcoming_meetings(limit=LIMIT, now=None):
    """Meetings starting from ``now`` on (aware UTC), soonest first, that the
    current user may view: ``uid``, ``title``, ``body`` (the body's title),
    ``start`` (aware UTC), ``place``, ``state``, ``url`` (the agenda)."""
    now = now or datetime.now(UTC)
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        portal_type="Meeting",
        meeting_start={"query": now, "range": "min"},
        sort_on="meeting_start",
        sort_limit=limit,
    )
    return [_meeting_row(brain) for brain in brains[:limit]]


def latest_minutes(limit=LIMIT):
    """Checked meetings, newest first, that the current user may view: the
    meeting row with ``url`` to its minutes (``@@minutes``)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        portal_type="Meeting",
        review_state="checked",
        sort_on="meeting_start",
        sort_order="descending",
        sort_limit=limit,
    )
    rows = []
    for brain in brains[:limit]:
        row = _meeting_row(brain)
        row["url"] = brain.getURL() + "/@@minutes"
        rows.append(row)
    return rows


def latest_decisions(limit=LIMIT):
    """Public office-holder decisions published online, newest first, of the
    archive creators the current user may view: the rows of
    ``decisions.public_row`` (public versions only) with ``url`` to the
    creator's public list (``@@office-holder-decisions``)."""
    catalog = api.portal.get_tool("portal_catalog")
    rows = []
    for brain in catalog(portal_type="ArchiveCreator"):
        creator = brain.getObject()
        for row in decisions.public_decisions(creator):
            row = dict(row)
            row["url"] = brain.getURL() + "/@@office-holder-decisions"
            row["creator"] = brain.Title
            rows.append(row)
    rows.sort(key=lambda r: (r["date"] or "", r["year"] or 0, r["number"] or 0))
    rows.reverse()
    return rows[:limit]
