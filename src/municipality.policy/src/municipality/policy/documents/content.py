"""CaseDocument (asiakirja): a record inside a case."""

from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.documents.vocabularies import directions
from municipality.policy.documents.vocabularies import record_types
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from plone.supermodel.directives import primary
from zope import schema
from zope.interface import implementer


class ICaseDocument(model.Schema, interfaces.ICaseDocument):
    """A case document; ``sha256`` is taken by the system at registration."""

    record_type = schema.Choice(
        title=_("label_document_record_type", default="Record type"),
        source=record_types,
        required=True,
    )
    direction = schema.Choice(
        title=_("label_document_direction", default="Direction"),
        source=directions,
        required=True,
    )
    registration_date = schema.Date(
        title=_("label_document_registration_date", default="Registration date"),
        description=_(
            "help_document_registration_date",
            default="Set to the day of registration when left empty.",
        ),
        required=False,
    )
    correspondent = schema.TextLine(
        title=_("label_document_correspondent", default="Sender or recipient"),
        required=False,
    )
    primary("file")
    file = NamedBlobFile(
        title=_("label_document_file", default="File"),
        required=True,
    )
    public_rendition = NamedBlobFile(
        title=_("label_document_public_rendition", default="Public rendition"),
        description=_(
            "help_document_public_rendition",
            default="Optional redacted copy for publication (SÄHKE2 IsRedactionOf).",
        ),
        required=False,
    )
    directives.omitted("file_change_reason")  # the registered edit form adds it
    file_change_reason = schema.Text(
        title=_(
            "label_document_file_change_reason",
            default="Reason for the new version of the file",
        ),
        description=_(
            "help_document_file_change_reason",
            default="Required when the file of a registered document is replaced "
            "(only a records officer may). Written to the case's handling phases.",
        ),
        required=False,
    )
    sha256 = schema.ASCIILine(
        title=_("label_document_sha256", default="SHA-256 checksum"),
        required=False,
        readonly=True,
    )


@implementer(ICaseDocument)
class CaseDocument(Item):
    """A case document; its file is versioned and immutable once registered."""

    sha256 = None
    registration_date = None
    correspondent = None
    public_rendition = None
    file_change_reason = None
