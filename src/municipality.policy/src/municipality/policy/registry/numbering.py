"""Diary numbers: gap-free running numbers per registry and year.

Each (registry, year) has its own persistent ``DiaryCounter``. It has no
``_p_resolveConflict``: two transactions that take a number from the same
counter conflict, one of them is retried, so numbers are never duplicated.
In a request the publisher retries it (``max-conflict-retries`` in
buildout.cfg: 10, as simultaneous registrations over HTTP need more than
Zope's default 3; tests/test_diary_cluster.py).
The counter is incremented in the transaction that adds the case, so an
aborted transaction leaves no gap.

A registry with ``closed`` set (the diary of a merged municipality, brought
in by ``archive.merger``) gives no numbers: ``take_number`` raises
``RegistryClosed``, so no case can be registered there.
"""

from Acquisition import aq_base
from datetime import date
from municipality.policy import _
from municipality.policy.base.dates import today
from municipality.policy.errors import IJSONError
from municipality.policy.registry.content import DEFAULT_NUMBER_FORMAT
from persistent import Persistent
from persistent.mapping import PersistentMapping
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import alsoProvides


COUNTERS_ATTR = "_diary_counters"
CLOSED_ATTR = "closed"


class RegistryClosed(BadRequest):
    """The registry is closed: it takes no new registrations. A 400 over REST
    naming the field ``registry`` (``errors.IJSONError``); not a ValueError:
    plone.api would turn it into an InvalidParameterError."""

    field = "registry"

    def __init__(self, registry):
        self.message = _(
            "msg_registry_closed",
            default="The registry ${registry} is closed (the diary of a merged "
            "municipality): new cases cannot be registered in it.",
            mapping={"registry": getattr(registry, "prefix", None) or registry.getId()},
        )
        self.extra = {"field": self.field}
        super().__init__(translate(self.message, context=getRequest()))
        alsoProvides(self, IJSONError)


def is_closed(registry):
    """True when ``registry`` takes no new registrations."""
    return bool(getattr(aq_base(registry), CLOSED_ATTR, False))


class DiaryCounter(Persistent):
    """The last number taken in one registry in one year (no conflict resolution)."""

    def __init__(self):
        self.value = 0

    def take(self):
        self.value += 1
        return self.value


def counters(registry):
    """The year -> counter mapping of ``registry`` (created on first use)."""
    mapping = getattr(aq_base(registry), COUNTERS_ATTR, None)
    if mapping is None:
        mapping = PersistentMapping()
        setattr(aq_base(registry), COUNTERS_ATTR, mapping)
    return mapping


def last_number(registry, year):
    """The last number taken in ``year`` (0 if none)."""
    counter = getattr(aq_base(registry), COUNTERS_ATTR, {}).get(year)
    return counter.value if counter is not None else 0


def take_number(registry, year):
    """Take the next running number of ``registry`` in ``year``."""
    if is_closed(registry):
        raise RegistryClosed(registry)
    mapping = counters(registry)
    counter = mapping.get(year)
    if counter is None:
        counter = mapping[year] = DiaryCounter()
    return counter.take()


def format_number(registry, number, task_class, year):
    """Render a diary number with the registry's ``number_format``."""
    fmt = getattr(registry, "number_format", None) or DEFAULT_NUMBER_FORMAT
    return fmt.format(
        prefix=registry.prefix or "",
        number=number,
        year=year,
        **{"class": task_class or ""},
    )


def assign(case, registry, when=None):
    """Give ``case`` its diary number; never changes an existing one.

    The year is the registration date's: today, or a ``registered`` date set
    on the case by code before adding it (imports, the demo; not a form field).
    """
    if getattr(case, "diary_number", None):
        return case.diary_number
    when = when or getattr(case, "registered", None) or today()
    year = when.year if isinstance(when, date) else int(when)
    number = take_number(registry, year)
    case.diary_year = year
    case.diary_sequence = number
    case.diary_number = format_number(registry, number, case.task_class, year)
    case.diary_task_class = case.task_class  # the number keeps it for ever
    case.registered = when if isinstance(when, date) else today()
    return case.diary_number
