"""What open decision data may show: the public meetings of an archive
creator, their items' public versions, and when each last changed.

Shared by the OParl API (``oparl``) and the 6Aika API (``paatos``): both read
only through these functions and the meetings package's public versions
(``agenda.entry(..., public=True)``, ``minutes.compose_item(..., full=False)``),
never raw fields of a non-public record.

A meeting is public when the current user (anonymous for the APIs) may View
it, it is in ``PUBLIC_STATES`` and its online period has not ended
(``publicversion.is_withdrawn``). A meeting that was public and is no longer
(``withdrawn``, or past its online period) is *gone*: the APIs show it as
deleted, with no content.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from municipality.policy.base.dates import helsinki
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings import access
from municipality.policy.meetings import agenda
from municipality.policy.meetings import lookup
from municipality.policy.meetings import minutes
from municipality.policy.meetings import publicversion
from plone import api


#: meeting states the public reads (the agenda from ``convened``, the minutes at ``checked``)
PUBLIC_STATES = ("convened", "held", "checked")
#: states of a meeting taken off the web
GONE_STATES = ("withdrawn",)


def catalog():
    return api.portal.get_tool("portal_catalog")


def archive_creators():
    """Brains of the archive creators the current user may see, by path."""
    return catalog()(portal_type="ArchiveCreator", sort_on="path")


def bodies(creator):
    """Brains of the creator's bodies (toimielimet) the current user may see."""
    path = "/".join(creator.getPhysicalPath())
    return catalog()(portal_type="Body", path=path, sort_on="path")


def meeting_brains(creator=None, body=None):
    """Brains of the public meetings (not yet checked for the online period),
    oldest first."""
    query = {
        "portal_type": "Meeting",
        "review_state": list(PUBLIC_STATES),
        "sort_on": "created",
    }
    place = body if body is not None else creator
    if place is not None:
        query["path"] = "/".join(place.getPhysicalPath())
    return catalog()(**query)


def gone_meeting_brains(creator=None, body=None):
    """Brains of the withdrawn meetings, whoever asks (they show as deleted)."""
    query = {"portal_type": "Meeting", "review_state": list(GONE_STATES)}
    place = body if body is not None else creator
    if place is not None:
        query["path"] = "/".join(place.getPhysicalPath())
    return catalog().unrestrictedSearchResults(**query)


def is_public_meeting(meeting):
    return (
        IMeeting.providedBy(meeting)
        and lookup.state(meeting) in PUBLIC_STATES
        and bool(api.user.has_permission("View", obj=meeting))
        and not publicversion.is_withdrawn(meeting)
    )


def is_gone_meeting(meeting):
    """Was public, is no longer: withdrawn, or a checked meeting past its online period."""
    if not IMeeting.providedBy(meeting):
        return False
    current = lookup.state(meeting)
    if current in GONE_STATES:
        return True
    return current in PUBLIC_STATES and publicversion.is_withdrawn(meeting)


def public_meetings(creator=None, body=None):
    """The public meetings (objects), oldest first."""
    found = []
    for brain in meeting_brains(creator, body):
        meeting = brain.getObject()
        if is_public_meeting(meeting):
            found.append(meeting)
    return found


def gone_meetings(creator=None, body=None):
    found = [
        brain._unrestrictedGetObject() for brain in gone_meeting_brains(creator, body)
    ]
    for brain in meeting_brains(creator, body):
        meeting = brain.getObject()
        if is_gone_meeting(meeting):
            found.append(meeting)
    return found


def is_checked(meeting):
    return lookup.state(meeting) in publicversion.MINUTES_STATES


def item_entry(item, meeting, position):
    """The public version of one § as the public reads it: the checked
    minutes' § (``minutes.compose_item(full=False)``: marked personal data
    until its scrub), else the agenda's entry (``agenda.entry(public=True)``:
    never marked data). A non-public § gives only its public title."""
    if is_checked(meeting):
        data = minutes.compose_item(item, meeting, full=False)
        data["position"] = position
        return data
    return agenda.entry(item, position, public=True)


def items(meeting):
    """``(position, item)`` of the meeting's agenda."""
    return list(enumerate(lookup.agenda_items(meeting), start=1))


def attachments(item):
    """The item's attachments marked public whose document the current user
    may View (the public never gets a non-public one), in the item's order."""
    return [
        doc
        for row, doc in access.attachment_rows(item)
        if row.get("public") is True
        and getattr(doc, "file", None) is not None
        and api.user.has_permission("View", obj=doc)
    ]


def meeting_of_item(item):
    """The meeting the item is on (its agenda lists it), or None."""
    if not IAgendaItem.providedBy(item):
        return None
    meeting = lookup.meeting_of(item)
    if meeting is None or item.UID() not in lookup.agenda_uids(meeting):
        return None
    return meeting


def case_of_item(item):
    parent = aq_parent(item)
    return parent if ICase.providedBy(parent) else None


def case_name(case):
    """The case's title when anyone may read it, else its public title (or diary number)."""
    brains = catalog().unrestrictedSearchResults(UID=case.UID())
    if brains and getattr(brains[0], "title_is_public", None) is True:
        return case.Title()
    return (
        getattr(aq_base(case), "public_title", None)
        or getattr(aq_base(case), "diary_number", None)
        or case.getId()
    )


def _history_times(obj):
    history = getattr(aq_base(obj), "workflow_history", None) or {}
    for rows in history.values():
        for row in rows:
            if row.get("time") is not None:
                yield helsinki(row["time"])


def changed(obj):
    """When ``obj``'s public version last changed (aware): its modification,
    its last workflow transition, its scrub."""
    times = [helsinki(obj.modified())]
    times.extend(_history_times(obj))
    scrubbed = getattr(aq_base(obj), "scrubbed", None)
    if scrubbed is not None:
        times.append(helsinki(scrubbed))
    return max(t for t in times if t is not None)


def meeting_changed(meeting):
    """The meeting's or any of its §s' last change."""
    times = [changed(meeting)]
    times.extend(changed(item) for _position, item in items(meeting))
    return max(times)
