"""The clock job: every time-based change of the public web, applied once.

``tick(portal, today)`` is idempotent (run it at start and daily from cron;
``instance/tick.py --today YYYY-MM-DD`` tries a future day) and applies what
is due on ``today`` (a Helsinki date):

- notices whose display starts or ends (``publication.notices.apply``);
- scrubs (KuntaL 140 §): a public § of checked minutes, or a public
  office-holder decision published online, whose scrub day
  (``meetings.publicversion.scrub_day``) is on or before ``today`` and whose
  text has marked personal data gets its ``scrubbed`` mark; the meeting (or
  decision) is reindexed so the search text loses the data; the log gets
  ``scrubbed`` with the SHA-256 of the new public HTML; HTTP caches are
  purged (``publication.caching.purge``);
- withdrawals: checked minutes whose online period
  (``publication.settings`` ``online_months``) ended go to ``withdrawn`` (off
  the public web, staff keep reading), published decisions get their
  ``withdrawn`` mark; log ``withdrawn``; caches purged;
- the security of every body (``meetings.localroles.reindex_all_bodies``):
  membership terms begin and end by the calendar.

Returns a report of counts, also written to the event log. The
``shown_html`` functions give the canonical public HTML whose hash the log
keeps (also for ``published`` entries, ``publication.subscribers``).
"""

from Acquisition import aq_base
from datetime import UTC
from datetime import datetime
from html import escape
from municipality.policy.base.dates import today as helsinki_today
from municipality.policy.meetings import agenda
from municipality.policy.meetings import decisions
from municipality.policy.meetings import localroles
from municipality.policy.meetings import lookup
from municipality.policy.meetings import minutes
from municipality.policy.meetings import personaldata
from municipality.policy.meetings import publicversion
from municipality.policy.meetings.rights import manager_roles
from municipality.policy.publication import caching
from municipality.policy.publication import log
from municipality.policy.publication import notices
from plone import api
import logging


logger = logging.getLogger("municipality.policy.publication.clock")

#: texts of an agenda item the public version shows
ITEM_TEXTS = ("presentation", "proposal", "decision")


# ------------------------------------------------------------ public HTML


def _section(heading, *parts):
    body = "".join(part for part in parts if part)
    return f"<section><h2>{escape(heading or '')}</h2>{body}</section>"


def agenda_html(meeting):
    """The public agenda as published (never marked personal data)."""
    rows = agenda.entries(meeting, public=True)
    return "".join(
        _section(
            f"{row['position']}. {row['title']}",
            row.get("presentation"),
            row.get("proposal"),
            "".join(f"<p>{escape(g)}</p>" for g in row.get("grounds") or ()),
        )
        for row in rows
    )


def item_html(item, meeting=None):
    """One § of the public minutes (marked data until scrubbed)."""
    meeting = meeting if meeting is not None else lookup.meeting_of(item)
    entry = minutes.compose_item(item, meeting, full=False)
    return _section(
        f"{entry.get('number') or ''} § {entry.get('title') or ''}",
        *(entry.get(key) for key in ITEM_TEXTS),
        "".join(f"<p>{escape(g)}</p>" for g in entry.get("grounds") or ()),
    )


def minutes_html(meeting):
    """The public minutes: every § in its public version."""
    return "".join(item_html(item, meeting) for item in lookup.agenda_items(meeting))


def decision_html(decision):
    """A published office-holder decision as the public list shows it."""
    row = decisions.public_row(decision)
    return _section(
        f"{row['post']} {row['number']}/{row['year']} {row['title']}", row["text"]
    )


# ------------------------------------------------------------ helpers


def _purge(obj):
    try:
        caching.purge(obj)
    except Exception:  # a proxy's trouble never stops the clock
        logger.exception("purging %s failed", "/".join(obj.getPhysicalPath()))
        return False
    return True


def _objects(portal_type, **query):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=portal_type, **query):
        yield brain._unrestrictedGetObject()


def _has_marked_data(record, names):
    return any(
        personaldata.has_personal_data(getattr(aq_base(record), name, None))
        for name in names
    )


def _is_public(record):
    return getattr(aq_base(record), "publicity_class", None) == "public"


def _due(day, today):
    return day is not None and day <= today


def _changed(obj, action, shown, today, now, **data):
    """After the clock changed ``obj``: its search text reindexed, the log's
    ``action`` entry (with the SHA-256 of ``shown``) and its caches purged."""
    obj.reindexObject(idxs=["SearchableText"])
    log.record(
        obj,
        action,
        shown=shown,
        agent=log.SYSTEM,
        when=now,
        data={**data, "today": today.isoformat()},
    )
    _purge(obj)


# ------------------------------------------------------------ the parts


def scrub_items(today, now):
    """Scrub the public §s of checked minutes due on ``today``."""
    count = 0
    for meeting in _objects("Meeting", review_state=list(publicversion.MINUTES_STATES)):
        scrubbed = []
        for item in lookup.agenda_items(meeting):
            if getattr(aq_base(item), "scrubbed", None) is not None:
                continue
            if not _is_public(item) or not _has_marked_data(item, ITEM_TEXTS):
                continue
            if not _due(publicversion.scrub_day(item), today):
                continue
            item.scrubbed = now
            scrubbed.append(item)
        if not scrubbed:
            continue
        meeting.reindexObject(idxs=["SearchableText"])
        for item in scrubbed:
            _changed(
                item,
                "scrubbed",
                item_html(item, meeting),
                today,
                now,
                meeting=meeting.UID(),
                scrub_day=publicversion.scrub_day(item).isoformat(),
            )
        _purge(meeting)
        count += len(scrubbed)
    return count


def _published_decisions():
    for decision in _objects(
        "OfficeHolderDecision", review_state=list(publicversion.DECISION_STATES)
    ):
        if getattr(aq_base(decision), "publish_online", False):
            yield decision


def scrub_decisions(today, now):
    """Scrub public office-holder decisions published online, due ``today``."""
    count = 0
    for decision in _published_decisions():
        if getattr(aq_base(decision), "scrubbed", None) is not None:
            continue
        if not _is_public(decision) or not _has_marked_data(decision, ("text",)):
            continue
        if not _due(publicversion.scrub_day(decision), today):
            continue
        decision.scrubbed = now
        _changed(
            decision,
            "scrubbed",
            decision_html(decision),
            today,
            now,
            scrub_day=publicversion.scrub_day(decision).isoformat(),
        )
        count += 1
    return count


def withdraw_meetings(today, now):
    """Checked minutes whose online period ended leave the public web."""
    count = 0
    for meeting in _objects("Meeting", review_state="checked"):
        if not _due(publicversion.withdrawal_day(meeting), today):
            continue
        last = minutes_html(meeting)
        with manager_roles():
            api.content.transition(
                obj=meeting,
                transition="withdraw",
                comment="Verkossapitoaika päättyi (KuntaL 140 §)",
            )
        _changed(
            meeting,
            "withdrawn",
            last,
            today,
            now,
            withdrawal_day=publicversion.withdrawal_day(meeting).isoformat(),
        )
        count += 1
    return count


def withdraw_decisions(today, now):
    """Published decisions whose online period ended leave the public list."""
    count = 0
    for decision in _published_decisions():
        if getattr(aq_base(decision), "withdrawn", None) is not None:
            continue
        if not _due(publicversion.withdrawal_day(decision), today):
            continue
        last = decision_html(decision)
        decision.withdrawn = now
        _changed(
            decision,
            "withdrawn",
            last,
            today,
            now,
            withdrawal_day=publicversion.withdrawal_day(decision).isoformat(),
        )
        count += 1
    return count


def apply_notices(portal, today):
    """Notices whose display starts or ends on ``today``
    (``publication.notices.apply``: display on the start day, end after the
    last day, idempotent); the caches of each changed notice are purged."""
    counts = {"displayed": 0, "ended": 0}
    for path, action in notices.apply(portal, today, agent=log.SYSTEM):
        counts["displayed" if action == "display" else "ended"] += 1
        notice = portal.unrestrictedTraverse(path, None)
        if notice is not None:
            _purge(notice)
    return counts


def tick(portal, today=None):
    """Apply every time-based change due on ``today`` (default: today in
    Helsinki); idempotent. Returns a dict of counts."""
    today = today or helsinki_today()
    now = datetime.now(UTC)
    report = {"today": today.isoformat()}
    for key, value in apply_notices(portal, today).items():
        report[f"notices_{key}"] = value
    report["scrubbed_items"] = scrub_items(today, now)
    report["scrubbed_decisions"] = scrub_decisions(today, now)
    report["withdrawn_meetings"] = withdraw_meetings(today, now)
    report["withdrawn_decisions"] = withdraw_decisions(today, now)
    report["bodies_reindexed"] = localroles.reindex_all_bodies(portal)
    logger.info(
        "clock %s: %s",
        report["today"],
        ", ".join(f"{k}={v}" for k, v in report.items() if k != "today"),
    )
    return report
