"""Catalog indexers of notices: the search text is the public version
(marked personal data left out), so the text index never holds it."""

from municipality.policy.interfaces import INotice
from municipality.policy.meetings.personaldata import public_text
from plone.indexer import indexer


@indexer(INotice)
def notice_searchable_text(notice):
    parts = [
        notice.Title() or "",
        notice.Description() or "",
        getattr(notice, "case_number", None) or "",
        public_text(getattr(notice, "text", None)),
    ]
    return " ".join(part for part in parts if part)
