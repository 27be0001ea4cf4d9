"""Gap-free running numbers of decision-making, per holder, series and year.

- a body's meetings: ``take(body, "meeting", year)`` (``Kokous 3/2026``);
- a body's sections: ``take(body, "section", year)`` (§ numbers run per body
  and year over its meetings, given when an item is decided);
- an office holder's decisions: ``take(archive_creator, "post:<post>", year)``.

Same design as the diary numbers (``registry.numbering``): one persistent
counter per (series, year) without conflict resolution, so two transactions
taking a number from the same counter conflict and one is retried; the
number is taken in the transaction that uses it, so an abort leaves no gap.
"""

from Acquisition import aq_base
from persistent import Persistent
from persistent.mapping import PersistentMapping


ATTR = "_meeting_counters"


class Counter(Persistent):
    """The last number taken in one series in one year."""

    def __init__(self):
        self.value = 0


def _mapping(holder, create):
    mapping = getattr(aq_base(holder), ATTR, None)
    if mapping is None and create:
        mapping = PersistentMapping()
        setattr(aq_base(holder), ATTR, mapping)
    return mapping


def last(holder, series, year):
    """The last number taken in ``series`` and ``year`` (0 if none)."""
    mapping = _mapping(holder, create=False) or {}
    counter = mapping.get((series, int(year)))
    return counter.value if counter is not None else 0


def take(holder, series, year):
    """Take the next number of ``series`` in ``year`` on ``holder``."""
    mapping = _mapping(holder, create=True)
    key = (series, int(year))
    counter = mapping.get(key)
    if counter is None:
        counter = mapping[key] = Counter()
    counter.value += 1
    return counter.value
