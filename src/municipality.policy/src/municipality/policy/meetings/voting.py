"""Proposals, open votes and elections of a § (KuntaL 104-105 §).

- A counter-proposal needs support from another voting member present; an
  unsupported proposal lapses (raukeaa) and is never voted on.
- An open vote sets the base proposal (jaa) against one supported
  counter-proposal (ei); each member present votes jaa, ei or tyhjä, the
  seat holders not present are "poissa". A tie goes the way the chair voted.
- An election by closed ballot has counts per candidate; a tie is decided by
  lot, and the lot is recorded (``by_lot``).

The functions here compute and validate; ``minutes.decide`` stores them.
"""

from municipality.policy import _
from municipality.policy.meetings import attendance
from municipality.policy.meetings import lookup
from municipality.policy.meetings.attendance import RecordError
import secrets


CHOICES = ("jaa", "ei", "tyhja")
ABSENT = "poissa"


def normalise_proposals(meeting, item, proposals, present=None):
    """Validated proposal rows ``{id, by, text, supported_by}``."""
    if present is None:
        present = attendance.present_at(meeting, item)
    if not isinstance(proposals, list):
        raise RecordError(
            "proposals", _("err_participants_list", default="Expected a list.")
        )
    result, ids = [], set()
    for index, row in enumerate(proposals):
        field = f"proposals[{index}]"
        if not isinstance(row, dict):
            raise RecordError(field, _("err_row_object", default="Expected an object."))
        by = (row.get("by") or "").strip()
        text = (row.get("text") or "").strip()
        if by not in present:
            raise RecordError(
                f"{field}.by",
                _(
                    "err_proposal_by",
                    default="A proposal is made by a voting member present.",
                ),
            )
        if not text:
            raise RecordError(
                f"{field}.text",
                _("err_proposal_text", default="The proposal has no text."),
            )
        supported = [s for s in row.get("supported_by") or [] if s]
        for supporter in supported:
            if supporter == by or supporter not in present:
                raise RecordError(
                    f"{field}.supported_by",
                    _(
                        "err_supporter",
                        default="A proposal is supported by another voting "
                        "member present.",
                    ),
                )
        pid = (row.get("id") or "").strip() or f"p{index + 1}"
        if pid in ids:
            raise RecordError(
                f"{field}.id", _("err_proposal_id", default="Duplicate proposal id.")
            )
        ids.add(pid)
        result.append(
            {"id": pid, "by": by, "text": text, "supported_by": list(supported)}
        )
    return result


def supported(proposal):
    return bool(proposal.get("supported_by"))


def open_vote(meeting, item, proposal, ballots, present=None, base=None):
    """The record of an open vote: the base proposal (jaa) against
    ``proposal`` (a proposal row, which must be supported) with ``ballots``
    ``{userid: "jaa" | "ei" | "tyhja"}`` of every voting member present."""
    if present is None:
        present = attendance.present_at(meeting, item)
    if not supported(proposal):
        raise RecordError(
            "votes",
            _(
                "err_unsupported_proposal",
                default="The proposal of ${who} was not supported: it lapses "
                "and is not voted on.",
                mapping={"who": attendance.display_name(meeting, proposal.get("by"))},
            ),
        )
    if not isinstance(ballots, dict):
        raise RecordError(
            "votes.ballots", _("err_row_object", default="Expected an object.")
        )
    for userid, choice in ballots.items():
        if choice == ABSENT:
            continue
        if userid not in present:
            raise RecordError(
                "votes.ballots",
                _(
                    "err_vote_not_present",
                    default="${who} is not present for this § and cannot vote.",
                    mapping={"who": attendance.display_name(meeting, userid)},
                ),
            )
        if choice not in CHOICES:
            raise RecordError(
                "votes.ballots",
                _(
                    "err_vote_choice",
                    default="Unknown vote ${value}.",
                    mapping={"value": choice},
                ),
            )
    missing = [userid for userid in present if ballots.get(userid) in (None, ABSENT)]
    if missing:
        raise RecordError(
            "votes.ballots",
            _(
                "err_vote_missing",
                default="No vote recorded for ${who} (jaa, ei or tyhjä).",
                mapping={"who": attendance.display_name(meeting, missing[0])},
            ),
        )
    body = lookup.body_of(meeting)
    recorded = {userid: ballots[userid] for userid in present}
    for row in body.members or []:
        seat = row.get("userid")
        if not seat:
            continue
        deputies = set(attendance.deputies_of(body, seat))
        if seat not in recorded and not deputies & set(recorded):
            recorded[seat] = ABSENT
    counts = dict.fromkeys((*CHOICES, ABSENT), 0)
    for choice in recorded.values():
        counts[choice] += 1
    by_chair = False
    if counts["jaa"] > counts["ei"]:
        result = "jaa"
    elif counts["ei"] > counts["jaa"]:
        result = "ei"
    else:
        chair = attendance.chair_userid(meeting)
        result = recorded.get(chair)
        if result not in ("jaa", "ei"):
            raise RecordError(
                "votes.ballots",
                _(
                    "err_tie_without_chair",
                    default="The votes are tied and the chair voted neither jaa "
                    "nor ei: the chair's vote decides a tie.",
                ),
            )
        by_chair = True
    return {
        "kind": "open",
        "question": base or "",
        "proposal": proposal["id"],
        "jaa": base or "",
        "ei": proposal["text"],
        "ballots": recorded,
        "counts": counts,
        "result": result,
        "by_lot": False,
        "by_chair": by_chair,
    }


def election(meeting, item, counts, question="", lot=None, present=None):
    """The record of an election by closed ballot: ``counts`` ``{candidate:
    votes}``; the most votes wins, a tie is drawn by lot (``lot``: the
    candidate the lot drawn at the meeting gave; else drawn here)."""
    if present is None:
        present = attendance.present_at(meeting, item)
    if not isinstance(counts, dict) or not counts:
        raise RecordError(
            "votes.counts",
            _("err_election_counts", default="Give the votes of each candidate."),
        )
    clean = {}
    for candidate, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RecordError(
                "votes.counts",
                _("err_election_count", default="A count is a whole number."),
            )
        clean[str(candidate)] = value
    if sum(clean.values()) > len(present):
        raise RecordError(
            "votes.counts",
            _(
                "err_election_too_many",
                default="More votes (${votes}) than voting members present "
                "(${present}).",
                mapping={"votes": sum(clean.values()), "present": len(present)},
            ),
        )
    best = max(clean.values())
    leaders = [candidate for candidate, value in clean.items() if value == best]
    by_lot = len(leaders) > 1
    if by_lot:
        if lot is not None and lot not in leaders:
            raise RecordError(
                "votes.lot",
                _("err_lot", default="The lot is drawn between the tied candidates."),
            )
        winner = lot if lot is not None else secrets.choice(sorted(leaders))
    else:
        winner = leaders[0]
    return {
        "kind": "election",
        "question": question or "",
        "counts": clean,
        "result": winner,
        "by_lot": by_lot,
        "tied": sorted(leaders) if by_lot else [],
    }


def build_votes(meeting, item, votes, proposals, present=None):
    """Validated vote records from REST/form input: each ``{"kind": "open",
    "proposal": id, "ballots": {...}, "question"?}`` or ``{"kind":
    "election", "counts": {...}, "lot"?, "question"?}``."""
    if present is None:
        present = attendance.present_at(meeting, item)
    if not isinstance(votes, list):
        raise RecordError(
            "votes", _("err_participants_list", default="Expected a list.")
        )
    by_id = {row["id"]: row for row in proposals}
    result = []
    for row in votes:
        if not isinstance(row, dict):
            raise RecordError(
                "votes", _("err_row_object", default="Expected an object.")
            )
        kind = row.get("kind") or "open"
        if kind == "election":
            result.append(
                election(
                    meeting,
                    item,
                    row.get("counts"),
                    row.get("question"),
                    row.get("lot"),
                    present,
                )
            )
            continue
        if kind != "open":
            raise RecordError(
                "votes.kind", _("err_vote_kind", default="Unknown kind of vote.")
            )
        proposal = by_id.get(row.get("proposal"))
        if proposal is None:
            raise RecordError(
                "votes.proposal",
                _("err_vote_proposal", default="The vote names no proposal made."),
            )
        result.append(
            open_vote(
                meeting,
                item,
                proposal,
                row.get("ballots") or {},
                present,
                base=row.get("question") or row.get("base"),
            )
        )
    return result
