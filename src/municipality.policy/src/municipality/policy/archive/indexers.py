"""Catalog indexers of retention (``archive.retention``): ``retention_end``
(DateIndex and metadata; no value for a permanent or open case) and
``legal_hold`` (BooleanIndex)."""

from municipality.policy.archive import retention
from municipality.policy.interfaces import ICase
from plone.indexer import indexer


@indexer(ICase)
def retention_end(case):
    return retention.retention_end(case)


@indexer(ICase)
def legal_hold(case):
    return retention.on_hold(case)
