"""Roles a body gives: members, deputies, secretary and presenters.

``BodyRoles`` is a named borg.localrole provider (``members.zcml``):

- on a Body (and so, by acquisition, on its Meetings): current members and
  their deputies get ``BodyMember``; the body's ``secretary`` gets
  ``MeetingSecretary``; its ``presenters`` get ``Presenter``. A member row
  whose ``start``/``end`` do not cover today, or a body whose term does not
  cover today, gives no ``BodyMember``.
- on an AgendaItem (which lives in its case, not under the body): the same
  roles from the body of the meeting it is placed on (``AgendaItem.meeting``
  -> meeting -> body), plus ``Preparer`` for its ``preparers`` and
  ``Presenter`` for its ``presenter``.

The workflow decides what a role may do in each state (``security.model``):
``BodyMember`` reads an item only from ``published`` on.

The catalog's ``allowedRolesAndUsers`` follows the provider only when an
object is reindexed: ``reindex_body_security`` (a body's meetings and their
items, run on every modification of a body) and ``reindex_item_security``
(an item placed on or taken off a meeting: the agenda calls it). A membership
that starts or ends by the calendar changes nothing in the database:
``reindex_all_bodies`` (a daily job) brings the index up to date; a View
check on the object itself always uses today's membership.

Fast: the provider reads the body's own fields; the one lookup (meeting UID
-> body) is cached per request.
"""

from Acquisition import aq_base
from borg.localrole.interfaces import ILocalRoleProvider
from datetime import date
from municipality.policy import _
from municipality.policy.base.dates import today
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IBody
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings.lookup import agenda_items
from municipality.policy.meetings.lookup import body_of
from municipality.policy.meetings.lookup import forget
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.interface import implementer


MEMBER = "BodyMember"
SECRETARY = "MeetingSecretary"
PRESENTER = "Presenter"
PREPARER = "Preparer"
#: borg.localrole caches roles per request under keys starting so
_BORG_CACHE = "borg.localrole."


def _as_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def covers(start, end, day):
    """True when ``day`` lies within ``start``..``end`` (either may be open)."""
    start, end = _as_date(start), _as_date(end)
    return (start is None or start <= day) and (end is None or day <= end)


def term_covers(body, day=None):
    base = aq_base(body)
    day = day or today()
    return covers(
        getattr(base, "term_start", None), getattr(base, "term_end", None), day
    )


def active_rows(body, day=None):
    """The member rows of ``body`` in force on ``day`` (today): none when the
    body's term does not cover it."""
    day = day or today()
    if not term_covers(body, day):
        return []
    rows = getattr(aq_base(body), "members", None) or []
    return [
        row
        for row in rows
        if isinstance(row, dict) and covers(row.get("start"), row.get("end"), day)
    ]


def member_ids(body, day=None):
    """User ids of current members and their deputies."""
    found = []
    for row in active_rows(body, day):
        ids = [row.get("userid")]
        ids += [
            d.get("userid") for d in row.get("deputies") or () if isinstance(d, dict)
        ]
        found += [userid for userid in ids if userid and userid not in found]
    return found


def membership(body, userid, day=None):
    """``("member" | "deputy", row)`` of ``userid`` in ``body`` today, or None."""
    for row in active_rows(body, day):
        if row.get("userid") == userid:
            return "member", row
        for deputy in row.get("deputies") or ():
            if isinstance(deputy, dict) and deputy.get("userid") == userid:
                return "deputy", row
    return None


def body_roles(body):
    """principal id -> set of roles the body gives (on itself and its meetings)."""
    base = aq_base(body)
    roles = {}
    for userid in member_ids(body):
        roles.setdefault(userid, set()).add(MEMBER)
    secretary = getattr(base, "secretary", None)
    if secretary:
        roles.setdefault(secretary, set()).add(SECRETARY)
    for presenter in getattr(base, "presenters", None) or ():
        if presenter:
            roles.setdefault(presenter, set()).add(PRESENTER)
    return roles


def item_roles(item):
    """principal id -> roles on an agenda item (its body's, its preparers', its
    presenter's)."""
    body = body_of(item)
    roles = body_roles(body) if body is not None else {}
    base = aq_base(item)
    for preparer in getattr(base, "preparers", None) or ():
        if preparer:
            roles.setdefault(preparer, set()).add(PREPARER)
    presenter = getattr(base, "presenter", None)
    if presenter:
        roles.setdefault(presenter, set()).add(PRESENTER)
    return roles


@implementer(ILocalRoleProvider)
class BodyRoles:
    """Roles from a body's membership, on a body or an agenda item."""

    def __init__(self, context):
        self.context = context

    def _roles(self):
        if IAgendaItem.providedBy(self.context):
            return item_roles(self.context)
        if IBody.providedBy(self.context):
            return body_roles(self.context)
        return {}  # a meeting acquires its body's roles

    def getRoles(self, principal_id):
        return sorted(self._roles().get(principal_id, ()))

    def getAllRoles(self):
        for principal_id, roles in self._roles().items():
            yield principal_id, sorted(roles)


# ------------------------------------------------------ catalog security


def clear_role_cache(request=None):
    """Forget the local roles borg.localrole cached on this request (and our
    meeting lookups): membership changed within the request."""
    request = request if request is not None else getRequest()
    if request is None:
        return
    forget(request)
    annotations = IAnnotations(request, None)
    if annotations is None:
        return
    for key in [k for k in annotations if str(k).startswith(_BORG_CACHE)]:
        del annotations[key]


def reindex_item_security(item):
    """Reindex an item's ``allowedRolesAndUsers`` (placed on or taken off a
    meeting, its preparers or presenter changed)."""
    clear_role_cache()
    item.reindexObjectSecurity()


def reindex_body_security(body):
    """Reindex a body's, its meetings' and their items' security (its members,
    secretary or presenters changed)."""
    body.reindexObjectSecurity()  # the body and its meetings
    for meeting in body.objectValues():
        if IMeeting.providedBy(meeting):
            for item in agenda_items(meeting):
                item.reindexObjectSecurity()


def body_modified(body, event):
    """Subscriber: IBody modified."""
    clear_role_cache()
    reindex_body_security(body)


def reindex_all_bodies(portal=None):
    """Reindex every body's security (a daily job: memberships and terms that
    began or ended by the calendar). Returns the number of bodies."""
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Body"):
        reindex_body_security(brain._unrestrictedGetObject())
        count += 1
    return count


# ------------------------------------------------------ validation


FUNCTIONS = ("chair", "vice_chair", "member")


def member_errors(rows, body_kind=None):
    """Messages (``_`` msgids with mappings) about a ``members`` list, empty
    when it is valid: a known user per id, one chair, nobody listed twice
    (a council's deputies in rank order may serve several members of their
    group), dates that are dates and in order."""
    errors = []
    if not isinstance(rows, list):
        return [_("msg_members_not_list", default="Members must be a list of rows.")]
    chairs = 0
    seen_members, seen_deputies = set(), set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(
                _(
                    "msg_member_row_invalid",
                    default="Row ${row} is not a member row.",
                    mapping={"row": number},
                )
            )
            continue
        userid = (row.get("userid") or "").strip()
        if not userid and not (row.get("name") or "").strip():
            errors.append(
                _(
                    "msg_member_user_missing",
                    default="Row ${row}: give the member's user.",
                    mapping={"row": number},
                )
            )
        if userid and api.user.get(userid=userid) is None:
            errors.append(
                _(
                    "msg_member_unknown_user",
                    default="Row ${row}: unknown user ${userid}.",
                    mapping={"row": number, "userid": userid},
                )
            )
        if row.get("function") not in FUNCTIONS:
            errors.append(
                _(
                    "msg_member_function",
                    default="Row ${row}: choose the function (chair, vice chair or member).",
                    mapping={"row": number},
                )
            )
        chairs += row.get("function") == "chair"
        if userid:
            if userid in seen_members or userid in seen_deputies:
                errors.append(
                    _(
                        "msg_member_listed_twice",
                        default="${userid} is listed more than once.",
                        mapping={"userid": userid},
                    )
                )
            seen_members.add(userid)
        own = []
        deputies = row.get("deputies") or []
        if not isinstance(deputies, list):
            deputies = [None]
        for deputy in deputies:
            deputy_id = (
                (deputy.get("userid") or "").strip()
                if isinstance(deputy, dict)
                else None
            )
            if deputy_id is None:
                errors.append(
                    _(
                        "msg_member_row_invalid",
                        default="Row ${row} is not a member row.",
                        mapping={"row": number},
                    )
                )
                continue
            if not deputy_id:
                continue
            if api.user.get(userid=deputy_id) is None:
                errors.append(
                    _(
                        "msg_member_unknown_user",
                        default="Row ${row}: unknown user ${userid}.",
                        mapping={"row": number, "userid": deputy_id},
                    )
                )
            shared = body_kind == "valtuusto" and deputy_id not in own
            if (
                deputy_id in own
                or deputy_id in seen_members
                or deputy_id == userid
                or (deputy_id in seen_deputies and not shared)
            ):
                errors.append(
                    _(
                        "msg_member_deputy_twice",
                        default="Deputy ${userid} is listed twice.",
                        mapping={"userid": deputy_id},
                    )
                )
            own.append(deputy_id)
        seen_deputies.update(own)
        dates = {}
        for key in ("start", "end"):
            value = row.get(key)
            if value in (None, ""):
                continue
            parsed = (
                _as_date(value) if isinstance(value, str) and len(value) == 10 else None
            )
            if parsed is None:
                errors.append(
                    _(
                        "msg_member_bad_date",
                        default="Row ${row}: ${value} is not a date (YYYY-MM-DD).",
                        mapping={"row": number, "value": str(value)},
                    )
                )
            dates[key] = parsed
        if dates.get("start") and dates.get("end") and dates["end"] < dates["start"]:
            errors.append(
                _(
                    "msg_member_dates",
                    default="Row ${row}: the membership ends before it begins.",
                    mapping={"row": number},
                )
            )
    if chairs > 1:
        errors.append(
            _(
                "msg_member_two_chairs",
                default="A body has one chair; ${count} members are marked chair.",
                mapping={"count": chairs},
            )
        )
    return errors
