"""Publication events of decision-making, written to the publication log.

- A meeting's ``convene``: its agenda goes online (``published``, the hash
  of the public agenda, ``clock.agenda_html``).
- A meeting's ``check``: the minutes go online. The day is stored as
  ``Meeting.minutes_published`` (aware UTC; the appeal periods and the online
  period count from it, ``meetings.publicversion``), the meeting's search
  text is reindexed and the log gets ``published`` with the hash of the
  public minutes then shown (marked personal data included until the scrub).
- An office-holder decision's ``decide`` with ``publish_online``: it goes
  online on its decision day (``published``, ``clock.decision_html``).
"""

from Acquisition import aq_base
from datetime import UTC
from datetime import datetime
from municipality.policy.publication import clock
from municipality.policy.publication import log


def _transition(event):
    """The transition id of an ``IActionSucceededEvent``."""
    return getattr(event, "action", None)


def meeting_transition(meeting, event):
    """``convene`` and ``check`` of a meeting."""
    action = _transition(event)
    if action == "convene":
        meeting.reindexObject(idxs=["SearchableText"])
        log.record(
            meeting,
            "published",
            shown=clock.agenda_html(meeting),
            data={"what": "agenda"},
        )
    elif action == "check":
        if getattr(aq_base(meeting), "minutes_published", None) is None:
            meeting.minutes_published = datetime.now(UTC)
        meeting.reindexObject(idxs=["SearchableText"])
        log.record(
            meeting,
            "published",
            shown=clock.minutes_html(meeting),
            data={"what": "minutes"},
        )


def decision_transition(decision, event):
    """``decide`` of an office-holder decision published online."""
    if _transition(event) != "decide":
        return
    if not getattr(aq_base(decision), "publish_online", False):
        return
    # a non-public decision shows only its public title (``public_row``)
    log.record(
        decision,
        "published",
        shown=clock.decision_html(decision),
        data={"what": "decision"},
    )
