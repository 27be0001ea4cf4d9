"""The agenda of a meeting: numbering a new meeting, drafting an item in a
case, placing approved items on a meeting, convening it.

A meeting's agenda is ``Meeting.agenda``, the ordered list of its items' UIDs;
an item on an agenda has ``AgendaItem.meeting`` = the meeting's UID. Every
function validates all its input first and raises ``AgendaError`` (a field
and a translatable message) before anything is written, so an error leaves
nothing half-written. Positions are 0-based indexes into ``Meeting.agenda``.

Who may do what: arranging the agenda and convening needs ``Modify portal
content`` on the meeting (the body's secretary, the chief records officer);
the items' workflow transitions (``schedule``, ``unschedule``, ``publish``)
follow from that right, also on an item of a secret case whose roles do not
reach the secretary.
"""

from AccessControl import Unauthorized
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from datetime import datetime
from datetime import timedelta
from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.base.dates import helsinki
from municipality.policy.errors import field_bad_request
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings import numbering
from municipality.policy.meetings import personaldata
from municipality.policy.meetings.localroles import reindex_item_security
from municipality.policy.meetings.lookup import agenda_items
from municipality.policy.meetings.lookup import agenda_uids
from municipality.policy.meetings.lookup import body_of
from municipality.policy.meetings.lookup import state
from municipality.policy.meetings.rights import manager_roles
from municipality.policy.security import chain
from plone import api
from plone.indexer import indexer
from Products.PortalTransforms.data import datastream
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.schema.interfaces import IVocabularyFactory
import pytz


MODIFY = "Modify portal content"
#: meeting states in which the agenda may still be arranged
OPEN_STATES = ("planned", "convened")


class AgendaError(ValueError):
    """Bad input to an agenda function: ``field`` and a translatable ``message``."""

    def __init__(self, field, message):
        super().__init__(field, message)
        self.field = field
        self.message = message


# ------------------------------------------------------------ helpers


def to_utc(value):
    """An aware UTC datetime for ``value``; a naive one is Helsinki wall-clock
    time (what z3c.form's widget gives); None for none. Stored with
    ``pytz.utc``, which pickles and which plone.restapi's datetime
    deserializer can match on a later PATCH."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=TIMEZONE)
    return value.astimezone(pytz.utc)


def sector_id(body):
    """The sub-archive creator (id) of a body: its field, else its container."""
    value = getattr(aq_base(body), "sub_archive_creator", None)
    if value:
        return value
    parent = aq_parent(aq_inner(body))
    return parent.getId() if parent is not None else None


def _uid(obj):
    return api.content.get_uuid(obj)


def _transition(obj, transition):
    """Fire ``transition`` on ``obj`` as the current user (recorded as the
    actor), with the rights the agenda function already checked."""
    with manager_roles():
        api.content.transition(obj=obj, transition=transition)


def _require_modify(meeting):
    if not api.user.has_permission(MODIFY, obj=meeting):
        raise Unauthorized("You may not arrange this meeting's agenda.")


def _require_open(meeting):
    if state(meeting) not in OPEN_STATES:
        raise AgendaError(
            "meeting",
            _(
                "msg_agenda_meeting_held",
                default="The meeting has been held: its agenda can no longer "
                "be changed.",
            ),
        )


def _require_on(meeting, item):
    if _uid(item) not in agenda_uids(meeting):
        raise AgendaError(
            "item",
            _("msg_agenda_item_not_on", default="The item is not on this agenda."),
        )


def _position(position, length, field="position"):
    """``position`` as an int in ``0..length`` (None: ``length``, the end)."""
    if position is None or position == "":
        return length
    if isinstance(position, bool):
        position = None
    try:
        value = int(position)
    except (TypeError, ValueError):
        value = None
    if value is None or not 0 <= value <= length:
        raise AgendaError(
            field,
            _(
                "msg_agenda_bad_position",
                default="The position must be a whole number from 0 to ${last}.",
                mapping={"last": length},
            ),
        )
    return value


# ------------------------------------------------------ meeting numbers


def number_meeting(meeting, body=None):
    """Give a new meeting its number (per body per year of its start in
    Helsinki), ``year`` and title ``<body> <number>/<year>``; nothing when it
    has a number already. Returns the number."""
    if getattr(aq_base(meeting), "number", None):
        return meeting.number
    body = body if body is not None else body_of(meeting)
    start = getattr(aq_base(meeting), "start", None)
    if body is None or start is None:
        return None
    year = helsinki(to_utc(start)).year
    meeting.number = numbering.take(body, "meeting", year)
    meeting.year = year
    meeting.title = meeting_title(meeting, body)
    return meeting.number


def meeting_id(meeting):
    """``<year>-<number>`` (``2026-3``), or None before numbering."""
    if not getattr(aq_base(meeting), "number", None):
        return None
    return f"{meeting.year}-{meeting.number}"


def meeting_title(meeting, body=None):
    """``<Body title> <number>/<year>`` (``Tekninen lautakunta 3/2026``)."""
    body = body if body is not None else body_of(meeting)
    name = body.Title() if body is not None else ""
    return f"{name} {meeting.number}/{meeting.year}".strip()


def check_times(start, end):
    """Raise ``AgendaError`` on ``end`` when it is not after ``start``."""
    if start is None or end is None:
        return
    if to_utc(end) <= to_utc(start):
        raise AgendaError(
            "end",
            _(
                "msg_meeting_end_before_start",
                default="The meeting must end after it begins.",
            ),
        )


def normalize_meeting(meeting):
    """Store the meeting's datetimes aware in UTC and check end > start."""
    for name in ("start", "end", "procedure_deadline"):
        value = getattr(aq_base(meeting), name, None)
        if isinstance(value, datetime):
            setattr(meeting, name, to_utc(value))
    check_times(meeting.start, getattr(aq_base(meeting), "end", None))


# ------------------------------------------------------------ items


def draft_item(case, **fields):
    """Draft an agenda item in ``case``.

    :param case: [required] the Case the item is prepared in
    :type case: Case
    :param fields: the item's fields; defaults: ``title`` and ``public_title``
        from the case, ``preparers`` ``[case.preparer]``, ``presenter``
        ``case.presenter``; ``appeal_type`` empty means the body's default
        when the item is decided (``appeal_type_of``)
    :returns: the new AgendaItem (state ``draft``)
    :raises: AgendaError (``case``) when ``case`` is not a case;
        Unauthorized when the user may not add content in it
    """
    if parent_case(case) is not None or getattr(case, "portal_type", "") != "Case":
        raise AgendaError(
            "case", _("msg_agenda_not_a_case", default="Items are drafted in a case.")
        )
    values = {
        "title": case.Title(),
        "preparers": [case.preparer] if getattr(case, "preparer", None) else [],
        "presenter": getattr(case, "presenter", None),
    }
    public_title = getattr(aq_base(case), "public_title", None)
    if public_title:
        values["public_title"] = public_title
    values.update(fields)
    return api.content.create(container=case, type="AgendaItem", **values)


def _belongs(body, item):
    case = parent_case(item)
    if case is None:
        return False
    sector = sector_id(body)
    return sector in (
        getattr(aq_base(case), "deciding_body", None),
        getattr(aq_base(case), "sub_archive_creator", None),
    )


def approvable_items(body):
    """The items the secretary may place on a meeting of ``body``.

    :param body: [required] the Body
    :type body: Body
    :returns: approved items (objects, oldest first) of cases whose deciding
        body or sub-archive creator is the body's sector, not on a meeting
    """
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="AgendaItem", review_state="approved", sort_on="created"
    ):
        item = brain._unrestrictedGetObject()
        if getattr(aq_base(item), "meeting", None):
            continue
        if _belongs(body, item):
            found.append(item)
    return found


def place(meeting, item, position=None):
    """Put an approved item on a meeting's agenda.

    :param meeting: [required] the Meeting (planned or convened)
    :type meeting: Meeting
    :param item: [required] an approved AgendaItem of the body's sector,
        on no meeting
    :type item: AgendaItem
    :param position: 0-based place in the agenda; None: at the end
    :type position: int
    :returns: the item, in state ``scheduled`` (planned meeting) or, on the
        supplementary list (``late=True``) of a convened meeting, ``published``
    :raises: AgendaError (``item``, ``position``, ``meeting``) for bad input;
        Unauthorized when the user may not modify the meeting
    """
    _require_modify(meeting)
    if not IAgendaItem.providedBy(item):
        raise AgendaError(
            "item", _("msg_agenda_not_an_item", default="No such agenda item.")
        )
    _require_open(meeting)
    if getattr(aq_base(item), "meeting", None):
        raise AgendaError(
            "item",
            _(
                "msg_agenda_item_on_meeting",
                default="The item is already on a meeting's agenda.",
            ),
        )
    if state(item) != "approved":
        raise AgendaError(
            "item",
            _(
                "msg_agenda_item_not_approved",
                default="Only an item the presenter has approved can be placed "
                "on the agenda.",
            ),
        )
    body = body_of(meeting)
    if body is None or not _belongs(body, item):
        raise AgendaError(
            "item",
            _(
                "msg_agenda_item_other_body",
                default="The item's case is not decided by this body.",
            ),
        )
    uids = agenda_uids(meeting)
    index = _position(position, len(uids))
    convened = state(meeting) != "planned"
    uids.insert(index, _uid(item))
    meeting.agenda = uids
    item.meeting = _uid(meeting)
    item.late = convened
    _transition(item, "schedule")
    if convened:
        _transition(item, "publish")
    item.reindexObject()
    reindex_item_security(item)  # the body's roles reach it now
    meeting.reindexObject()
    return item


def move(meeting, item, position):
    """Move an item to another place on the agenda.

    :param meeting: [required] the Meeting (planned or convened)
    :param item: [required] an AgendaItem on its agenda
    :param position: [required] the new 0-based place
    :type position: int
    :returns: the new list of UIDs
    :raises: AgendaError (``item``, ``position``, ``meeting``); Unauthorized
    """
    _require_modify(meeting)
    _require_open(meeting)
    _require_on(meeting, item)
    uids = agenda_uids(meeting)
    uids.remove(_uid(item))
    if position is None:
        raise AgendaError(
            "position",
            _("msg_agenda_position_required", default="Give the new position."),
        )
    index = _position(position, len(uids))
    uids.insert(index, _uid(item))
    meeting.agenda = uids
    meeting.reindexObject()
    return uids


def remove(meeting, item):
    """Take an item off the agenda (back to ``approved``), before the agenda
    is published with it; a published item is removed by the body's
    resolution at the meeting instead.

    :param meeting: [required] the Meeting (planned or convened)
    :param item: [required] a scheduled AgendaItem on its agenda
    :returns: the item
    :raises: AgendaError (``item``, ``meeting``); Unauthorized
    """
    _require_modify(meeting)
    _require_open(meeting)
    _require_on(meeting, item)
    if state(item) != "scheduled":
        raise AgendaError(
            "item",
            _(
                "msg_agenda_item_published",
                default="The agenda has been published with this item: the "
                "body decides at the meeting to remove it from the agenda.",
            ),
        )
    uids = [uid for uid in agenda_uids(meeting) if uid != _uid(item)]
    meeting.agenda = uids
    item.meeting = None
    item.late = False
    _transition(item, "unschedule")
    item.reindexObject()
    reindex_item_security(item)  # the body's roles leave it
    meeting.reindexObject()
    return item


def convene(meeting, when=None):
    """Publish the notice and the agenda: the meeting is convened.

    :param meeting: [required] a planned Meeting
    :param when: when the notice was published (aware; naive is Helsinki
        time); None: now
    :type when: datetime
    :returns: the meeting (state ``convened``), its items ``published``
    :raises: AgendaError (``meeting`` when not planned; ``item`` when one
        is not scheduled); Unauthorized
    """
    _require_modify(meeting)
    if state(meeting) != "planned":
        raise AgendaError(
            "meeting",
            _(
                "msg_agenda_already_convened",
                default="The meeting has already been convened.",
            ),
        )
    placed = agenda_items(meeting)
    for item in placed:
        if state(item) != "scheduled":
            raise AgendaError(
                "item",
                _(
                    "msg_agenda_item_not_scheduled",
                    default="Item ${title} is not scheduled.",
                    mapping={"title": item.Title()},
                ),
            )
    meeting.notice_published = to_utc(when) if when else datetime.now(pytz.utc)
    _transition(meeting, "convene")
    for item in placed:
        _transition(item, "publish")
        item.reindexObject()
    meeting.reindexObject()
    return meeting


def notice_deadline(meeting):
    """The last day the notice may be published.

    :param meeting: [required] the Meeting
    :returns: date: the meeting's start day (Helsinki) minus the body's
        ``notice_days``; None without a start
    """
    if meeting.start is None:
        return None
    body = body_of(meeting)
    days = getattr(body, "notice_days", None) or 0
    return helsinki(meeting.start).date() - timedelta(days=days)


def lawfully_convened(meeting):
    """Whether the notice went out in time.

    :param meeting: [required] the Meeting
    :returns: True when the notice was published (Helsinki day) on or before
        ``notice_deadline``; False when later or not published
    """
    published = getattr(aq_base(meeting), "notice_published", None)
    deadline = notice_deadline(meeting)
    if not published or deadline is None:
        return False
    return helsinki(published).date() <= deadline


def notice_late(meeting):
    """True when the page should warn: the notice was late, or it is not out
    and its last day has passed."""
    if getattr(aq_base(meeting), "notice_published", None):
        return not lawfully_convened(meeting)
    deadline = notice_deadline(meeting)
    return deadline is not None and datetime.now(TIMEZONE).date() > deadline


def may_view(item):
    """True when the current user may View the item itself."""
    return bool(api.user.has_permission("View", obj=item))


def ground_titles(item, request=None):
    """The titles of the item's grounds of secrecy (translated)."""
    factory = queryUtility(IVocabularyFactory, "municipality.SecurityReasons")
    vocabulary = factory(item) if factory is not None else None
    titles = []
    for reason in getattr(aq_base(item), "security_reasons", None) or ():
        try:
            title = vocabulary.getTerm(reason).title or reason
        except (AttributeError, LookupError):
            title = reason
        titles.append(translate(title, context=request or getRequest()))
    return titles


def public_title(item, request=None):
    """What the public reads as a non-public item's title: its public title,
    else "Ei-julkinen asia"."""
    return getattr(aq_base(item), "public_title", None) or translate(
        _("label_item_not_public", default="Non-public item"),
        context=request or getRequest(),
    )


def entry(item, position, public=False, request=None):
    """What a reader may be shown of one agenda item, as a dict.

    A reader who may View the item (and has not asked for the public version,
    ``public=True``) gets everything: ``full`` True, ``title``,
    ``presentation`` and ``proposal`` (HTML), ``url``. Anyone else gets the
    public version: for a public item its title and the texts without marked
    personal data (``personaldata.public_html``); for another only its
    ``public_title`` and the ``grounds`` of secrecy, no texts.
    Always: ``uid``, ``position`` (1-based), ``number`` (the § once decided),
    ``late``, ``review_state``, ``presenter`` (user id), ``public`` (the item is public).
    """
    base = aq_base(item)
    is_public = chain.exposure(item) == chain.PUBLIC
    full = not public and may_view(item)
    data = {
        "uid": _uid(item),
        "position": position,
        "number": getattr(base, "number", None),
        "late": bool(getattr(base, "late", False)),
        "review_state": state(item),
        "presenter": getattr(base, "presenter", None),
        "public": is_public,
        "full": full,
        "url": item.absolute_url() if full else None,
        "grounds": [],
    }
    if full:
        data["title"] = item.Title()
        data["presentation"] = _html(getattr(base, "presentation", None))
        data["proposal"] = _html(getattr(base, "proposal", None))
    elif is_public:
        data["title"] = item.Title()
        data["presentation"] = public_safe_html(getattr(base, "presentation", None))
        data["proposal"] = public_safe_html(getattr(base, "proposal", None))
    else:
        data["title"] = public_title(item, request)
        data["presentation"] = ""
        data["proposal"] = ""
        data["grounds"] = ground_titles(item, request)
    return data


def _html(text):
    if text is None:
        return ""
    output = getattr(text, "output", None)
    if output is not None:
        return output
    return getattr(text, "raw", text) or ""


def public_safe_html(text):
    """The public version of a rich text (``personaldata.public_html`` of
    its raw HTML: the marks are taken out before anything else touches
    them), then through Plone's safe-HTML filter. The filter is called
    directly: ``portal_transforms.convertTo`` searches its transform graph
    on every call (6 ms each, most of a 40-§ agenda page)."""
    source = personaldata.public_html(text)
    if not source.strip():
        return ""
    transforms = api.portal.get_tool("portal_transforms")
    safe_html = transforms._getOb("safe_html", None)
    if safe_html is None:
        data = transforms.convertTo("text/x-html-safe", source, mimetype="text/html")
        return data.getData() if data is not None else ""
    return safe_html.convert(source, datastream("safe_html")).getData() or ""


def entries(meeting, public=False, request=None):
    """``entry`` of every item on the agenda, in order."""
    return [
        entry(item, index, public=public, request=request)
        for index, item in enumerate(agenda_items(meeting), start=1)
    ]


def message_of(error):
    """The translatable message of an ``AgendaError`` (for status messages)."""
    return error.message if isinstance(error.message, Message) else str(error)


# ------------------------------------------------------------ subscribers


def _checked(meeting):
    try:
        normalize_meeting(meeting)
    except AgendaError as error:
        # every channel: a 400 naming the field (the forms check first)
        raise field_bad_request(error.field, error.message) from None


def meeting_added(meeting, event):
    """A new meeting (any channel): UTC datetimes, end after start, number,
    year and title."""
    if not IMeeting.providedBy(meeting) or event.newParent is None:
        return
    _checked(meeting)
    number_meeting(meeting)


def meeting_modified(meeting, event):
    """An edited meeting: UTC datetimes, end after start, the title kept."""
    _checked(meeting)
    if getattr(aq_base(meeting), "number", None):
        title = meeting_title(meeting)
        if meeting.title != title:
            meeting.title = title
            meeting.reindexObject()


# ------------------------------------------------------------ indexers


@indexer(IMeeting)
def meeting_start(meeting):
    """Catalog ``meeting_start``: the meeting's start (aware UTC)."""
    start = getattr(aq_base(meeting), "start", None)
    if start is None:
        raise AttributeError("meeting_start")
    return to_utc(start)


@indexer(IAgendaItem)
def agenda_meeting(item):
    """Catalog ``agenda_meeting``: the UID of the item's meeting."""
    uid = getattr(aq_base(item), "meeting", None)
    if not uid:
        raise AttributeError("agenda_meeting")
    return uid
