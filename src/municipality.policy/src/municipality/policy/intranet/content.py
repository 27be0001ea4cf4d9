"""The intranet's types: ``Intranet`` (the staff-only root), ``IntranetPage``
(guidance; a page holds its sections as child pages, e.g. the
records-management manual) and ``IntranetNews``. Text, title and lead image
come from behaviors (``plone.richtext``, ``plone.basic``,
``plone.leadimage``); the schemas only carry the markers."""

from municipality.policy import interfaces
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer


class IIntranet(model.Schema, interfaces.IIntranet):
    """The intranet root."""


class IIntranetPage(model.Schema, interfaces.IIntranetPage):
    """A guidance page; its child pages are its sections."""


class IIntranetNews(model.Schema, interfaces.IIntranetNews):
    """A news item for staff."""


@implementer(IIntranet)
class Intranet(Container):
    """The intranet root."""


@implementer(IIntranetPage)
class IntranetPage(Container):
    """A guidance page."""


@implementer(IIntranetNews)
class IntranetNews(Item):
    """A news item."""
