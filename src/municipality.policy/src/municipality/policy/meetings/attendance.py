"""Attendance of a meeting and the quorum per § (KuntaL 103 §).

``Meeting.participants`` (``content.PARTICIPANTS_SCHEMA``): one row per
person: ``userid``, ``name``, ``capacity`` (member, deputy, chair,
secretary, presenter, other), ``deputy_for`` (the member a deputy stands
for), ``remote`` (in equal audio-visual contact: counts as present),
``arrived_before`` (present from that § on) and ``left_after`` (present up
to and including that §).

Counted per §: the voting members present are the members (and the chair,
when a member) and the deputies standing in for a member, who were there
for that §, minus the item's disqualified (``AgendaItem.disqualified``, for
that § only) and absent (``AgendaItem.absent``). Quorum: council at least
2/3 of the seats, other bodies more than half of the members.
"""

from municipality.policy import _
from municipality.policy.base.dates import helsinki
from municipality.policy.meetings import numbering
from municipality.policy.meetings.lookup import agenda_items
from municipality.policy.meetings.lookup import body_of
from plone import api


CAPACITIES = ("member", "deputy", "chair", "secretary", "presenter", "other")
#: Capacities that may hold a vote (the chair when a member of the body).
VOTING = ("member", "deputy", "chair")
COUNCIL = "valtuusto"


class RecordError(ValueError):
    """Bad input for a meeting's records; ``field`` names the culprit and
    ``message`` is a translatable message."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# ------------------------------------------------------------------ body


def members(body):
    """``{userid: row}`` of the body's members (rows of ``Body.members``)."""
    return {row["userid"]: row for row in (body.members or []) if row.get("userid")}


def deputies_of(body, member):
    """The userids of ``member``'s listed deputies (council: in rank order)."""
    row = members(body).get(member) or {}
    return [d["userid"] for d in row.get("deputies") or [] if d.get("userid")]


def seats(body):
    """The number of seats: ``Body.seats`` or the number of members listed."""
    return body.seats or len(body.members or [])


def quorum_required(body):
    """How many voting members must be present: council at least 2/3 of the
    seats (27 -> 18), other bodies more than half (7 -> 4)."""
    count = seats(body)
    if body.body_kind == COUNCIL:
        return -(-2 * count // 3)  # ceil(2n/3)
    return count // 2 + 1


def chair_userid(meeting):
    """Who chairs the meeting: a participant in capacity chair, else the
    body's chair."""
    for row in meeting.participants or []:
        if row.get("capacity") == "chair" and row.get("userid"):
            return row["userid"]
    for row in body_of(meeting).members or []:
        if row.get("function") == "chair":
            return row.get("userid")
    return None


def secretary_userid(meeting):
    for row in meeting.participants or []:
        if row.get("capacity") == "secretary" and row.get("userid"):
            return row["userid"]
    return body_of(meeting).secretary


# ------------------------------------------------------------- validation
def validate_participants(body, rows):
    """Normalised rows, or ``RecordError`` naming the first problem."""
    if not isinstance(rows, list):
        raise RecordError(
            "participants", _("err_participants_list", default="Expected a list.")
        )
    seen = set()
    seat_holders = members(body)
    result = []
    for index, row in enumerate(rows):
        field = f"participants[{index}]"
        if not isinstance(row, dict):
            raise RecordError(field, _("err_row_object", default="Expected an object."))
        userid = (row.get("userid") or "").strip()
        name = (row.get("name") or "").strip()
        capacity = row.get("capacity") or ""
        if capacity not in CAPACITIES:
            raise RecordError(
                f"{field}.capacity",
                _(
                    "err_capacity",
                    default="Unknown capacity ${value}.",
                    mapping={"value": capacity},
                ),
            )
        if not userid and not name:
            raise RecordError(
                f"{field}.userid",
                _("err_participant_who", default="A participant needs a name."),
            )
        key = userid or name
        if key in seen:
            raise RecordError(
                f"{field}.userid",
                _(
                    "err_participant_twice",
                    default="${who} is listed twice.",
                    mapping={"who": name or userid},
                ),
            )
        seen.add(key)
        deputy_for = row.get("deputy_for") or None
        if capacity == "deputy":
            if deputy_for not in seat_holders:
                raise RecordError(
                    f"{field}.deputy_for",
                    _(
                        "err_deputy_for_member",
                        default="A deputy must stand for a member of the body.",
                    ),
                )
            if userid not in deputies_of(body, deputy_for):
                raise RecordError(
                    f"{field}.deputy_for",
                    _(
                        "err_not_listed_deputy",
                        default="${who} is not a listed deputy of ${member}.",
                        mapping={
                            "who": name or userid,
                            "member": seat_holders[deputy_for].get("name")
                            or deputy_for,
                        },
                    ),
                )
        elif capacity == "member" and userid not in seat_holders:
            raise RecordError(
                f"{field}.userid",
                _(
                    "err_not_member",
                    default="${who} is not a member of the body.",
                    mapping={"who": name or userid},
                ),
            )
        else:
            deputy_for = None
        bounds = {}
        for name_ in ("arrived_before", "left_after"):
            value = row.get(name_)
            if value in (None, ""):
                bounds[name_] = None
                continue
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = 0
            if value < 1:
                raise RecordError(
                    f"{field}.{name_}",
                    _("err_section_number", default="Expected a § number."),
                )
            bounds[name_] = value
        if (
            bounds["arrived_before"] is not None
            and bounds["left_after"] is not None
            and bounds["left_after"] < bounds["arrived_before"]
        ):
            raise RecordError(
                f"{field}.left_after",
                _("err_left_before_arrived", default="Left before arriving."),
            )
        if not name and userid:
            row_member = seat_holders.get(userid) or {}
            name = row_member.get("name") or _user_name(userid)
        result.append(
            {
                "userid": userid,
                "name": name,
                "capacity": capacity,
                "deputy_for": deputy_for,
                "remote": bool(row.get("remote")),
                **bounds,
            }
        )
    # two people on one seat at once are caught per § by ``present_at``
    return result


def _user_name(userid):
    user = api.user.get(userid=userid)
    return (user.getProperty("fullname") if user else "") or userid


def set_participants(meeting, rows):
    """Validate and store ``rows`` as the meeting's attendance."""
    meeting.participants = validate_participants(body_of(meeting), rows)
    meeting.reindexObject()
    return meeting.participants


# ------------------------------------------------------------ per section
def meeting_year(meeting):
    if meeting.year:
        return meeting.year
    start = helsinki(meeting.start)
    return start.year if start else helsinki(api.portal.get().created()).year


def section(meeting, item):
    """The § of ``item``: its number once decided, before that the number it
    will get when the items ahead of it are decided (numbers are given in
    agenda order)."""
    if item.number:
        return item.number
    body = body_of(meeting)
    upcoming = numbering.last(body, "section", meeting_year(meeting))
    for other in agenda_items(meeting):
        if other.UID() == item.UID():
            return upcoming + 1
        if not other.number:
            upcoming += 1
    return upcoming + 1


def _there(row, number):
    arrived = row.get("arrived_before")
    left = row.get("left_after")
    return (arrived is None or number >= arrived) and (left is None or number <= left)


def _seat(body, row):
    """The member whose seat ``row`` holds, or None (not a voting seat)."""
    capacity = row.get("capacity")
    if capacity == "deputy":
        return row.get("deputy_for")
    if capacity in ("member", "chair") and row.get("userid") in members(body):
        return row["userid"]
    return None


def present_at(meeting, item, disqualified=None, absent=None):
    """Userids of the voting members present for ``item``'s §, in the order
    of the attendance list. ``disqualified`` / ``absent`` (userids) override
    the item's own records (a form being checked before it is saved)."""
    body = body_of(meeting)
    number = section(meeting, item)
    if disqualified is None:
        disqualified = [row.get("userid") for row in item.disqualified or []]
    if absent is None:
        absent = list(item.absent or [])
    away = set(disqualified) | set(absent)
    present, taken = [], set()
    for row in meeting.participants or []:
        seat = _seat(body, row)
        if seat is None or not _there(row, number) or row.get("userid") in away:
            continue
        if seat in taken:
            continue  # a member and their deputy both listed: one seat
        taken.add(seat)
        present.append(row["userid"])
    return present


def has_quorum(meeting, item, disqualified=None, absent=None):
    """True when enough voting members are present for ``item``'s §."""
    count = len(present_at(meeting, item, disqualified, absent))
    return count >= quorum_required(body_of(meeting))


def quorum_message(meeting, item, disqualified=None, absent=None):
    """ "Päätösvaltainen: 5/7 läsnä, vaaditaan yli puolet" as a message."""
    body = body_of(meeting)
    count = len(present_at(meeting, item, disqualified, absent))
    mapping = {
        "present": count,
        "seats": seats(body),
        "required": quorum_required(body),
    }
    rule = (
        _("msg_quorum_rule_council", default="at least two thirds required")
        if body.body_kind == COUNCIL
        else _("msg_quorum_rule_body", default="more than half required")
    )
    mapping["rule"] = rule  # a message in a mapping is translated too
    if count >= mapping["required"]:
        return _(
            "msg_quorum_ok",
            default="Quorum: ${present}/${seats} present, ${rule} (${required}).",
            mapping=mapping,
        )
    return _(
        "msg_quorum_missing",
        default="No quorum: ${present}/${seats} present, ${rule} (${required}).",
        mapping=mapping,
    )


def participant(meeting, userid):
    for row in meeting.participants or []:
        if row.get("userid") == userid:
            return row
    return None


def display_name(meeting, userid):
    row = participant(meeting, userid) or members(body_of(meeting)).get(userid)
    return (row or {}).get("name") or _user_name(userid)
