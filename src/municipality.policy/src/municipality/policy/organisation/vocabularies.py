"""Vocabularies of the organisation subpackage."""

from municipality.policy import _
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
    """The sub-archive creators (bodies, sectors) of the site, by id."""
    from plone import api

    brains = api.content.find(
        portal_type="SubArchiveCreator", sort_on="sortable_title", unrestricted=True
    )
    return SimpleVocabulary([SimpleTerm(b.getId, b.getId, b.Title) for b in brains])
