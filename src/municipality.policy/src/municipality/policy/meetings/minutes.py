"""The minutes: deciding each §, signing, examining, and the composed minutes.

- ``decide(item, resolution, decision_html, ...)`` during a held meeting:
  refuses without quorum; gives the § number (``numbering.take(body,
  "section", year)``) in agenda order; stores resolution, decision,
  proposals, votes, disqualifications, absences and dissents; fires the
  item's ``decide``. Everything is validated before anything is written.
- ``sign(meeting, userid)``: chair and secretary; when both have signed and
  every item is decided, the meeting goes to ``checking``.
- ``examine(meeting, userid, how)``: each examiner; when all have checked,
  the meeting and its items are ``checked`` and each decision is written
  back to its case (``writeback.apply``). A decision exists only then.
- ``compose(meeting)``: the minutes as the current user may read them
  (KuntaL 107 §), used by the pages, the standalone document and REST.
"""

from datetime import UTC
from datetime import datetime
from lxml import html as lxml_html
from municipality.policy import _
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings import agenda
from municipality.policy.meetings import appealtexts
from municipality.policy.meetings import attendance
from municipality.policy.meetings import lookup
from municipality.policy.meetings import numbering
from municipality.policy.meetings import publicversion
from municipality.policy.meetings import voting
from municipality.policy.meetings import writeback
from municipality.policy.meetings.attendance import RecordError
from municipality.policy.meetings.lookup import meeting_of
from municipality.policy.meetings.lookup import state
from municipality.policy.meetings.rights import manager_roles
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.indexer import indexer
from zExceptions import Unauthorized
from zope.component import getUtility
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.schema.interfaces import IVocabularyFactory
import contextlib


MODIFY = "Modify portal content"
#: Resolutions that end the matter (the case moves to "Päätetty").
NOT_FINAL = ("tabled", "returned", "removed")


def _require_modify(meeting):
    if not api.user.has_permission(MODIFY, obj=meeting):
        raise Unauthorized("the meeting's records")


def _resolutions(item):
    factory = getUtility(IVocabularyFactory, "municipality.Resolutions")
    return [term.value for term in factory(item)]


def _rich(html):
    return RichTextValue(html or "", "text/html", "text/x-html-safe")


def _userids(rows, field, present_or_members):
    result = []
    for index, row in enumerate(rows or []):
        userid = row.get("userid") if isinstance(row, dict) else row
        if userid not in present_or_members:
            raise RecordError(
                f"{field}[{index}]",
                _(
                    "err_not_seat_holder",
                    default="${who} is not a voting member at this meeting.",
                    mapping={"who": userid or ""},
                ),
            )
        result.append(userid)
    return result


def validate_decision(
    item,
    resolution,
    decision_html=None,
    proposals=None,
    votes=None,
    disqualified=None,
    absent=None,
    dissents=None,
):
    """The values ``decide`` would store, or ``RecordError``; writes nothing."""
    meeting = meeting_of(item)
    if meeting is None:
        raise RecordError(
            "meeting", _("err_item_no_meeting", default="The item is on no meeting.")
        )
    if state(meeting) != "held":
        raise RecordError(
            "meeting",
            _(
                "err_meeting_not_held",
                default="Items are decided while the meeting is being held.",
            ),
        )
    if state(item) != "published":
        raise RecordError(
            "item",
            _(
                "err_item_not_open",
                default="This item is not waiting for a decision.",
            ),
        )
    for other in lookup.agenda_items(meeting):
        if other.UID() == item.UID():
            break
        if not other.number:
            raise RecordError(
                "item",
                _(
                    "err_earlier_item",
                    default="Decide the items in agenda order: ${title} comes first.",
                    mapping={"title": other.Title()},
                ),
            )
    if resolution not in _resolutions(item):
        raise RecordError(
            "resolution",
            _("err_resolution", default="Choose the resolution."),
        )
    body = lookup.body_of(meeting)
    seat_people = set()
    for row in meeting.participants or []:
        if attendance._seat(body, row):
            seat_people.add(row.get("userid"))
    disqualified_rows = []
    for index, row in enumerate(disqualified or []):
        if not isinstance(row, dict):
            row = {"userid": row, "reason": ""}
        userid = row.get("userid")
        if userid not in seat_people:
            raise RecordError(
                f"disqualified[{index}].userid",
                _(
                    "err_not_seat_holder",
                    default="${who} is not a voting member at this meeting.",
                    mapping={"who": userid or ""},
                ),
            )
        if not (row.get("reason") or "").strip():
            raise RecordError(
                f"disqualified[{index}].reason",
                _(
                    "err_disqualified_reason",
                    default="Give the ground of disqualification.",
                ),
            )
        disqualified_rows.append({"userid": userid, "reason": row["reason"].strip()})
    absent_ids = _userids(absent, "absent", seat_people)
    present = attendance.present_at(
        meeting,
        item,
        disqualified=[row["userid"] for row in disqualified_rows],
        absent=absent_ids,
    )
    required = attendance.quorum_required(body)
    if len(present) < required:
        raise RecordError(
            "quorum",
            _(
                "err_no_quorum",
                default="No quorum for this §: ${present} voting members present, "
                "${required} required. The § cannot be decided.",
                mapping={"present": len(present), "required": required},
            ),
        )
    proposal_rows = voting.normalise_proposals(meeting, item, proposals or [], present)
    vote_rows = voting.build_votes(meeting, item, votes or [], proposal_rows, present)
    dissent_rows = []
    for index, row in enumerate(dissents or []):
        if not isinstance(row, dict) or row.get("userid") not in present:
            raise RecordError(
                f"dissents[{index}].userid",
                _(
                    "err_dissent_by",
                    default="A dissenting opinion is left by a voting member present.",
                ),
            )
        dissent_rows.append(
            {"userid": row["userid"], "text": (row.get("text") or "").strip()}
        )
    if decision_html is None or not str(decision_html).strip():
        decision_html = getattr(item.proposal, "raw", "") or ""
    if not decision_html.strip() and resolution not in NOT_FINAL:
        raise RecordError(
            "decision", _("err_decision_text", default="Write the decision.")
        )
    return {
        "meeting": meeting,
        "resolution": resolution,
        "decision": decision_html,
        "proposals": proposal_rows,
        "votes": vote_rows,
        "disqualified": disqualified_rows,
        "absent": absent_ids,
        "dissents": dissent_rows,
        "present": present,
    }


def decide(item, resolution, decision_html=None, **records):
    """Decide ``item`` at its held meeting; returns its § number."""
    meeting = meeting_of(item)
    if meeting is not None:
        _require_modify(meeting)
    values = validate_decision(item, resolution, decision_html, **records)
    meeting = values["meeting"]
    body = lookup.body_of(meeting)
    item.resolution = values["resolution"]
    item.decision = _rich(values["decision"])
    item.proposals = values["proposals"]
    item.votes = values["votes"]
    item.disqualified = values["disqualified"]
    item.absent = values["absent"]
    item.dissents = values["dissents"]
    item.number = numbering.take(body, "section", attendance.meeting_year(meeting))
    with manager_roles():
        api.content.transition(obj=item, transition="decide")
    item.reindexObject()
    return item.number


def _now():
    return datetime.now(UTC)


def sign(meeting, userid=None):
    """``userid`` (default: the current user) signs as chair or secretary;
    returns the signatures. Both signed and every item decided: ``sign``."""
    userid = userid or api.user.get_current().getId()
    if state(meeting) != "held":
        raise RecordError(
            "meeting",
            _("err_sign_state", default="The minutes are signed after the meeting."),
        )
    roles = []
    if userid == attendance.chair_userid(meeting):
        roles.append("chair")
    if userid == attendance.secretary_userid(meeting):
        roles.append("secretary")
    if not roles:
        raise Unauthorized("only the chair and the secretary sign the minutes")
    signatures = dict(meeting.signatures or {})
    for role in roles:
        signatures[role] = userid
        signatures[f"{role}_at"] = _now().isoformat()
    meeting.signatures = signatures
    if all(signatures.get(role) for role in ("chair", "secretary")) and all(
        item.number and state(item) in ("decided", "checked")
        for item in lookup.agenda_items(meeting)
    ):
        if meeting.closed is None:
            meeting.closed = _now()
        with manager_roles():
            api.content.transition(obj=meeting, transition="sign")
    return signatures


def undecided(meeting):
    return [item for item in lookup.agenda_items(meeting) if not item.number]


def examine(meeting, userid=None, how="electronic", remark=""):
    """Examiner ``userid`` checks the minutes; the last one makes them
    checked (meeting and items) and writes the decisions back."""
    userid = userid or api.user.get_current().getId()
    if userid not in (meeting.examiners or []):
        raise Unauthorized("not an examiner of these minutes")
    if state(meeting) != "checking":
        raise RecordError(
            "meeting",
            _(
                "err_examine_state",
                default="The minutes are examined once signed.",
            ),
        )
    if how not in ("electronic", "at_meeting"):
        raise RecordError(
            "how", _("err_examine_how", default="Unknown way of checking.")
        )
    rows = [row for row in meeting.examinations or [] if row.get("userid") != userid]
    rows.append(
        {"userid": userid, "checked": _now().isoformat(), "how": how, "remark": remark}
    )
    meeting.examinations = rows
    done = {row["userid"] for row in rows}
    if set(meeting.examiners) <= done:
        check(meeting)
    return rows


def check(meeting):
    """The minutes are checked: meeting ``check``, each item ``check`` and
    written back to its case."""
    with manager_roles():
        api.content.transition(obj=meeting, transition="check")
        items = lookup.agenda_items(meeting)
        for item in items:
            if state(item) == "decided":
                api.content.transition(obj=item, transition="check")
    for item in items:
        writeback.apply(item)


# --------------------------------------------------------------- composing
def lawfully_convened(meeting):
    """Whether the notice went out in time (``agenda.lawfully_convened``)."""
    return bool(agenda.lawfully_convened(meeting))


def appeal_text(kind, body=None):
    """The full instruction paragraphs (``appealtexts``), or None."""
    title = body.Title() if body is not None else None
    return appealtexts.instructions(kind, getRequest(), body=title) or None


def _may_view(item):
    return bool(api.user.has_permission("View", obj=item))


def _is_public(item):
    return getattr(item, "publicity_class", None) == "public"


def _grounds(item):
    factory = queryUtility(IVocabularyFactory, "municipality.SecurityReasons")
    titles = []
    for value in getattr(item, "security_reasons", None) or []:
        title = value
        if factory is not None:
            with contextlib.suppress(LookupError):
                title = factory(item).getTerm(value).title or value
        titles.append(title)
    return titles


def _plain(value):
    """The text of ``value`` (HTML or text) without markup."""
    source = _html(value)
    if "<" not in source:
        return source
    root = lxml_html.fragment_fromstring(source, create_parent="div")
    return " ".join(" ".join(root.itertext()).split())


def _html(value):
    return getattr(value, "raw", value) or ""


def compose_item(item, meeting, full=None):
    """One § as the current user may read it."""
    full = _may_view(item) if full is None else full
    public = _is_public(item)
    name = lambda userid: attendance.display_name(meeting, userid)  # noqa: E731
    entry = {
        "uid": item.UID(),
        "number": item.number,
        "section": attendance.section(meeting, item),
        "state": state(item),
        "resolution": item.resolution,
        "appeal_type": lookup.appeal_type_of(item),
        "appeal_text": appeal_text(
            lookup.appeal_type_of(item), lookup.body_of(meeting)
        ),
        "late": bool(item.late),
        "public": public,
        "full": bool(full),
        "restricted": not full and not public,
    }
    if not full and not public:
        entry.update(
            {
                "title": agenda.public_title(item),
                "grounds": _grounds(item),
            }
        )
        return entry
    if full:
        text, plain = _html, _plain
    else:  # the public version (``publicversion``: shown until scrubbed)
        text = lambda value: publicversion.html(item, value)  # noqa: E731
        plain = lambda value: publicversion.text(item, value)  # noqa: E731
    entry.update(
        {
            "title": item.Title(),
            "url": item.absolute_url() if full else None,
            "presentation": text(item.presentation),
            "proposal": text(item.proposal),
            "decision": text(item.decision),
            "proposals": [
                {
                    **row,
                    "text": plain(row.get("text")),
                    "by_name": name(row["by"]),
                    "supported_by_names": [name(s) for s in row.get("supported_by")],
                    "lapsed": not row.get("supported_by"),
                }
                for row in item.proposals or []
            ],
            "votes": [
                {
                    **vote,
                    "ei": plain(vote.get("ei")),
                    "ballots_named": [
                        {"userid": userid, "name": name(userid), "vote": choice}
                        for userid, choice in (vote.get("ballots") or {}).items()
                    ],
                }
                for vote in item.votes or []
            ],
            "disqualified": [
                {**row, "reason": plain(row.get("reason")), "name": name(row["userid"])}
                for row in item.disqualified or []
            ],
            "absent": [{"userid": u, "name": name(u)} for u in item.absent or []],
            "dissents": [
                {**row, "text": plain(row.get("text")), "name": name(row["userid"])}
                for row in item.dissents or []
            ],
        }
    )
    return entry


def compose(meeting, public=False):
    """The minutes of ``meeting`` as the current user may read them
    (``public``: as the public reads them, whoever asks)."""
    body = lookup.body_of(meeting)
    items = []
    for item in lookup.agenda_items(meeting):
        entry = compose_item(item, meeting, full=False if public else None)
        present = attendance.present_at(meeting, item)
        entry["present_count"] = len(present)
        entry["quorum"] = len(present) >= attendance.quorum_required(body)
        items.append(entry)
    return {
        "meeting": meeting,
        "body": body,
        "title": f"{body.Title()} {meeting.number or ''}/{attendance.meeting_year(meeting)}",
        "state": state(meeting),
        "mode": meeting.mode,
        "place": meeting.place,
        "start": meeting.start,
        "opened": meeting.opened,
        "closed": meeting.closed,
        "participants": list(meeting.participants or []),
        "seats": attendance.seats(body),
        "quorum_required": attendance.quorum_required(body),
        "lawful": lawfully_convened(meeting),
        "notice_published": meeting.notice_published,
        "items": items,
        "signatures": dict(meeting.signatures or {}),
        "examiners": list(meeting.examiners or []),
        "examinations": list(meeting.examinations or []),
        "checked": state(meeting) in publicversion.MINUTES_STATES,
        "minutes_published": publicversion.minutes_published(meeting),
    }


# ------------------------------------------------------------ search text


def _words(*values):
    parts = []
    for value in values:
        if not value:
            continue
        source = value if isinstance(value, str) else str(value)
        if "<" in source:
            root = lxml_html.fragment_fromstring(source, create_parent="div")
            source = " ".join(root.itertext())
        parts.append(" ".join(source.split()))
    return " ".join(part for part in parts if part)


def public_search_text(meeting):
    """The meeting's words as the public reads them: its title; the public
    minutes once checked (marked personal data only until scrubbed,
    ``publicversion``), else the public agenda (never marked data)."""
    words = [meeting.Title()]
    if state(meeting) in publicversion.MINUTES_STATES:
        for item in lookup.agenda_items(meeting):
            entry = compose_item(item, meeting, full=False)
            words.append(entry.get("title"))
            for key in ("presentation", "proposal", "decision"):
                words.append(entry.get(key))
    else:
        for entry in agenda.entries(meeting, public=True):
            words += [entry.get("title"), entry.get("presentation")]
            words.append(entry.get("proposal"))
    return _words(*words)


@indexer(IMeeting)
def searchable_text(meeting):
    """Catalog ``SearchableText`` of a meeting: ``public_search_text`` (the
    catalog shows the meeting to whoever may View it; a withdrawn one only
    to staff). Reindexed when a § is scrubbed (``publication.clock``)."""
    return public_search_text(meeting)
