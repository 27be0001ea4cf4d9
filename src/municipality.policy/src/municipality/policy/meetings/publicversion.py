"""What the public web shows of a decision record's marked personal data,
and for how long a record stays on the public web (KuntaL 140 §).

The one place that decides "does the public see the marked passages?"
(``shows_personal_data``); every public channel (pages, PDFs, REST, the
meeting's search text, the publication log's hashes) renders texts through
``html`` / ``text`` below.

- An agenda (before the minutes are checked) never shows marked personal
  data publicly.
- Checked minutes are published on day D (``Meeting.minutes_published``,
  set when they are checked; older meetings: the time of the ``check``
  transition). A public office-holder decision published online is
  published on its decision day. Until the § is scrubbed the public copy
  shows the marked passages (only necessary personal data is marked).
- Scrubbed: the record has a stored mark ``scrubbed`` (set by the clock job,
  ``publication.clock``) OR its scrub day (``appeals.scrub_day`` of the
  publication day and the record's appeal type) is on or before today
  (Helsinki): defense in depth when the clock job has not run. A record
  without an appeal period (no appeal, special-law appeals) is scrubbed the
  day after it is deemed known (D + 8).
- Online period: ``municipality.publication.online_months`` months (a
  registry record, edited in ``@@publication-controlpanel``) from the
  publication day; then minutes leave the web (state ``withdrawn``, by the
  clock job) and decisions leave the public list (``withdrawn`` mark, or the
  date passed).
"""

from Acquisition import aq_base
from datetime import date
from datetime import datetime
from datetime import timedelta
from dateutil.relativedelta import relativedelta
from lxml import html as lxml_html
from municipality.policy.base.dates import helsinki
from municipality.policy.base.dates import today as helsinki_today
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IMeeting
from municipality.policy.interfaces import IOfficeHolderDecision
from municipality.policy.meetings import appeals
from municipality.policy.meetings import lookup
from municipality.policy.meetings import personaldata
from plone import api


#: the registry record of the online period (``publication.settings``)
ONLINE_MONTHS_RECORD = "municipality.publication.online_months"
DEFAULT_ONLINE_MONTHS = 24
#: meeting states whose minutes are (or were) on the public web
MINUTES_STATES = ("checked", "withdrawn")
#: decision states that were published (when ``publish_online``)
DECISION_STATES = ("decided", "called_in")
#: days after the deemed-known day when there is no appeal period
NO_APPEAL_DAYS = 1


def _day(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return helsinki(value).date()
    if isinstance(value, date):
        return value
    return None


def check_time(meeting):
    """When the meeting's ``check`` transition happened (aware), or None."""
    history = getattr(aq_base(meeting), "workflow_history", None) or {}
    found = None
    for rows in history.values():
        for row in rows:
            if row.get("action") == "check" and row.get("time") is not None:
                found = row["time"].asdatetime()
    return found


def minutes_published(meeting):
    """The aware datetime the meeting's minutes went online, or None (not
    checked)."""
    if meeting is None or lookup.state(meeting) not in MINUTES_STATES:
        return None
    stored = getattr(aq_base(meeting), "minutes_published", None)
    return stored if stored is not None else check_time(meeting)


def published_day(record):
    """The Helsinki day ``record`` went on the public web, or None.

    A meeting: its minutes' day; an agenda item: its meeting's minutes' day;
    an office-holder decision: its decision day when published online."""
    if IMeeting.providedBy(record):
        return _day(minutes_published(record))
    if IAgendaItem.providedBy(record):
        return _day(minutes_published(lookup.meeting_of(record)))
    if IOfficeHolderDecision.providedBy(record):
        if not getattr(aq_base(record), "publish_online", False):
            return None
        if lookup.state(record) not in DECISION_STATES:
            return None
        return _day(getattr(aq_base(record), "decision_date", None))
    return None


def scrub_day(record):
    """The day the record's marked personal data leaves the web, or None
    (not published)."""
    day = published_day(record)
    if day is None:
        return None
    found = appeals.scrub_day(day, lookup.appeal_type_of(record))
    if found is None:
        received = appeals.deemed_received(day, "web")
        found = received + timedelta(days=NO_APPEAL_DAYS)
    return found


def is_scrubbed(record, today=None):
    """The mark is set, or the scrub day is on or before ``today``."""
    if getattr(aq_base(record), "scrubbed", None) is not None:
        return True
    day = scrub_day(record)
    return day is not None and day <= (today or helsinki_today())


def shows_personal_data(record, today=None):
    """THE rule: does the public copy of ``record`` show its marked
    passages? Only published checked minutes' §s and published office-holder
    decisions, and only until scrubbed; agendas never."""
    return published_day(record) is not None and not is_scrubbed(record, today)


def html(record, value, today=None):
    """The public HTML of ``value`` (a text of ``record``)."""
    if shows_personal_data(record, today):
        return personaldata._value(value)
    return personaldata.public_html(value)


def text(record, value, today=None):
    """The public plain text of ``value`` (a text of ``record``)."""
    if shows_personal_data(record, today):
        source = personaldata._value(value)
        if "<" not in source:
            return " ".join(source.split())
        root = lxml_html.fragment_fromstring(source, create_parent="div")
        return " ".join(" ".join(root.itertext()).split())
    return personaldata.public_text(value)


# ------------------------------------------------------------ online period


def online_months():
    value = api.portal.get_registry_record(ONLINE_MONTHS_RECORD, default=None)
    return value if value else DEFAULT_ONLINE_MONTHS


def withdrawal_day(record):
    """The first day ``record`` is no longer on the public web, or None."""
    day = published_day(record)
    if day is None:
        return None
    return day + relativedelta(months=online_months())


def is_withdrawn(record, today=None):
    """Off the public web: withdrawn (state or mark), or the online period
    ended on or before ``today``."""
    meeting = lookup.meeting_of(record) if IAgendaItem.providedBy(record) else record
    if IMeeting.providedBy(meeting) and lookup.state(meeting) == "withdrawn":
        return True
    if getattr(aq_base(record), "withdrawn", None) is not None:
        return True
    day = withdrawal_day(record)
    return day is not None and day <= (today or helsinki_today())
