"""Named vocabularies of decision-making (``codelists``)."""

from municipality.policy import _
from municipality.policy.meetings import codelists
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def _table(rows):
    return SimpleVocabulary(
        [
            SimpleTerm(value, value, _(msgid, default=en))
            for value, msgid, en, *_rest in rows
        ]
    )


@provider(IVocabularyFactory)
def body_kinds(context=None):
    return _table(codelists.BODY_KINDS)


@provider(IVocabularyFactory)
def member_functions(context=None):
    return _table(codelists.MEMBER_FUNCTIONS)


@provider(IVocabularyFactory)
def meeting_modes(context=None):
    return _table(codelists.MEETING_MODES)


@provider(IVocabularyFactory)
def capacities(context=None):
    return _table(codelists.CAPACITIES)


@provider(IVocabularyFactory)
def resolutions(context=None):
    return _table(codelists.RESOLUTIONS)


@provider(IVocabularyFactory)
def appeal_types(context=None):
    return _table(codelists.APPEAL_TYPES)


@provider(IVocabularyFactory)
def vote_choices(context=None):
    return _table(codelists.VOTE_CHOICES)


@provider(IVocabularyFactory)
def delivery_methods(context=None):
    return _table(codelists.DELIVERY_METHODS)
