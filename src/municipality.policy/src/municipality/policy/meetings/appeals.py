"""Deemed receipt and the last day of appeal (HL 59 §, 13/2003 19 §, KuntaL 134-140 §).

- A letter is deemed received on the 7th day after sending, an e-mail sent
  with consent on the 3rd, a web publication (minutes, a public notice) on
  the 7th; the day of sending is not counted.
- The appeal period runs from that day: 14 days for a rectification claim,
  30 for a municipal appeal. A last day on a Saturday, Sunday or Finnish
  public holiday (Independence Day, May Day, Christmas Eve and Midsummer Eve
  included) moves to the next working day (the ``holidays`` package).
"""

from datetime import date
from datetime import timedelta
from functools import lru_cache
from municipality.policy.meetings.codelists import APPEAL_DAYS
from municipality.policy.meetings.codelists import DEEMED_RECEIVED_DAYS
import holidays


@lru_cache(maxsize=64)
def _holidays(year):
    """The Finnish public holidays of ``year`` as a frozenset of dates (built
    once per year: the calendar takes milliseconds to build)."""
    return frozenset(holidays.Finland(years=year).keys())


def is_working_day(day):
    """False on weekends and Finnish public holidays (incl. both eves)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day):
    """``day`` itself if a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deemed_received(sent, method):
    """The day a party is deemed to have received what was sent on ``sent``
    (a date) by ``method`` (``letter``, ``email``, ``web``, ``in_person``)."""
    if not isinstance(sent, date):
        raise TypeError("sent must be a date")
    return sent + timedelta(days=DEEMED_RECEIVED_DAYS[method])


def last_day_of_appeal(received, appeal_type):
    """The last day for ``appeal_type`` counted from ``received`` (the day of
    receipt not counted), moved to a working day; None for no appeal."""
    days = APPEAL_DAYS.get(appeal_type)
    if days is None:
        return None
    return next_working_day(received + timedelta(days=days))


def scrub_day(published, appeal_type):
    """The day personal data leaves the web for minutes published on
    ``published``: the day after the last day of appeal (KuntaL 140 §)."""
    last = last_day_of_appeal(deemed_received(published, "web"), appeal_type)
    return None if last is None else last + timedelta(days=1)
