"""Reading a collective.exportimport export directory.

Any ``*.json`` file in the directory (and in its sub-directories, which
collective.exportimport writes as ``1.json``, ``2.json``, ... when exporting
one file per item) is classified by its shape: a list of content items
(``@type``), local roles (``uuid`` with ``localroles`` / ``block``),
relations (``from_uuid``, ``to_uuid``). The content is split into *units*,
each imported in one transaction: a container of the archive creator
(sub-archive creator, classification plan, task class, registry) alone, or a
case with every item inside it (its documents), so no case is ever left half
imported.
"""

from pathlib import Path
from urllib.parse import unquote
from urllib.parse import urlparse
import json


ROOT_TYPE = "ArchiveCreator"
#: type -> rank: units are imported in this order (then by path)
UNIT_TYPES = {
    "SubArchiveCreator": 0,
    "ClassificationPlan": 1,
    "TaskClass": 2,
    "Registry": 3,
    "Case": 4,
}
#: types imported inside a case's unit
CASE_CONTENT_TYPES = ("CaseDocument",)


def item_path(item):
    """The item's path in the source site (from its ``@id``)."""
    return unquote(urlparse(item["@id"]).path).rstrip("/")


def _segments(path):
    return tuple(part for part in path.split("/") if part)


class Unit:
    """Items imported together: ``items[0]`` is the unit's root."""

    def __init__(self, root, relative):
        self.items = [root]
        self.relative = relative  # the root's path below the archive creator

    @property
    def root(self):
        return self.items[0]

    @property
    def uid(self):
        return self.root.get("UID") or self.relative

    @property
    def type(self):
        return self.root["@type"]

    def __len__(self):
        return len(self.items)


class Source:
    """An export read into memory: ``items``, ``localroles`` (by UID),
    ``relations``, ``creator`` (the source archive creator's item)."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.items = []
        self.localroles = {}
        self.relations = []
        self.errors = []
        for path in sorted(self.directory.rglob("*.json")):
            self._read(path)
        creators = [item for item in self.items if item.get("@type") == ROOT_TYPE]
        self.creator = creators[0] if creators else None
        self.root_path = item_path(self.creator) if self.creator else None

    def _read(self, path):
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            return
        for entry in data:
            if not isinstance(entry, dict):
                continue
            if "@type" in entry and "@id" in entry:
                self.items.append(entry)
            elif "uuid" in entry and ("localroles" in entry or "block" in entry):
                self.localroles[entry["uuid"]] = entry
            elif "from_uuid" in entry and "to_uuid" in entry:
                self.relations.append(entry)
            elif "unexported_paths" in entry:
                self.errors.extend(entry["unexported_paths"])

    def relative(self, item):
        """The item's path below the source archive creator, or None outside it."""
        path = item_path(item)
        if self.root_path is None:
            return None
        if path == self.root_path:
            return ""
        if not path.startswith(self.root_path + "/"):
            return None
        return path[len(self.root_path) + 1 :]

    def units(self):
        """``(units, left_out)``: the units in import order, and ``(item,
        reason, detail)`` for every item not in one (the root excluded)."""
        placed = []
        for item in self.items:
            if item is self.creator:
                continue
            placed.append((_segments(self.relative(item) or ""), item))
        placed.sort(key=lambda pair: pair[0])
        units, left_out = [], []
        cases = {}  # segments of a case -> its unit
        imported = {()}  # segments of containers imported (the root: ())
        for segments, item in placed:
            if self.relative(item) is None:
                left_out.append((item, "outside", item_path(item)))
                continue
            parent = segments[:-1]
            case = next(
                (
                    cases[segments[:n]]
                    for n in range(len(segments) - 1, 0, -1)
                    if segments[:n] in cases
                ),
                None,
            )
            kind = item["@type"]
            if case is not None:
                if kind in CASE_CONTENT_TYPES and parent in cases:
                    case.items.append(item)
                else:
                    left_out.append((item, "unsupported_type", kind))
                continue
            if kind not in UNIT_TYPES:
                left_out.append((item, "unsupported_type", kind))
                continue
            if parent not in imported:
                left_out.append((item, "parent_not_imported", "/".join(parent)))
                continue
            unit = Unit(item, "/".join(segments))
            units.append(unit)
            if kind == "Case":
                cases[segments] = unit
            else:
                imported.add(segments)
        units.sort(key=lambda unit: UNIT_TYPES[unit.type])  # stable: paths kept
        return units, left_out
