"""The public diary entry of one case: what anyone may see of it.

``find_case`` looks a case up by its diary number (unrestricted: the register
is public information). ``Entry`` gives the public fields (the public title of
a non-public case, never its real title) and, for a public or partly secret
case in a decided state (``CASE_PUBLISHED_STATES``), its public documents and,
for a non-public document with a redacted ``public_rendition``, a title-free
entry (record type, date, direction) with the rendition's download link. The
real document's title, file and text never pass through here.
"""

from AccessControl.PermissionRole import rolesForPermissionOn
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from datetime import date
from municipality.policy.documents.vocabularies import directions
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.documents.vocabularies import term_title
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.registry import listing
from municipality.policy.security.model import CASE_PUBLISHED_STATES
from plone import api
from urllib.parse import urlencode


#: Case publicity classes whose decided cases show documents to the public.
DOCUMENTS_SHOWN = ("public", "partly_secret")


def find_case(context, number):
    """The catalog brain of the case with diary ``number`` under ``context``."""
    if not number or not isinstance(number, str):
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case",
        diary_number=number,
        path="/".join(context.getPhysicalPath()),
    )
    return brains[0] if brains else None


def is_public(obj):
    """Anyone (Anonymous) may view ``obj`` by its workflow's role mappings."""
    return "Anonymous" in rolesForPermissionOn("View", obj)


def shows_documents(case):
    """A public or partly secret case, decided: its public parts are listed."""
    return (
        getattr(aq_base(case), "publicity_class", None) in DOCUMENTS_SHOWN
        and api.content.get_state(case, default=None) in CASE_PUBLISHED_STATES
    )


def pending(case):
    """A public or partly secret case not decided yet: documents come later."""
    return getattr(aq_base(case), "publicity_class", None) in DOCUMENTS_SHOWN and (
        not shows_documents(case)
    )


def rendition_document(case, uid):
    """The registered document ``uid`` of ``case`` whose public rendition the
    public may download, or None."""
    if not uid or not shows_documents(case):
        return None
    for doc in case.objectValues():
        if (
            ICaseDocument.providedBy(doc)
            and doc.UID() == uid
            and _registered(doc)
            and getattr(aq_base(doc), "public_rendition", None) is not None
        ):
            return doc
    return None


def _registered(doc):
    return api.content.get_state(doc, default=None) == "registered"


class Entry:
    """The public diary entry of the case behind ``brain`` (in its registry)."""

    def __init__(self, brain, request):
        self.brain = brain
        self.case = brain._unrestrictedGetObject()
        self.registry = aq_parent(aq_inner(self.case))
        self.request = request
        self.presenter = listing.Presenter(self.registry, request)

    def url(self):
        return listing.entry_url(self.registry.absolute_url(), self.brain.diary_number)

    def fields(self):
        brain, case = self.brain, self.case
        registered = getattr(aq_base(case), "registered", None)
        row = self.presenter.row(brain, visible=False)
        return {
            "diary_number": brain.diary_number,
            "title": row["title"],
            "task_class": row["task_class"],
            "task_class_title": row["task_class_title"],
            "review_state": row["review_state"],
            "status": row["status"],
            "initiated": row["initiated"],
            "registered": registered.isoformat() if registered else None,
        }

    def rendition_url(self, doc):
        query = urlencode({"number": self.brain.diary_number, "document": doc.UID()})
        return f"{self.registry.absolute_url()}/@@diary-rendition?{query}"

    def documents(self):
        """``(public, renditions)``: lists of dicts, oldest registration first."""
        public, renditions = [], []
        if not shows_documents(self.case):
            return public, renditions
        docs = [
            doc
            for doc in self.case.objectValues()
            if ICaseDocument.providedBy(doc) and _registered(doc)
        ]
        docs.sort(key=lambda doc: doc.registration_date or date.min)
        for doc in docs:
            item = {
                "record_type": term_title(record_types, doc.record_type, doc),
                "direction": term_title(directions, doc.direction, doc),
                "registration_date": doc.registration_date.isoformat()
                if doc.registration_date
                else None,
            }
            if is_public(doc):
                public.append({**item, "title": doc.Title(), "url": doc.absolute_url()})
            elif getattr(aq_base(doc), "public_rendition", None) is not None:
                rendition = doc.public_rendition
                renditions.append(
                    {
                        **item,
                        "url": self.rendition_url(doc),
                        "size": rendition.getSize(),
                        "content_type": rendition.contentType,
                    }
                )
        return public, renditions
