"""Where a decision record stands: its meeting, its body, the agenda's items.

The one place that answers these (every module of ``meetings`` asks here).
Lookups by UID are unrestricted: callers decide what the reader may see.
A meeting's agenda is ``Meeting.agenda``, the ordered UIDs of its items; an
item names its meeting in ``AgendaItem.meeting``.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IBody
from municipality.policy.interfaces import IMeeting
from plone import api
from Products.CMFCore.utils import getToolByName
from zope.globalrequest import getRequest


#: request attribute: meeting UID -> meeting, for the request's lifetime
CACHE = "_municipality_meetings_by_uid"


def state(obj):
    """The review state of ``obj`` (None without a workflow)."""
    return api.content.get_state(obj=obj, default=None)


def _catalog(context=None):
    """The catalog, found from ``context`` when given: the local-role provider
    also runs while the index queue is processed at a commit, when no site
    may be set and ``api.portal`` fails."""
    if context is not None:
        return getToolByName(context, "portal_catalog")
    return api.portal.get_tool("portal_catalog")


def by_uid(uid, context=None):
    """The object of ``uid`` whatever the reader may see, or None."""
    if not uid:
        return None
    catalog = _catalog(context)
    for brain in catalog.unrestrictedSearchResults(UID=uid):
        return brain._unrestrictedGetObject()
    return None


def meeting_of(item):
    """The Meeting an item (or an office-holder decision: None) is placed on;
    cached per request (the local-role provider asks on every check)."""
    uid = getattr(aq_base(item), "meeting", None)
    if not uid:
        return None
    request = getRequest()
    cache = getattr(request, CACHE, None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, CACHE, cache)
    meeting = cache.get(uid)
    if meeting is None:
        meeting = by_uid(uid, context=item)
        if meeting is None or not IMeeting.providedBy(meeting):
            return None
        cache[uid] = meeting
    return meeting


def forget(request=None):
    """Drop the request's cached meetings (an item was placed or moved)."""
    request = request if request is not None else getRequest()
    if request is not None and hasattr(request, CACHE):
        delattr(request, CACHE)


def body_of(obj):
    """The Body of a body, a meeting, or the meeting an item is placed on."""
    if obj is None:
        return None
    if IBody.providedBy(obj):
        return obj
    if IMeeting.providedBy(obj):
        parent = aq_parent(aq_inner(obj))
        return parent if IBody.providedBy(parent) else None
    if IAgendaItem.providedBy(obj):
        return body_of(meeting_of(obj))
    return None


def agenda_uids(meeting):
    """``Meeting.agenda``: the UIDs on the agenda, in order."""
    return [uid for uid in getattr(meeting, "agenda", None) or () if uid]


def agenda_items(meeting):
    """The agenda's items in order (a UID whose item is gone is left out)."""
    uids = agenda_uids(meeting)
    if not uids:
        return []
    catalog = _catalog(meeting)
    found = {
        brain.UID: brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(UID=uids)
    }
    return [
        found[uid]
        for uid in uids
        if uid in found and IAgendaItem.providedBy(found[uid])
    ]


def appeal_type_of(record):
    """A record's own appeal type, else its body's default, else None."""
    own = getattr(aq_base(record), "appeal_type", None)
    if own:
        return own
    body = body_of(record)
    return getattr(body, "appeal_type", None) if body is not None else None
