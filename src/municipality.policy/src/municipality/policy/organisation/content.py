"""Archive creator (arkistonmuodostaja) and sub-archive creator (osa-arkistonmuodostaja)."""

from municipality.policy import _
from municipality.policy import interfaces
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IArchiveCreator(model.Schema, interfaces.IArchiveCreator):
    """The organisation whose records form one archive: the municipality."""

    code = schema.ASCIILine(
        title=_("label_archive_creator_code", default="Archive creator code"),
        description=_(
            "help_archive_creator_code",
            default="Short code used as the diary-number prefix, e.g. ESIM.",
        ),
        required=True,
        constraint=lambda value: value.isalnum() and value.isupper(),
    )


class ISubArchiveCreator(model.Schema, interfaces.ISubArchiveCreator):
    """A body or sector keeping its own part of the archive."""

    code = schema.ASCIILine(
        title=_("label_sub_archive_creator_code", default="Code"),
        required=True,
    )
    kind = schema.Choice(
        title=_("label_sub_archive_creator_kind", default="Kind"),
        vocabulary="municipality.policy.SubArchiveCreatorKinds",
        required=True,
        default="body",
    )


@implementer(IArchiveCreator)
class ArchiveCreator(Container):
    """Archive creator."""


@implementer(ISubArchiveCreator)
class SubArchiveCreator(Container):
    """Sub-archive creator."""
