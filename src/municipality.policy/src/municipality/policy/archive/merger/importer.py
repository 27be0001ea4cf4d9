"""``import_export``: a collective.exportimport export as a new, closed
archive creator.

Objects are made by their type's factory and added without events (the
registry would number a case, the document registration would hash and log
again, the copy guards would judge an archive against the live site); the
importer does what those subscribers would, from the export: UID (kept
unless taken), fields, diary number and counters, SHA-256 (verified), the
workflow state, the handling-phase log, catalog entries, then the local
roles. The registry is closed (``registry.numbering``: no new
registrations) with its counters at the highest number of each year, and
the containers stay ``internal``.

Units (a container, or a case with its documents) are imported in batches
of about ``batch_size`` objects, each committed with the journal; a run
after a crash continues after the last committed batch.
"""

from Acquisition import aq_base
from datetime import date
from municipality.policy.archive.merger import history
from municipality.policy.archive.merger import journal as journals
from municipality.policy.archive.merger import mapping as mappings
from municipality.policy.archive.merger import report as reports
from municipality.policy.archive.merger import roles
from municipality.policy.archive.merger.progress import Progress
from municipality.policy.archive.merger.source import Source
from municipality.policy.archive.merger.values import FileMissing
from municipality.policy.archive.merger.values import apply_fields
from municipality.policy.archive.merger.values import named_file
from municipality.policy.archive.merger.values import set_dates
from municipality.policy.documents import registration
from municipality.policy.documents.content import ICaseDocument
from municipality.policy.registry import numbering
from municipality.policy.registry.content import DEFAULT_NUMBER_FORMAT
from pathlib import Path
from persistent.list import PersistentList
from plone import api
from plone.dexterity.interfaces import IDexterityFTI
from plone.uuid.interfaces import ATTRIBUTE_NAME
from uuid import uuid4
from zope.annotation.interfaces import IAnnotations
from zope.component import createObject
from zope.component import getUtility
import logging
import re
import time
import transaction


logger = logging.getLogger("municipality.policy.archive.merger")

#: the item key our export hooks fill (``hooks``)
EXTRA = "kuntaportaali"
REGISTERED = "registered"


class MergerError(ValueError):
    """The import cannot start (``field`` names the argument)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def parse_number(number_format, prefix, number):
    """``(year, sequence)`` of a diary number in ``number_format``, or None."""
    pattern = re.escape(number_format or DEFAULT_NUMBER_FORMAT)
    for token, regex in (
        ("prefix", re.escape(prefix or "")),
        ("number", r"(?P<number>\d+)"),
        ("year", r"(?P<year>\d{4})"),
        ("class", r"(?P<cls>.*?)"),
    ):
        pattern = pattern.replace(re.escape("{" + token + "}"), regex, 1)
    match = re.fullmatch(pattern, number or "")
    if match is None:
        return None
    return int(match.group("year")), int(match.group("number"))


class Importer:
    def __init__(self, portal, source, creator, journal, mapping, code, **options):
        self.portal, self.source, self.creator = portal, source, creator
        self.journal, self.mapping, self.code = journal, mapping, code
        self.blob_dir = options.get("blob_dir")
        self.catalog = api.portal.get_tool("portal_catalog")
        self.factories = {}
        self.file_field = ICaseDocument["file"]

    # ------------------------------------------------------------ helpers
    def _factory(self, portal_type):
        if portal_type not in self.factories:
            self.factories[portal_type] = getUtility(
                IDexterityFTI, name=portal_type
            ).factory
        return self.factories[portal_type]

    def _uid_taken(self, uid):
        return bool(self.catalog.unrestrictedSearchResults(UID=uid))

    def _target(self, relative):
        return self.creator.unrestrictedTraverse(relative) if relative else self.creator

    def _create(self, container, item):
        """Add an object of the item's type and id to ``container`` (no events)."""
        obj = createObject(self._factory(item["@type"]))
        obj.id = item["id"]
        source_uid = item.get("UID")
        if source_uid and not self._uid_taken(source_uid):
            setattr(obj, ATTRIBUTE_NAME, source_uid)
        else:
            setattr(obj, ATTRIBUTE_NAME, uuid4().hex)
        container._setObject(obj.id, obj, suppress_events=True)
        obj = container._getOb(obj.id)
        new_uid = getattr(aq_base(obj), ATTRIBUTE_NAME)
        if source_uid:
            self.journal["uids"][source_uid] = new_uid
            if new_uid != source_uid:
                self.journal["uid_changes"][source_uid] = new_uid
        set_dates(obj, item)
        creators = item.get("creators")
        if creators:
            obj.creators = tuple(creators)
        return obj

    def _skip(self, item, reason, detail=""):
        relative = self.source.relative(item) or item.get("@id")
        journals.skip(
            self.journal,
            item.get("UID") or relative,
            item["@type"],
            relative,
            reason,
            detail,
        )

    def _roles(self, obj, item):
        entry = self.source.localroles.get(item.get("UID"))
        if entry:
            path = "/".join(
                obj.getPhysicalPath()[len(self.creator.getPhysicalPath()) :]
            )
            roles.apply(obj, entry, self.mapping, self.journal, self.code, path or "/")

    # ---------------------------------------------------------- containers
    def container(self, unit):
        item = unit.root
        parent = self._target(unit.relative.rpartition("/")[0])
        obj = self._create(parent, item)
        apply_fields(obj, item, self.blob_dir)
        history.set_state(obj, {"created": item.get("created")})  # internal
        if item["@type"] == "Registry":
            self._close_registry(obj, item, unit.relative)
        obj.indexObject()
        journals.count(self.journal, item["@type"])
        self._roles(obj, item)

    def _close_registry(self, registry, item, relative):
        """Closed, with each year's counter at the highest number of the source."""
        registry.closed = True
        highest = {}
        counters = ((item.get(EXTRA) or {}).get("counters")) or {}
        for year, value in counters.items():
            highest[int(year)] = int(value)
        prefix = registry.prefix
        fmt = getattr(registry, "number_format", None)
        for case in self.source.items:
            if case.get("@type") != "Case":
                continue
            if (self.source.relative(case) or "").rpartition("/")[0] != relative:
                continue
            parsed = self._diary(case, prefix, fmt)
            if parsed:
                year, sequence = parsed["year"], parsed["sequence"]
                highest[year] = max(highest.get(year, 0), sequence)
        mapping = numbering.counters(registry)
        for year, value in highest.items():
            counter = mapping.get(year)
            if counter is None:
                counter = mapping[year] = numbering.DiaryCounter()
            counter.value = max(counter.value, value)

    def _diary(self, item, prefix, fmt):
        diary = dict((item.get(EXTRA) or {}).get("diary") or {})
        if diary.get("year") and diary.get("sequence"):
            return diary
        parsed = parse_number(fmt, prefix, item.get("diary_number"))
        if parsed is None:
            return None
        diary.update(year=parsed[0], sequence=parsed[1])
        return diary

    # --------------------------------------------------------------- cases
    def case(self, unit):
        item = unit.root
        registry = self._target(unit.relative.rpartition("/")[0])
        number = item.get("diary_number")
        if not number:
            self._skip(item, "no_diary_number")
            for doc in unit.items[1:]:
                self._skip(doc, "parent_not_imported", unit.relative)
            return
        registry_path = "/".join(registry.getPhysicalPath())
        holders = self.catalog.unrestrictedSearchResults(
            portal_type="Case", diary_number=number
        )
        if any(b.getPath().startswith(registry_path + "/") for b in holders):
            self._skip(item, "diary_number_taken", number)
            for doc in unit.items[1:]:
                self._skip(doc, "parent_not_imported", unit.relative)
            return
        if holders:
            journals.warn(self.journal, unit.relative, "number_elsewhere", number)
        case = self._create(registry, item)
        apply_fields(case, item, self.blob_dir)
        for name in ("preparer", "presenter"):
            target = self.mapping.principal(getattr(aq_base(case), name, None) or "")
            if target:
                setattr(case, name, target)
        diary = (
            self._diary(item, registry.prefix, getattr(registry, "number_format", None))
            or {}
        )
        case.diary_number = number
        case.diary_year = diary.get("year")
        case.diary_sequence = diary.get("sequence")
        case.diary_task_class = diary.get("task_class") or case.task_class
        registered = diary.get("registered")
        case.registered = date.fromisoformat(registered[:10]) if registered else None
        state, unknown = history.set_state(case, item)
        if unknown:
            journals.warn(self.journal, unit.relative, "unknown_state", unknown)
        phases = (item.get(EXTRA) or {}).get("phaselog")
        if phases is None:
            phases = history.derived_entries(item, number)
        history.set_phases(case, phases)
        documents = [self.document(case, doc) for doc in unit.items[1:]]
        case.indexObject()
        journals.count(self.journal, "Case")
        self._roles(case, item)
        for doc, doc_item in zip(documents, unit.items[1:], strict=True):
            if doc is not None:
                doc.indexObject()
                journals.count(self.journal, "CaseDocument")
                self._roles(doc, doc_item)

    def document(self, case, item):
        """Import one document of ``case`` (not indexed yet), or skip it."""
        value = item.get("file")
        extra = item.get(EXTRA) or {}
        expected = extra.get("sha256") or item.get("sha256")
        named = digest = None
        if value:
            try:
                named, digest = named_file(self.file_field, value, self.blob_dir)
            except FileMissing as error:
                self._skip(item, "file_missing", error)
                return None
            if expected and expected != digest:
                self._skip(
                    item, "sha256_mismatch", f"{expected[:12]}… ≠ {digest[:12]}…"
                )
                return None
        doc = self._create(case, item)
        apply_fields(doc, item, self.blob_dir, skip=("file",))
        doc.file = named
        state, unknown = history.set_state(doc, item)
        relative = self.source.relative(item)
        if unknown:
            journals.warn(self.journal, relative, "unknown_state", unknown)
        if expected or state == REGISTERED:
            doc.sha256 = expected or digest
            if not expected and digest:
                journals.warn(self.journal, relative, "no_checksum")
        if state == REGISTERED:
            registration._snapshot(doc)  # the immutability check's reference
            hashes = extra.get("hashes") or [
                {"version": None, "sha256": doc.sha256, "date": None, "agent": None}
            ]
            IAnnotations(doc)[registration.HASHES_KEY] = PersistentList(
                dict(row, date=history.parse_datetime(row.get("date")))
                for row in hashes
            )
        return doc

    # ----------------------------------------------------------- finishing
    def finish(self):
        """Relations and related cases remapped to the new UIDs (idempotent)."""
        uids = self.journal["uids"]
        for brain in self.catalog.unrestrictedSearchResults(
            portal_type="Case", path="/".join(self.creator.getPhysicalPath())
        ):
            case = brain._unrestrictedGetObject()
            related = getattr(aq_base(case), "related_cases", None)
            if related:
                remapped = [uids.get(uid, uid) for uid in related]
                if remapped != list(related):
                    case.related_cases = remapped
        for relation in self.source.relations:
            source = uids.get(relation["from_uuid"])
            target = uids.get(relation["to_uuid"])
            if not source or not target:
                continue
            try:
                api.relation.create(
                    source=api.content.get(UID=source),
                    target=api.content.get(UID=target),
                    relationship=relation["relationship"],
                )
            except Exception as error:  # an attribute our types do not have
                journals.warn(self.journal, source, "error", f"relation: {error}")
        self.journal["finished"] = True


def _creator(portal, creator_id, code, title, source, source_dir):
    creator = portal.get(creator_id)
    if creator is None:
        creator = api.content.create(
            container=portal,
            type="ArchiveCreator",
            id=creator_id,
            title=title,
            code=code,
        )
        journal = journals.create(creator, source_dir, code)
        if source.creator is not None and source.creator.get("UID"):
            journal["uids"][source.creator["UID"]] = creator.UID()
        return creator, journal, True
    journal = journals.get(creator)
    if journal is None:
        raise MergerError("id", f"{creator_id} exists and was not made by a merger")
    if journal["code"] != code:
        raise MergerError(
            "code", f"{creator_id} was imported with code {journal['code']}"
        )
    return creator, journal, False


def _batches(units, size):
    """``units`` in lists of about ``size`` objects (a unit is never split)."""
    batch, count = [], 0
    for unit in units:
        batch.append(unit)
        count += len(unit)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _import_unit(importer, unit, journal):
    if unit.type == "Case":
        importer.case(unit)
    else:
        importer.container(unit)
    journal["units"][unit.uid] = True


def _import_batch(importer, batch, journal, progress, on_unit):
    """Import ``batch``; returns its number of objects. Optimistic: the units
    go in without a savepoint each (a savepoint re-writes the catalog's changed
    buckets every time: a third of the import's time). When a unit fails, the
    batch is rolled back to its start and done again unit by unit, each in a
    savepoint: the failing one is rolled back and skipped with its error, so
    no half case is ever kept."""
    start = transaction.savepoint(optimistic=True)
    failed = None
    for index, unit in enumerate(batch):
        if on_unit is not None:
            on_unit(unit)
        try:
            _import_unit(importer, unit, journal)
        except Exception:  # noqa: BLE001  (redone below, the error reported)
            failed = index
            break
        if progress:
            progress.update(len(unit))
    if failed is None:
        return sum(len(unit) for unit in batch)
    start.rollback()
    for index, unit in enumerate(batch):
        if on_unit is not None and index > failed:
            on_unit(unit)
        savepoint = transaction.savepoint(optimistic=True)
        try:
            _import_unit(importer, unit, journal)
        except Exception as error:
            savepoint.rollback()
            logger.exception("Unit %s not imported", unit.relative)
            importer._skip(unit.root, "error", f"{type(error).__name__}: {error}")
            journal["units"][unit.uid] = True
        if progress and index >= failed:
            progress.update(len(unit))
    return sum(len(unit) for unit in batch)


def import_export(
    portal,
    source_dir,
    archive_creator_id,
    code,
    title,
    mapping=None,
    batch_size=200,
    report=None,
    blob_dir=None,
    commit=None,
    progress=None,
    on_unit=None,
    language="fi",
):
    """Import the export in ``source_dir`` as the archive creator
    ``archive_creator_id`` (made, or continued when a run was interrupted).

    ``mapping``: the mapping file (path) or dict (``mapping``); ``report``:
    the base path of the report files (default ``<source_dir>/merger-report-<id>``;
    False: none written); ``commit``: called after each batch
    (``transaction.commit``); ``progress``: a ``Progress``-like object or
    False; ``on_unit(unit)``: called before each unit (tests inject a crash).
    Returns the report (a dict).
    """
    started = time.monotonic()
    commit = commit or (lambda: transaction.commit())
    source = Source(source_dir)
    if source.creator is None:
        raise MergerError("source", "the export holds no ArchiveCreator")
    mapping = mappings.load(mapping)
    units, left_out = source.units()
    creator, journal, new = _creator(
        portal, archive_creator_id, code, title, source, source_dir
    )
    journal["runs"] += 1
    importer = Importer(
        portal, source, creator, journal, mapping, code, blob_dir=blob_dir
    )
    if new:
        importer._roles(creator, source.creator)
        for item, reason, detail in left_out:
            importer._skip(item, reason, detail)
    pending = [unit for unit in units if not journals.done(journal, unit.uid)]
    total = sum(len(unit) for unit in units)
    if progress is None:
        progress = Progress(total, done=total - sum(len(u) for u in pending))
    imported_now = 0
    for batch in _batches(pending, batch_size):
        imported_now += _import_batch(importer, batch, journal, progress, on_unit)
        transaction.get().note(f"merger {archive_creator_id}: {imported_now}")
        commit()
    importer.finish()
    commit()
    if progress:
        progress.close()
    result = reports.build(
        journal,
        "/".join(creator.getPhysicalPath()),
        runs={"objects": imported_now, "seconds": round(time.monotonic() - started, 2)},
    )
    if report is not False:
        base = report or Path(source_dir) / f"merger-report-{archive_creator_id}"
        reports.write(result, base)
    return result
