"""Dates in the municipality's time zone and how the UI writes them."""

from datetime import datetime
from zoneinfo import ZoneInfo


TIMEZONE = ZoneInfo("Europe/Helsinki")


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
