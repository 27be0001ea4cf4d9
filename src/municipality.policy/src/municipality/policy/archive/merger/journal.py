"""The import's journal: an annotation of the new archive creator.

Written in the same transaction as each batch, so after a crash (or
``kill -9``) it holds exactly what was committed: a second run skips those
units and continues. ``units``: source UID of a unit's root -> True;
``uids``: source UID -> target UID of every object imported; ``skipped``:
source UID (or path) -> ``{type, path, reason, detail}``; ``warnings``: a
list; ``unmapped``: source principal -> target paths; ``imported``: type ->
count; ``uid_changes``: source UID -> new UID (the source's was taken).
"""

from BTrees.OOBTree import OOBTree
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "municipality.policy.archive.merger"


def get(creator):
    """The journal of ``creator``, or None when it was not made by an import."""
    return IAnnotations(creator).get(KEY)


def create(creator, source, code):
    journal = PersistentMapping(
        {
            "source": str(source),
            "code": code,
            "units": OOBTree(),
            "uids": OOBTree(),
            "skipped": OOBTree(),
            "warnings": PersistentList(),
            "unmapped": OOBTree(),
            "imported": PersistentMapping(),
            "uid_changes": OOBTree(),
            "finished": False,
            "runs": 0,
        }
    )
    IAnnotations(creator)[KEY] = journal
    return journal


def done(journal, unit_uid):
    return unit_uid in journal["units"]


def skip(journal, key, type_, path, reason, detail=""):
    journal["skipped"][key] = {
        "type": type_,
        "path": path,
        "reason": reason,
        "detail": str(detail or ""),
    }


def warn(journal, path, reason, detail=""):
    journal["warnings"].append(
        {"path": path, "reason": reason, "detail": str(detail or "")}
    )


def unmapped(journal, principal, path):
    places = journal["unmapped"].get(principal) or ()
    if path not in places:
        journal["unmapped"][principal] = tuple(places) + (path,)


def count(journal, type_):
    journal["imported"][type_] = journal["imported"].get(type_, 0) + 1
