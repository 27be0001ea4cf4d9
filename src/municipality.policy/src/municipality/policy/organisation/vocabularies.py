"""Vocabularies of the organisation subpackage."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from municipality.policy import _
from municipality.policy.interfaces import IArchiveCreator
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


SUB_ARCHIVE_CREATOR_KINDS = (
    ("body", _("kind_body", default="Body (council, board, committee)")),
    ("sector", _("kind_sector", default="Sector")),
    ("office_holder", _("kind_office_holder", default="Office holder")),
)


@provider(IVocabularyFactory)
def sub_archive_creator_kinds(context):
    return SimpleVocabulary(
        [SimpleTerm(value, value, title) for value, title in SUB_ARCHIVE_CREATOR_KINDS]
    )


@provider(IVocabularyFactory)
def sub_archive_creators(context):
    """The sub-archive creators (bodies, sectors) by id: of the context's
    archive creator when it is in one, else of the site (an id once: a merged
    municipality's archive creator may have sectors of the same ids)."""
    from plone import api

    query = {"portal_type": "SubArchiveCreator", "sort_on": "sortable_title"}
    creator = next(
        (o for o in aq_chain(aq_inner(context)) if IArchiveCreator.providedBy(o)),
        None,
    )
    if creator is not None:
        query["path"] = "/".join(creator.getPhysicalPath())
    terms, seen = [], set()
    for brain in api.content.find(unrestricted=True, **query):
        if brain.getId not in seen:
            seen.add(brain.getId)
            terms.append(SimpleTerm(brain.getId, brain.getId, brain.Title))
    return SimpleVocabulary(terms)
