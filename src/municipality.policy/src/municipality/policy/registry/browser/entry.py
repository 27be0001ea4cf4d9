"""``@@diary-entry`` and ``@@diary-rendition``: a case's public diary entry.

Both look the case up by ``?number=`` in this registry and answer 404 for an
unknown number. ``@@diary-rendition`` streams only a document's redacted
``public_rendition`` (never ``file``), under a neutral file name, and only when
the entry lists it (``registry.entry``).
"""

from municipality.policy.base.dates import format_date
from municipality.policy.base.formatting import format_size
from municipality.policy.registry import entry
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
import datetime
import mimetypes
import posixpath


def _number(request):
    number = request.form.get("number")
    if isinstance(number, (list, tuple)):
        number = number[0] if number else None
    return number.strip() if isinstance(number, str) else None


def _date(value):
    return format_date(datetime.date.fromisoformat(value)) if value else ""


class DiaryEntryView(BrowserView):
    """The public entry of one case of the diary."""

    def __call__(self):
        brain = entry.find_case(self.context, _number(self.request))
        if brain is None:
            raise NotFound(_number(self.request) or "")
        self.entry = entry.Entry(brain, self.request)
        self.fields = self.entry.fields()
        self.public, self.renditions = self.entry.documents()
        self.pending = entry.pending(self.entry.case)
        return self.index()

    def task_class(self):
        """``code title``; the vocabulary's title may already start with the code."""
        code = self.fields["task_class"] or ""
        title = self.fields["task_class_title"] or ""
        return title if title.startswith(code) else f"{code} {title}".strip()

    def date(self, value):
        return _date(value)

    def size(self, value):
        return format_size(value)

    def diary_url(self):
        return f"{self.context.absolute_url()}/@@diary"


class RenditionDownload(BrowserView):
    """The redacted public rendition of a document listed in a diary entry."""

    def __call__(self):
        brain = entry.find_case(self.context, _number(self.request))
        case = brain._unrestrictedGetObject() if brain is not None else None
        doc = (
            entry.rendition_document(case, self.request.form.get("document"))
            if case is not None
            else None
        )
        if doc is None:
            raise NotFound("rendition")
        rendition = doc.public_rendition
        response = self.request.response
        set_headers(rendition, response, filename=self.filename(doc))
        response.setHeader("X-Content-Type-Options", "nosniff")
        return stream_data(rendition)

    @staticmethod
    def filename(doc):
        """``<document id><extension>``: the uploaded name may reveal the content."""
        rendition = doc.public_rendition
        ext = posixpath.splitext(rendition.filename or "")[1].lower()
        if not ext or not ext[1:].isalnum() or len(ext) > 6:
            ext = mimetypes.guess_extension(rendition.contentType or "") or ""
        return doc.getId() + ext
