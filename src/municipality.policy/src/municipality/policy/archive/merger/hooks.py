"""Export side: what a Kuntaportaali source adds to collective.exportimport's
content export (registered on our browser layer only, ``merger.zcml``; a
site without it exports the add-on's plain JSON, which still imports).

Under the item key ``kuntaportaali``: a case's ``diary`` (``number``,
``year``, ``sequence``, ``task_class``, ``registered``) and ``phaselog`` (its
handling-phase log, dates ISO 8601 UTC); a registry's ``counters`` (year ->
last number) and ``closed``; a document's ``sha256`` and ``hashes`` (its
file's hash history). ``export(context, directory)`` writes an export the
importer reads, in process: content (``content.json``), local roles and
relations of the exported objects.
"""

from Acquisition import aq_base
from collective.exportimport.export_content import ExportContent as BaseExportContent
from collective.exportimport.export_other import ExportLocalRoles
from collective.exportimport.export_other import ExportRelations
from collective.exportimport.interfaces import IBase64BlobsMarker
from collective.exportimport.interfaces import IMigrationMarker
from collective.exportimport.interfaces import IPathBlobsMarker
from municipality.policy.cases import phaselog
from municipality.policy.documents import registration
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import IRegistry
from municipality.policy.registry import numbering
from pathlib import Path
from plone.restapi.serializer.converters import json_compatible
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
from zope.interface import noLongerProvides
import json


EXTRA = "kuntaportaali"
#: the types a merger brings in (others in the export are reported, skipped)
TYPES = (
    "ArchiveCreator",
    "SubArchiveCreator",
    "ClassificationPlan",
    "TaskClass",
    "Registry",
    "Case",
    "CaseDocument",
)


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def extra(obj):
    """Our additions for ``obj`` (a dict, empty for other types)."""
    base = aq_base(obj)
    if ICase.providedBy(base):
        registered = getattr(base, "registered", None)
        return {
            "diary": {
                "number": getattr(base, "diary_number", None),
                "year": getattr(base, "diary_year", None),
                "sequence": getattr(base, "diary_sequence", None),
                "task_class": getattr(base, "diary_task_class", None),
                "registered": _iso(registered),
            },
            "phaselog": json_compatible(
                [dict(e, date=_iso(e["date"])) for e in phaselog.entries(obj)]
            ),
        }
    if ICaseDocument.providedBy(base):
        return {
            "sha256": getattr(base, "sha256", None),
            "hashes": json_compatible(
                [
                    dict(h, date=_iso(h.get("date")))
                    for h in registration.hash_history(obj)
                ]
            ),
        }
    if IRegistry.providedBy(base):
        counters = getattr(base, numbering.COUNTERS_ATTR, {}) or {}
        return {
            "counters": {str(year): c.value for year, c in counters.items()},
            "closed": numbering.is_closed(obj),
        }
    return {}


class ExportContent(BaseExportContent):
    """``@@export_content`` on our layer: the add-on's, plus ``extra``."""

    def global_dict_hook(self, item, obj):
        item = super().global_dict_hook(item, obj)
        if item is not None:
            added = extra(obj)
            if added:
                item[EXTRA] = added
        return item


def export(context, directory, request=None, types=TYPES, include_blobs=1):
    """Export ``context`` and everything below it of ``types`` into ``directory``
    with the ``export_content`` view the request's layers select (ours: with
    ``extra``); also its local roles and relations. Returns the item count."""
    request = request if request is not None else context.REQUEST
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    view = getMultiAdapter((context, request), name="export_content")
    view.portal_type = list(types)
    view.path = "/".join(context.getPhysicalPath())
    view.depth = -1
    view.include_blobs = include_blobs
    view.include_revisions = False
    view.migration = True
    view.errors = []
    markers = [IMigrationMarker]
    markers.append(IBase64BlobsMarker if include_blobs == 1 else IPathBlobsMarker)
    alsoProvides(request, *markers)
    try:
        items = [item for item in view.export_content() if item]
    finally:
        for marker in markers:
            noLongerProvides(request, marker)
    uids = {item.get("UID") for item in items}
    with open(directory / "content.json", "w", encoding="utf-8") as stream:
        json.dump(items, stream)
    roles = ExportLocalRoles(context, request)
    local = [row for row in roles.all_localroles() if row["uuid"] in uids]
    relations = [
        row
        for row in ExportRelations(context, request).get_all_references()
        if row["from_uuid"] in uids
    ]
    for name, data in (
        ("export_localroles.json", local),
        ("export_relations.json", relations),
    ):
        with open(directory / name, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
    return len(items)
