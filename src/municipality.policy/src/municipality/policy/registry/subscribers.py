"""Diary numbers are assigned when a case is added to a registry."""

from municipality.policy import _
from municipality.policy.base.dates import today
from municipality.policy.cases import phaselog
from municipality.policy.registry.content import IRegistry
from municipality.policy.registry.numbering import assign
from zope.annotation.interfaces import IAnnotations


def case_added(case, event):
    """Number a case added to a registry and log its initiation (vireilletulo)."""
    if not IRegistry.providedBy(event.newParent) or case.diary_number:
        return
    number = assign(case, event.newParent)
    phaselog.append(
        case,
        "vireilletulo",
        _(
            "msg_phase_registered",
            default="Case registered with diary number ${number}.",
            mapping={"number": number},
        ),
        date=None if case.registered == today() else case.registered,
    )


def case_copied(case, event):
    """A copy is a new case: it gets its own number and log when added."""
    for name in ("diary_number", "diary_year", "diary_sequence", "registered"):
        setattr(case, name, None)
    IAnnotations(case).pop(phaselog.KEY, None)
