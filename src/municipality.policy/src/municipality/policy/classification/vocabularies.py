"""Named vocabularies of the JHS 191 code lists and the task classes of the plan."""

from municipality.policy import _
from municipality.policy.classification import codelists
from municipality.policy.classification import lookup
from z3c.formwidget.query.interfaces import IQuerySource
from zope.interface import implementer
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


def _years(value):
    if value == -1:
        return _("label_retention_permanent", default="Permanent")
    return _("label_years", default="${years} years", mapping={"years": value})


@provider(IVocabularyFactory)
def publicity_classes(context=None):
    return _table(codelists.PUBLICITY_CLASSES)


@provider(IVocabularyFactory)
def personal_data_classes(context=None):
    return _table(codelists.PERSONAL_DATA_CLASSES)


@provider(IVocabularyFactory)
def protection_levels(context=None):
    return _table(codelists.PROTECTION_LEVELS)


@provider(IVocabularyFactory)
def retention_start_rules(context=None):
    return _table(codelists.RETENTION_START_RULES)


@provider(IVocabularyFactory)
def action_classes(context=None):
    return _table(codelists.ACTION_CLASSES)


@provider(IVocabularyFactory)
def directions(context=None):
    return _table(codelists.DIRECTIONS)


@provider(IVocabularyFactory)
def retention_periods(context=None):
    return SimpleVocabulary(
        [SimpleTerm(v, str(v), _years(v)) for v in codelists.RETENTION_PERIODS]
    )


@provider(IVocabularyFactory)
def secrecy_periods(context=None):
    return SimpleVocabulary(
        [SimpleTerm(v, str(v), _years(v)) for v in codelists.SECRECY_PERIODS]
    )


@provider(IVocabularyFactory)
def security_reasons(context=None):
    terms = []
    for point in codelists.SECURITY_REASON_POINTS:
        token = f"24.1.{point}"
        terms.append(SimpleTerm(token, token, codelists.security_reason_title(token)))
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def record_types(context=None):
    return SimpleVocabulary(
        [
            SimpleTerm(
                value,
                codelists.ascii_token(value),
                _(codelists.record_type_msgid(value), default=en),
            )
            for value, en, _sv in codelists.RECORD_TYPES
        ]
    )


def _matches(term, words):
    haystack = f"{term.value} {term.title}".lower()
    return all(word in haystack for word in words)


@implementer(IQuerySource)
class TaskClassVocabulary(SimpleVocabulary):
    """Task classes (value and token = dotted code, title ``00.02.08 Title``).

    Searchable: ``search(query)`` returns the terms whose code or title contain
    every word of the query; spaces in a code are read as dots.
    """

    def search(self, query):
        return [term for term in self if _matches(term, _words(query))]


def _words(query):
    text = (query or "").strip().lower()
    # "00 02" and "00.02" both find 00.02.*
    if text.replace(" ", "").replace(".", "").isdigit():
        return [".".join(text.replace(".", " ").split())]
    return text.split()


@provider(IVocabularyFactory)
def task_classes(context=None, query=None):
    """The task classes of the plan of ``context``'s archive creator."""
    terms = [
        SimpleTerm(code, code, f"{code} {title}")
        for code, title in lookup.task_class_titles(context)
    ]
    vocabulary = TaskClassVocabulary(terms)
    if query:
        return TaskClassVocabulary(vocabulary.search(query))
    return vocabulary
