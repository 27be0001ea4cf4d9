"""Sources of the Case fields.

Each prefers the named vocabulary of ARCHITECTURE.md when its owner has
registered it, so the stored values are the contract's values.
"""

from municipality.policy import _
from municipality.policy.classification import codelists
from plone import api
from zope.component import queryUtility
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


#: SÄHKE2 / JHS 191 action classes (+ system entries), value -> title; the
#: code list is ``classification.codelists.ACTION_CLASSES``.
ACTION_CLASSES = {
    value: _(msgid, default=en) for value, msgid, en, *_rest in codelists.ACTION_CLASSES
}
SYSTEM_ACTION_CLASSES = codelists.SYSTEM_ACTION_CLASSES


def _named(name, context):
    factory = queryUtility(IVocabularyFactory, name)
    return factory(context) if factory is not None else None


@provider(IContextSourceBinder)
def task_classes(context):
    """The task classes of the plan (``municipality.TaskClasses``)."""
    vocabulary = _named("municipality.TaskClasses", context)
    return vocabulary if vocabulary is not None else SimpleVocabulary([])


@provider(IContextSourceBinder)
def sub_archive_creators(context):
    """Sub-archive creators (bodies and sectors) by id."""
    vocabulary = _named("municipality.SubArchiveCreators", context)
    if vocabulary is not None:
        return vocabulary
    brains = api.content.find(portal_type="SubArchiveCreator", sort_on="sortable_title")
    seen, terms = set(), []
    for brain in brains:
        if brain.getId not in seen:
            seen.add(brain.getId)
            terms.append(SimpleTerm(brain.getId, brain.getId, brain.Title))
    return SimpleVocabulary(terms)


@provider(IContextSourceBinder)
def manual_action_classes(context):
    """Action classes a user may record by hand (not the system ones)."""
    return SimpleVocabulary(
        [
            SimpleTerm(value, value, title)
            for value, title in ACTION_CLASSES.items()
            if value not in SYSTEM_ACTION_CLASSES
        ]
    )


def action_class_title(value):
    return ACTION_CLASSES.get(value, value)
