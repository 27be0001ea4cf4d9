"""Catalog indexers of the diary."""

from municipality.policy.cases.content import ICase
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
