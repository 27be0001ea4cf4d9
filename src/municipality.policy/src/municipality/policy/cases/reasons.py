"""A reason belongs to one change: it is cleared once its change is logged.

``restriction_reason`` and ``retention_change_reason`` explain the change
being made now. ``restrictionlog.record`` writes them with the change; left
stored they would prefill the next edit form and be found by the next REST
call's validation, so a second change would be logged with the first one's
reason. ``log_and_clear`` (registered for every object, so it runs before the
more specific subscribers of the same event, among them
``restrictionlog.modified``) logs a case's or a draft document's changes with
their reason and then clears the reasons. A registered document's reason is
part of its frozen registration metadata and is kept.
"""

from Acquisition import aq_base
from municipality.policy.cases import restrictionlog
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from plone import api
from zope.container.interfaces import IContainerModifiedEvent


REASON_FIELDS = tuple(field for field, _explained in restrictionlog.REASONS)


def _registered(obj):
    return bool(getattr(aq_base(obj), "sha256", None)) or (
        api.content.get_state(obj, default=None) == "registered"
    )


def log_and_clear(obj, event):
    """Subscriber (``IObjectModifiedEvent``): log, then clear the reasons."""
    if IContainerModifiedEvent.providedBy(event):
        return
    base = aq_base(obj)
    if not (ICase.providedBy(base) or ICaseDocument.providedBy(base)):
        return
    if ICaseDocument.providedBy(base) and _registered(obj):
        return
    if not restrictionlog.changes(obj):
        return
    restrictionlog.record(obj)
    for name in REASON_FIELDS:
        if base.__dict__.get(name):
            setattr(base, name, None)
