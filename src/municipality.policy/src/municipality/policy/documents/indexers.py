"""Catalog indexers of CaseDocument.

The extracted text goes only into ``SearchableText`` (a ZCTextIndex, never a
metadata column). It is cached in an annotation keyed by the file's hash, so a
reindex does not parse the file again.
"""

from Acquisition import aq_base
from municipality.policy.documents.content import ICaseDocument
from municipality.policy.documents.registration import sha256_of
from municipality.policy.documents.textextraction import extract_file_text
from persistent.mapping import PersistentMapping
from plone.indexer import indexer
from zope.annotation.interfaces import IAnnotations


TEXT_KEY = "municipality.policy.documents.text"


def file_text(obj):
    """The extracted text of ``obj.file`` (cached by SHA-256)."""
    namedfile = getattr(aq_base(obj), "file", None)
    if namedfile is None:
        return ""
    digest = sha256_of(namedfile)
    annotations = IAnnotations(obj)
    cache = annotations.get(TEXT_KEY)
    if cache is not None and cache.get("sha256") == digest:
        return cache["text"]
    text = extract_file_text(namedfile)
    annotations[TEXT_KEY] = PersistentMapping({"sha256": digest, "text": text})
    return text


@indexer(ICaseDocument)
def searchable_text(obj):
    parts = [
        obj.Title(),
        obj.Description(),
        getattr(obj, "correspondent", None) or "",
        getattr(obj, "record_type", None) or "",
        getattr(obj, "sha256", None) or "",
        getattr(getattr(obj, "file", None), "filename", None) or "",
        file_text(obj),
    ]
    return " ".join(part for part in parts if part)
