"""Diary numbers are assigned when a case is added to a registry.

A copy of a case is never added (``cases.copying`` refuses it), so a number
is given only by registration, never by paste.
"""

from municipality.policy.base.dates import today
from municipality.policy.cases import phaselog
from municipality.policy.registry.content import IRegistry
from municipality.policy.registry.numbering import assign


def case_added(case, event):
    """Number a case added to a registry and log its initiation (vireilletulo)."""
    if not IRegistry.providedBy(event.newParent) or case.diary_number:
        return
    number = assign(case, event.newParent)
    phaselog.add(
        case,
        phaselog.REGISTRATION,
        "vireilletulo",
        data={"number": number},
        date=None if case.registered == today() else case.registered,
    )
