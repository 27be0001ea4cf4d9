"""Ids in a case never come from a title or a file name.

A document, an agenda item and an office-holder decision get
``asiakirja-``/``asiakohta-``/``paatos-`` and 10 random hex digits
(``base.ids``) whatever the channel: the add form, REST, or ``plone.api``
without an id (which asks the chooser with the title). A secret title, often a
person's name, must not leak into a URL, a log or a link. An id given
explicitly (the demo's ``asiakohta-2026-1``) never reaches the chooser.
"""

from municipality.policy.base import ids
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import IOfficeHolderDecision
from plone.app.content.namechooser import NormalizingNameChooser


RANDOM_IDS = (
    (ICaseDocument, ids.new_document_id),
    (IAgendaItem, ids.new_item_id),
    (IOfficeHolderDecision, ids.new_decision_id),
)


class CaseNameChooser(NormalizingNameChooser):
    """In a case: a random id for its records, Plone's choice for the rest."""

    def chooseName(self, name, obj):
        for interface, new_id in RANDOM_IDS:
            if interface.providedBy(obj):
                candidate = new_id()
                while self.context.get(candidate) is not None:
                    candidate = new_id()
                return candidate
        return super().chooseName(name, obj)
