"""Dates in the municipality's time zone and how the UI writes them."""

from DateTime import DateTime
from datetime import UTC
from datetime import date
from datetime import datetime
from plone.base.i18nl10n import ulocalized_time
from zoneinfo import ZoneInfo
from zope.component import queryUtility
from zope.component.hooks import getSite
from zope.globalrequest import getRequest
from zope.i18n.interfaces import INegotiator


TIMEZONE = ZoneInfo("Europe/Helsinki")
#: languages of the UI; the first is the default
LANGUAGES = ("fi", "sv", "en")


def today():
    """Today in the municipality's time zone (registration and initiation dates)."""
    return datetime.now(TIMEZONE).date()


def format_date(value):
    """``1.12.2026`` for a date, ``1.12.2026 14:05`` for a datetime, "" for none."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%-d.%-m.%Y %H:%M")
    return value.strftime("%-d.%-m.%Y")


def helsinki(value):
    """A datetime (aware; naive is taken as UTC), DateTime, epoch float or date
    (its midnight) as an aware datetime in Europe/Helsinki; None for none."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, TIMEZONE)
    if hasattr(value, "asdatetime"):  # Zope DateTime
        value = value.asdatetime()
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=TIMEZONE)
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(TIMEZONE)


def wallclock(value):
    """A Zope ``DateTime`` showing Helsinki's wall-clock time when Plone formats it.

    Plone's formatters (``toLocalizedTime``, ``ulocalized_time``) go through
    ``DateTime.strftime``, which writes the time in the *server process's* zone
    (UTC on our servers), whatever zone the DateTime is in. Built from the
    Helsinki wall-clock fields in the process's zone, the value prints as
    Helsinki time wherever the server runs.
    """
    local = helsinki(value)
    if local is None:
        return None
    return DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second + local.microsecond / 1e6,
    )


def reader_language(request):
    """The reader's language (fi, sv, en), negotiated as message translation
    does; the default without a request."""
    negotiator = queryUtility(INegotiator)
    language = None
    if negotiator is not None and request is not None:
        language = negotiator.getLanguage(LANGUAGES, request)
    return language if language in LANGUAGES else LANGUAGES[0]


def format_datetime(value, request=None, context=None, with_time=True):
    """Date and time in Europe/Helsinki in the reader's language: the day as
    ``format_date`` writes it in Finnish and Swedish (``30.11.2026``; Plone's
    Swedish short date would be ISO), Plone's in English (``Nov 30, 2026``),
    the time in Plone's ``plonelocales`` format (``20.43``, ``20:43``,
    ``08:43 PM``); "" for none."""
    shown = wallclock(value)
    if shown is None:
        return ""
    request = request if request is not None else getRequest()
    context = context if context is not None else getSite()
    if reader_language(request) == "en":
        day = ulocalized_time(shown, False, False, context, request=request)
    else:
        day = format_date(helsinki(value).date())
    if not with_time:
        return day
    time = ulocalized_time(shown, False, True, context, request=request)
    return f"{day} {time}"
