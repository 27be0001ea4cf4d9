"""Where a record belongs: the case of a document (by marker interface)."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from municipality.policy.interfaces import ICase


def parent_case(obj):
    """The Case ``obj`` is directly in (a document's case), or None."""
    parent = aq_parent(aq_inner(obj))
    return parent if ICase.providedBy(parent) else None


def case_of(obj):
    """``obj`` itself when it is a Case, else the Case it is in, or None."""
    return obj if ICase.providedBy(obj) else parent_case(obj)
