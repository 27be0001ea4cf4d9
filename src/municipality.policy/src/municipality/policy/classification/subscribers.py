"""Write inherited restriction and retention onto new cases and documents."""

from municipality.policy.classification import inheritance
from municipality.policy.classification.behaviors import IRestriction
from municipality.policy.classification.behaviors import IRetention


def inherit_on_add(obj, event):
    """Fill the values a new case, document or sub-class leaves unset from its
    source (task class, case, parent class)."""
    names = ()
    if IRestriction.providedBy(obj):
        names += inheritance.RESTRICTION_FIELDS
    if IRetention.providedBy(obj):
        names += inheritance.RETENTION_FIELDS
    if "publicity_class" in inheritance.apply_inherited(obj, names):
        obj.reindexObject(idxs=["publicity_class"])
