"""Catalog indexers of the diary."""

from municipality.policy.cases.content import ICase
from municipality.policy.security import chain
from plone.indexer import indexer


@indexer(ICase)
def diary_number(case):
    if not case.diary_number:
        raise AttributeError("diary_number")
    return case.diary_number


@indexer(ICase)
def diary_year(case):
    if not case.diary_year:
        raise AttributeError("diary_year")
    return int(case.diary_year)


@indexer(ICase)
def diary_sequence(case):
    """The running number within the year (sorts 2 before 10)."""
    sequence = getattr(case, "diary_sequence", None)
    if not sequence:
        raise AttributeError("diary_sequence")
    return int(sequence)


@indexer(ICase)
def title_is_public(case):
    """Metadata: the diary may show the case's own title to anyone
    (``security.chain.title_is_public``); else its public title."""
    return chain.title_is_public(case)
