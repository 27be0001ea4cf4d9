"""The publication log: append-only evidence of what the public web showed.

Every publication of a notice, an agenda, minutes or an office-holder
decision, every scrub of personal data and every removal from the web is one
entry: what (``uid``, ``path``, ``url``, ``title``, ``portal_type``), the
``action``, the SHA-256 of the public HTML that was shown (``sha256``; for a
removal the hash of the last public version, or None), when (``date``, aware
UTC), by whom (``agent``: a user id, ``SYSTEM`` for the clock job) and the
archive creator's id (``archive_creator``: one portal may serve several
municipalities). An entry is written once and never changed; there is no
function to remove one, and the annotation is not publishable.

Storage: an annotation on the site, ``LOBTree`` keyed by a running number
(order of writing) and an ``OOBTree`` from UID to that object's numbers.
"""

from Acquisition import aq_base
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from datetime import UTC
from datetime import datetime
from municipality.policy.interfaces import IArchiveCreator
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations
import hashlib


KEY = "municipality.policy.publication.log"
#: the clock job's agent
SYSTEM = "system"
#: actions of the log (stored values; their titles are ``label_publication_<action>``)
ACTIONS = (
    "published",  # went on the public web (notice displayed, agenda, minutes, decision)
    "scheduled",  # a notice was set to appear on a later day
    "unpublished",  # taken back by hand before its time
    "ended",  # a notice's display ended: off the board, its personal data off the web
    "scrubbed",  # marked personal data removed after the appeal period
    "withdrawn",  # the online period ended: off the public web, kept in the archive
)


def sha256_of(text):
    """Hex SHA-256 of ``text`` (str as UTF-8, or bytes); None for None."""
    if text is None:
        return None
    if isinstance(text, str):
        text = text.encode("utf-8")
    return hashlib.sha256(text).hexdigest()


def _storage(create=False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(KEY)
    if store is None and create:
        store = PersistentMapping()
        store["entries"] = LOBTree()
        store["by_uid"] = OOBTree()
        annotations[KEY] = store
    return store


def _archive_creator_id(obj):
    for item in getattr(obj, "aq_chain", ()):
        if IArchiveCreator.providedBy(item):
            return item.getId()
    return None


def record(obj, action, shown=None, agent=None, when=None, note="", data=None):
    """Append one entry for ``obj`` and return a copy of it.

    ``shown``: the public HTML (or bytes) the web showed, hashed as
    ``sha256``. ``agent`` defaults to the current user's id (``SYSTEM`` when
    anonymous). ``when`` defaults to now (aware UTC).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown publication action {action!r}")
    if agent is None:
        user = api.user.get_current()
        if user is None or api.user.is_anonymous():
            agent = SYSTEM
        else:
            # a script's unrestricted user has no id: its name, else the system
            agent = user.getId() or user.getUserName() or SYSTEM
    when = when or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValueError("the date of a publication entry must be aware")
    store = _storage(create=True)
    entries = store["entries"]
    number = (entries.maxKey() + 1) if len(entries) else 1
    uid = api.content.get_uuid(obj)
    entry = {
        "id": number,
        "action": action,
        "uid": uid,
        "path": "/".join(obj.getPhysicalPath()),
        "url": obj.absolute_url(),
        "title": obj.Title(),
        "portal_type": getattr(aq_base(obj), "portal_type", None),
        "archive_creator": _archive_creator_id(obj),
        "sha256": sha256_of(shown),
        "date": when.astimezone(UTC),
        "agent": agent,
        "note": note or "",
        "data": dict(data or {}),
    }
    entries[number] = entry
    store["by_uid"][uid] = tuple(store["by_uid"].get(uid, ())) + (number,)
    return dict(entry)


def entries(uid=None, action=None, since=None, until=None, archive_creator=None):
    """Copies of the entries in writing order, filtered by the arguments
    (``since``/``until``: aware datetimes, inclusive)."""
    store = _storage()
    if store is None:
        return []
    if uid is not None:
        numbers = store["by_uid"].get(uid, ())
        rows = (store["entries"][n] for n in numbers)
    else:
        rows = store["entries"].values()
    out = []
    for row in rows:
        if action is not None and row["action"] != action:
            continue
        if since is not None and row["date"] < since:
            continue
        if until is not None and row["date"] > until:
            continue
        if archive_creator is not None and row["archive_creator"] != archive_creator:
            continue
        out.append(dict(row))
    return out


def last(obj, action=None):
    """The newest entry of ``obj`` (of ``action``), or None."""
    rows = entries(uid=api.content.get_uuid(obj), action=action)
    return rows[-1] if rows else None
