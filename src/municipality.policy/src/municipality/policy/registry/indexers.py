"""Catalog indexers of the diary."""

from municipality.policy.cases.content import ICase
from municipality.policy.security import chain
from plone.indexer import indexer


#: the word indexed for "<running number>/<year>" (e.g. ``12/2026``): one word,
#: so that ``12/2026`` does not also find ``ESIM/3/00.01.12/2026``
NUMBER_YEAR_WORD = "diary_{sequence}_{year}"


def number_words(case):
    """What of the diary number site search finds a case by: the whole
    number (``ESIM/12/10.03.02/2026``, searched as a phrase) and its running
    number with the year (``12/2026``, ``registry.search.query_text``)."""
    number = getattr(case, "diary_number", None)
    if not number:
        return []
    words = [number]
    sequence = getattr(case, "diary_sequence", None)
    year = getattr(case, "diary_year", None)
    if sequence and year:
        words.append(NUMBER_YEAR_WORD.format(sequence=int(sequence), year=int(year)))
    return words


@indexer(ICase)
def searchable_text(case):
    """Title, description, public title, keywords and the diary number. The
    catalog shows a case only to those who may view it; the public looks up
    a number in the public diary (``@@diary-entry``)."""
    parts = [
        case.Title(),
        case.Description(),
        getattr(case, "public_title", None) or "",
        *(case.Subject() or ()),
        *number_words(case),
    ]
    return " ".join(part for part in parts if part)


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
