"""``@@attachment?uid=`` on an agenda item: one of its attachments.

Streams a CaseDocument listed in the item's ``attachments`` (and kept in the
item's own case) to a reader the rules of ``access.may_read_attachment``
allow: a member of the body reads the attachments of their body's items even
without View on the document itself. Anything else, an unlisted document
included, answers 404. The download is access-logged (a non-public document)
and sent as an attachment under a neutral file name (the uploaded name may
reveal the content).
"""

from municipality.policy.meetings import access
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
import mimetypes
import posixpath


def filename(doc):
    """``<document id><extension>``."""
    file = doc.file
    ext = posixpath.splitext(getattr(file, "filename", None) or "")[1].lower()
    if not ext or not ext[1:].isalnum() or len(ext) > 6:
        ext = mimetypes.guess_extension(getattr(file, "contentType", "") or "") or ""
    return doc.getId() + ext


def find(item, uid):
    """``(row, doc)`` of the listed attachment ``uid`` the reader may read, or None."""
    if not uid or not isinstance(uid, str):
        return None
    for row, doc in access.attachment_rows(item):
        if row["uid"] == uid and getattr(doc, "file", None) is not None:
            if access.may_read_attachment(item, row, doc):
                return row, doc
            return None
    return None


class AttachmentDownload(BrowserView):
    """Stream one attachment of the item."""

    def __call__(self):
        found = find(self.context, self.request.form.get("uid"))
        if found is None:
            raise NotFound("attachment")
        _row, doc = found
        access.log(doc, "download", self.request)
        response = self.request.response
        set_headers(doc.file, response, filename=filename(doc))
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Cache-Control", "private, no-store")
        return stream_data(doc.file)
