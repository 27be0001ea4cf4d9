"""Intranet content events."""

from DateTime import DateTime


def transitioned(obj, event):
    """Publishing without an effective date dates the item today."""
    if event.new_state is None or event.new_state.getId() != "published":
        return
    if getattr(obj, "effective_date", None) is None:
        obj.setEffectiveDate(DateTime())
        obj.reindexObject(idxs=["effective", "EffectiveDate"])
