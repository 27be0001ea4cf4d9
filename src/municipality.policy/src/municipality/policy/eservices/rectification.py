"""The deadline of a rectification claim (oikaisuvaatimus, KuntaL 134 §).

The claim's ``decision`` field names the decision it contests. ``decision_of``
finds it when the text holds

- the decision's URL on this portal or its UID (a §, i.e. an agenda item, or
  an office holder's decision), or
- a diary number and a § number ("ESIM/12/00.01.00/2026 § 45"; for an office
  holder's decision its number): the case of that diary number and its §
  (agenda item) or decision with that number; a case with exactly one
  decision needs no number.

A decision found and published on the web (``meetings.publicversion
.published_day``: minutes checked, or an office holder's decision published
online) is deemed known on the 7th day after publication
(``appeals.deemed_received(day, "web")``); the claim period is 14 days from
then, moved to the next working day (``appeals.last_day_of_appeal``), and a
claim is accepted until 23:59:59 Helsinki time of that last day, judged by the
submission's arrival time (SähkAsL 10 §). Later: 400 naming ``decision`` with
the last day in words. A decision not found, not published or with another
appeal route (a municipal appeal goes to the administrative court) is not
judged here: the registry sees the claim as it came.
"""

from Acquisition import aq_base
from datetime import datetime
from datetime import time
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import helsinki
from municipality.policy.errors import field_bad_request
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IOfficeHolderDecision
from municipality.policy.meetings import appeals
from municipality.policy.meetings import lookup
from municipality.policy.meetings import publicversion
from plone import api
from zoneinfo import ZoneInfo
import re


FIELD = "decision"
HELSINKI = ZoneInfo("Europe/Helsinki")
#: the appeal type for which a rectification claim is the route
APPEAL_TYPE = "rectification"
UID = re.compile(r"\b([0-9a-f]{32})\b")
URL = re.compile(r"https?://\S+")
SECTION = re.compile(r"(?:§\s*(\d+))|(?:(\d+)\s*§)|(?:\b(\d+)/\d{4}\b)")
#: a diary number has at least this many "/"-separated parts
DIARY_PARTS = 3

WEEKDAYS = (
    _("label_weekday_on_monday", default="on Monday"),
    _("label_weekday_on_tuesday", default="on Tuesday"),
    _("label_weekday_on_wednesday", default="on Wednesday"),
    _("label_weekday_on_thursday", default="on Thursday"),
    _("label_weekday_on_friday", default="on Friday"),
    _("label_weekday_on_saturday", default="on Saturday"),
    _("label_weekday_on_sunday", default="on Sunday"),
)


def _is_decision(obj):
    return IAgendaItem.providedBy(obj) or IOfficeHolderDecision.providedBy(obj)


def _by_uid(uid):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(UID=uid):
        obj = brain._unrestrictedGetObject()
        return obj if _is_decision(obj) else None
    return None


def _by_url(url):
    portal = api.portal.get()
    base = portal.absolute_url().rstrip("/") + "/"
    url = url.rstrip(".,;)").split("?", 1)[0].split("#", 1)[0]
    if not url.startswith(base):
        return None
    path = [part for part in url[len(base) :].split("/") if part]
    path = [part for part in path if not part.startswith(("@@", "@", "++"))]
    if not path or any(part in (".", "..") for part in path):
        return None
    # the catalog, not traversal: a user's text never walks the object tree
    catalog = api.portal.get_tool("portal_catalog")
    full = "/".join([*portal.getPhysicalPath(), *path])
    for brain in catalog.unrestrictedSearchResults(path={"query": full, "depth": 0}):
        obj = brain._unrestrictedGetObject()
        return obj if _is_decision(obj) else None
    return None


def _cases(text):
    catalog = api.portal.get_tool("portal_catalog")
    for token in re.split(r"[\s,;()]+", text):
        token = token.strip(".:")
        if token.count("/") + 1 < DIARY_PARTS:
            continue
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Case", diary_number=token
        ):
            yield token, brain._unrestrictedGetObject()


def _in_case(case, text):
    decisions = [obj for obj in case.objectValues() if _is_decision(obj)]
    numbers = {
        int(next(group for group in match.groups() if group))
        for match in SECTION.finditer(text)
    }
    numbered = [
        obj for obj in decisions if getattr(aq_base(obj), "number", None) in numbers
    ]
    if len(numbered) == 1:
        return numbered[0]
    return decisions[0] if len(decisions) == 1 and not numbers else None


def decision_of(text):
    """The agenda item or office holder's decision ``text`` names, or None."""
    text = str(text or "")
    for url in URL.findall(text):
        found = _by_url(url)
        if found is not None:
            return found
    for uid in UID.findall(text):
        found = _by_uid(uid)
        if found is not None:
            return found
    for diary_number, case in _cases(text):
        found = _in_case(case, text.replace(diary_number, " "))
        if found is not None:
            return found
    return None


def last_day(decision):
    """The last day of the claim period of ``decision``, or None (not
    published, or a rectification claim is not its route)."""
    published = publicversion.published_day(decision)
    if published is None:
        return None
    if (lookup.appeal_type_of(decision) or APPEAL_TYPE) != APPEAL_TYPE:
        return None
    received = appeals.deemed_received(published, "web")
    return appeals.last_day_of_appeal(received, APPEAL_TYPE)


def deadline(day):
    """23:59:59 Helsinki time of ``day`` (aware)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=HELSINKI)


def msg_late(day):
    return _(
        "msg_eservice_rectification_late",
        default="The period for a rectification claim against this decision "
        "ended ${weekday} ${date} at 23.59.59 Finnish time. A claim can no "
        "longer be made.",
        mapping={"weekday": WEEKDAYS[day.weekday()], "date": format_date(day)},
    )


def check(data, arrival):
    """A 400 naming ``decision`` when ``arrival`` (aware) is after the claim
    period of the decision ``data["decision"]`` names."""
    decision = decision_of(data.get(FIELD))
    if decision is None:
        return
    day = last_day(decision)
    if day is None:
        return
    if helsinki(arrival) > deadline(day):
        raise field_bad_request(FIELD, msg_late(day))
