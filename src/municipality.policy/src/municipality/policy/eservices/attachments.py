"""Attachments of a submission: read, sniffed and checked before anything is
written.

- Over REST: ``"attachments": [{"filename", "data" (base64), "content_type"?}]``
  in the JSON body (``from_json``); in the HTML forms: ``<input type="file"
  name="attachments" multiple>`` of a ``multipart/form-data`` POST
  (``from_uploads``).
- The type is decided by the CONTENT: ``puremagic`` for PDF, JPEG and PNG;
  a ZIP container is a DOCX only with ``[Content_Types].xml`` and
  ``word/document.xml``, an ODT only when its ``mimetype`` entry says
  ``application/vnd.oasis.opendocument.text``; plain text is UTF-8 without
  control characters that no magic matched and that does not start like
  markup (HTML, XML, SVG). The name and the type the client gives are never
  trusted: the stored name gets the sniffed type's extension.
- Limits (``settings``): ``ATTACHMENT_MAX_COUNT`` files,
  ``ATTACHMENT_MAX_SIZE`` each, ``ATTACHMENT_MAX_TOTAL`` together; an empty
  file is refused.
- Errors: ``errors.field_bad_request`` naming ``attachments`` (the list, the
  count, the total) or ``attachments[<index>]`` (one file, from 0), with the
  reason and the limit in words. Nothing has been written when they are
  raised: every file is decoded and checked before ``intake.submit`` writes.
"""

from municipality.policy import _
from municipality.policy.errors import field_bad_request
from municipality.policy.eservices import settings
from typing import NamedTuple
import base64
import binascii
import hashlib
import io
import puremagic
import re
import zipfile


FIELD = "attachments"
ZIP = b"PK\x03\x04"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
#: what puremagic may answer for the three types it recognises well
MAGIC_TYPES = {"application/pdf", "image/jpeg", "image/png"}
#: a text that starts like this is markup, not plain text
MARKUP = re.compile(
    rb"^\s*(<!doctype|<html|<\?xml|<svg|<script|<head|<body|<!--)", re.I
)
#: control characters other than tab, newline, carriage return and form feed
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
FILENAME_MAX = 120


class Attachment(NamedTuple):
    filename: str  # safe, with the sniffed type's extension
    data: bytes
    content_type: str  # the sniffed type
    sha256: str


def _mb(size):
    return f"{size / (1024 * 1024):g}"


def accepted_names():
    return ", ".join(name for _ext, name in settings.ATTACHMENT_TYPES.values())


def msg_type(found):
    return _(
        "msg_eservice_attachment_type",
        default="This type of file is not accepted${found}. Accepted: ${types}.",
        mapping={"found": f" ({found})" if found else "", "types": accepted_names()},
    )


MSG_NOT_LIST = _(
    "msg_eservice_attachments_list",
    default="Give the attachments as a list of files.",
)
MSG_NOT_FILE = _(
    "msg_eservice_attachment_object",
    default='An attachment is an object with "filename" and "data" (base64).',
)
MSG_FILENAME = _(
    "msg_eservice_attachment_filename",
    default="The attachment has no file name.",
)
MSG_BASE64 = _(
    "msg_eservice_attachment_base64",
    default="The attachment's data is not valid base64.",
)
MSG_EMPTY = _("msg_eservice_attachment_empty", default="The attachment is empty.")


def msg_count():
    return _(
        "msg_eservice_attachments_count",
        default="Too many attachments: at most ${max} files.",
        mapping={"max": settings.ATTACHMENT_MAX_COUNT},
    )


def msg_size(name):
    return _(
        "msg_eservice_attachment_size",
        default="The file ${name} is too large: at most ${max} MB a file.",
        mapping={"name": name, "max": _mb(settings.ATTACHMENT_MAX_SIZE)},
    )


def msg_total():
    return _(
        "msg_eservice_attachments_total",
        default="The attachments are too large together: at most ${max} MB.",
        mapping={"max": _mb(settings.ATTACHMENT_MAX_TOTAL)},
    )


def describe():
    """The attachment rules for API users (``x-attachments`` of the schemas)."""
    return {
        "field": FIELD,
        "item": {"filename": "string", "data": "base64", "content_type": "ignored"},
        "types": sorted(settings.ATTACHMENT_TYPES),
        "max_count": settings.ATTACHMENT_MAX_COUNT,
        "max_size": settings.ATTACHMENT_MAX_SIZE,
        "max_total": settings.ATTACHMENT_MAX_TOTAL,
        "type_by": "content",
    }


def field(index):
    return f"{FIELD}[{index}]"


# ------------------------------------------------------------------ sniffing
def _zip_type(data):
    """DOCX or ODT by the container's own manifest, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODT if declared == ODT else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    return None


def _is_text(data):
    if MARKUP.match(data[:512]):
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not CONTROL.search(text)


def sniff(data):
    """``(accepted MIME type or None, what it looks like)`` of ``data``."""
    if data.startswith(ZIP):
        found = _zip_type(data)
        return found, "ZIP" if found is None else found
    try:
        matches = puremagic.magic_string(data[:65536])
    except puremagic.PureError:
        matches = []
    except ValueError:  # empty
        matches = []
    if matches:
        # the most certain match that names a MIME type (else the most certain)
        named = [match for match in matches if match.mime_type] or matches
        best = max(named, key=lambda match: match.confidence)
        if best.mime_type in MAGIC_TYPES:
            return best.mime_type, best.mime_type
        shown = (best.extension or "").lstrip(".").upper() or best.mime_type
        return None, shown
    if _is_text(data):
        return "text/plain", "text/plain"
    return None, ""


# ------------------------------------------------------------------ names
def safe_filename(name, content_type, index):
    """The base name the client gave (no path, no control characters), with
    the sniffed type's extension (``kuva.pdf`` that is a PNG: ``kuva.png``)."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = CONTROL.sub("", name).strip().strip(".")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:FILENAME_MAX].strip() or f"liite-{index + 1}"
    return f"{stem}.{settings.ATTACHMENT_TYPES[content_type][0]}"


def check(index, filename, data):
    """One file: an ``Attachment``, or a 400 naming ``attachments[index]``."""
    if not data:
        raise field_bad_request(field(index), MSG_EMPTY)
    if len(data) > settings.ATTACHMENT_MAX_SIZE:
        raise field_bad_request(field(index), msg_size(filename or ""))
    content_type, found = sniff(data)
    if content_type is None:
        raise field_bad_request(field(index), msg_type(found))
    return Attachment(
        filename=safe_filename(filename, content_type, index),
        data=data,
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _total(items):
    if sum(len(item.data) for item in items) > settings.ATTACHMENT_MAX_TOTAL:
        raise field_bad_request(FIELD, msg_total())
    return items


def from_json(value):
    """The JSON ``attachments`` value as checked ``Attachment``s (None: [])."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise field_bad_request(FIELD, MSG_NOT_LIST)
    if len(value) > settings.ATTACHMENT_MAX_COUNT:
        raise field_bad_request(FIELD, msg_count())
    items = []
    # base64 is 4 characters per 3 bytes: refuse a too long one undecoded
    longest = (settings.ATTACHMENT_MAX_SIZE + 2) // 3 * 4 + 4
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or not isinstance(entry.get("data"), str):
            raise field_bad_request(field(index), MSG_NOT_FILE)
        filename = entry.get("filename")
        if not isinstance(filename, str) or not filename.strip():
            raise field_bad_request(field(index), MSG_FILENAME)
        text = entry["data"]
        if len(text) > longest:
            raise field_bad_request(field(index), msg_size(filename))
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise field_bad_request(field(index), MSG_BASE64) from None
        items.append(check(index, filename, data))
    return _total(items)


def _uploads(value):
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        value = [value]
    # a file input left empty sends a part with no name and no data
    return [
        upload
        for upload in value
        if hasattr(upload, "read") and (getattr(upload, "filename", "") or "")
    ]


def from_uploads(value):
    """The files of an HTML form's file input as checked ``Attachment``s."""
    uploads = _uploads(value)
    if len(uploads) > settings.ATTACHMENT_MAX_COUNT:
        raise field_bad_request(FIELD, msg_count())
    items = []
    for index, upload in enumerate(uploads):
        upload.seek(0)
        data = upload.read(settings.ATTACHMENT_MAX_SIZE + 1)
        items.append(check(index, upload.filename, data))
    return _total(items)


def has_uploads(value):
    return bool(_uploads(value))
