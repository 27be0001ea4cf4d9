"""JSON values of a collective.exportimport item to field values.

Fields are set directly on the object (or its behavior's adapter), without
plone.restapi's deserializer: no validation events and no invariants run
(an archive's records are kept as they were, not re-judged by today's
forms). Files come as base-64 data (``include_blobs=1``) or as a path in
the source's blob storage (``include_blobs=2``, with ``blob_dir``); a file
given only as a download URL cannot be imported.
"""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from pathlib import Path
from plone.app.textfield.interfaces import IRichText
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import iterSchemata
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.namedfile.interfaces import INamedField
from plone.namedfile.interfaces import INamedImageField
from zope.schema import getFields
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IFromUnicode
import base64
import hashlib


#: item keys that are not fields (or are set by the importer itself)
NOT_FIELDS = {"id", "diary_number", "sha256", "changeNote", "changeActor"}


class FileMissing(ValueError):
    """A file field's data is not in the export (a download URL only)."""


def file_bytes(value, blob_dir=None):
    """The bytes of an exported file value (base-64 data or a blob path)."""
    if value.get("data") is not None:
        data = value["data"]
        if value.get("encoding") == "base64":
            return base64.b64decode(data)
        return data.encode("utf-8") if isinstance(data, str) else data
    if value.get("blob_path"):
        path = Path(value["blob_path"])
        if not path.is_absolute() and blob_dir:
            path = Path(blob_dir) / path
        if path.is_file():
            return path.read_bytes()
    raise FileMissing(value.get("download") or value.get("blob_path") or "")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def named_file(field, value, blob_dir=None):
    """A NamedBlobFile / NamedBlobImage of ``value``; returns ``(file, sha256)``."""
    data = file_bytes(value, blob_dir)
    factory = NamedBlobImage if INamedImageField.providedBy(field) else NamedBlobFile
    named = factory(
        data=data,
        filename=value.get("filename") or "file",
        contentType=value.get("content-type") or "application/octet-stream",
    )
    return named, sha256_hex(data)


def parse_datetime(value):
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed


def _token(value):
    if isinstance(value, dict) and "token" in value:
        return value["token"]
    return value


def convert(field, value):
    """The Python value of a (non-file) field from its JSON value."""
    if value is None:
        return field.missing_value
    if IRichText.providedBy(field):
        if isinstance(value, dict):
            return RichTextValue(
                value.get("data") or "",
                value.get("content-type") or "text/html",
                "text/x-html-safe",
            )
        return RichTextValue(value, "text/html", "text/x-html-safe")
    if IDatetime.providedBy(field):
        return parse_datetime(value)
    if IDate.providedBy(field):
        return date.fromisoformat(str(value)[:10])
    if IChoice.providedBy(field):
        return _token(value)
    if ICollection.providedBy(field):
        values = [_token(v) for v in value]
        inner = getattr(field, "value_type", None)
        if inner is not None and (
            IDate.providedBy(inner) or IDatetime.providedBy(inner)
        ):
            values = [convert(inner, v) for v in values]
        factory = getattr(field, "_type", None)
        if isinstance(factory, tuple):
            factory = factory[0]
        return factory(values) if factory in (list, tuple, set, frozenset) else values
    if isinstance(value, str) and IFromUnicode.providedBy(field):
        try:
            return field.fromUnicode(value)
        except Exception:
            return value
    return value


def apply_fields(obj, item, blob_dir=None, skip=()):
    """Set every schema field of ``obj`` given in ``item``.

    Returns ``{field name: sha256}`` of the files set. Raises ``FileMissing``.
    """
    digests = {}
    for schema in iterSchemata(obj):
        adapted = schema(obj)
        for name, field in getFields(schema).items():
            if name in NOT_FIELDS or name in skip or name not in item:
                continue
            if field.readonly:
                continue
            value = item[name]
            if INamedField.providedBy(field):
                if not value:
                    continue
                value, digests[name] = named_file(field, value, blob_dir)
            else:
                value = convert(field, value)
            field.set(adapted, value)  # unbound: no vocabulary is built
    return digests


def set_dates(obj, item):
    """Keep the source's creation and modification dates."""
    created = item.get("created")
    if created:
        obj.creation_date = DateTime(created)
    modified = item.get("modified")
    if modified:
        obj.modification_date = DateTime(modified)
