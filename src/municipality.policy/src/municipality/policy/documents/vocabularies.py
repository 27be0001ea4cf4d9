"""Sources of the document fields: the contract's named vocabularies.

``municipality.RecordTypes`` and ``municipality.Directions`` are the JHS 191
code lists of the classification subpackage (``classification.codelists``);
a site may override the named utilities, so they are looked up by name.
"""

from municipality.policy.classification import vocabularies
from zope.component import queryUtility
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IVocabularyFactory


def _named(name, default, context):
    factory = queryUtility(IVocabularyFactory, name) or default
    return factory(context)


@provider(IContextSourceBinder)
def record_types(context):
    """``municipality.RecordTypes`` (JHS 191 record types)."""
    return _named("municipality.RecordTypes", vocabularies.record_types, context)


@provider(IContextSourceBinder)
def directions(context):
    """``municipality.Directions``: incoming, outgoing, internal."""
    return _named("municipality.Directions", vocabularies.directions, context)


def term_title(source, value, context):
    """The title of ``value`` in ``source``, or the value itself."""
    if not value:
        return ""
    try:
        return source(context).getTerm(value).title or value
    except LookupError:
        return value
