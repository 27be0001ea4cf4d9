"""Registration of case documents and the immutability of registered ones.

On registration (the ``register`` transition) the SHA-256 of the file is taken,
``registration_date`` set, a first CMFEditions version saved and an entry
written in the case's handling-phase log. A snapshot of the metadata is kept.

A registered document is immutable. ``check_modified`` (a subscriber of
``IObjectModifiedEvent``) compares the object with its snapshot on every
modification: a changed metadata value is refused for everyone; a new file is
accepted only from a records officer and becomes a new version with its own
hash. A new version needs a ``file_change_reason``; it is written to the case's
handling-phase log with the old and new SHA-256 and the version number, then
cleared. Refused changes are rolled back on the object and ``Immutable`` raised.
"""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import today
from municipality.policy.cases import phaselog
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations
import datetime
import hashlib


REGISTERED = "registered"
SNAPSHOT_KEY = "municipality.policy.documents.snapshot"
HASHES_KEY = "municipality.policy.documents.hashes"
#: roles that may add a new version of a registered document's file
RECORDS_OFFICER_ROLES = ("RecordsOfficer", "ChiefRecordsOfficer", "Manager")
#: fields that hold files (new versions allowed to records officers)
FILE_FIELDS = ("file", "public_rendition")
#: metadata frozen at registration
METADATA_FIELDS = (
    "title",
    "description",
    "record_type",
    "direction",
    "registration_date",
    "correspondent",
    "publicity_class",
    "security_reasons",
    "secrecy_period",
    "personal_data",
    "protection_level",
    "restriction_reason",
)


class Immutable(ValueError):
    """A change of a registered document that is not allowed; ``field`` names it."""

    def __init__(self, field, message):
        super().__init__(field, message)
        self.field = field
        self.message = message


def sha256_of(namedfile):
    """Hex SHA-256 of a namedfile's data (streamed from the blob)."""
    if namedfile is None:
        return None
    digest = hashlib.sha256()
    blob = getattr(namedfile, "_blob", None)
    if blob is not None:
        with blob.open("r") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    else:
        digest.update(namedfile.data)
    return digest.hexdigest()


def is_registered(obj):
    return api.content.get_state(obj, default=None) == REGISTERED


def is_records_officer(obj):
    if api.user.is_anonymous():
        return False
    roles = api.user.get_roles(obj=obj)
    return any(role in roles for role in RECORDS_OFFICER_ROLES)


def _value(obj, name):
    value = getattr(aq_base(obj), name, None)
    if isinstance(value, list):
        return tuple(value)
    return value


def _snapshot(obj):
    snapshot = PersistentMapping({name: _value(obj, name) for name in METADATA_FIELDS})
    for name in FILE_FIELDS:
        current = getattr(aq_base(obj), name, None)
        snapshot[name] = sha256_of(current)
        snapshot["object:" + name] = current
    IAnnotations(obj)[SNAPSHOT_KEY] = snapshot
    return snapshot


def hash_history(obj):
    """``[{version, sha256, date, agent}]`` of the file, oldest first (copies)."""
    return [dict(item) for item in IAnnotations(obj).get(HASHES_KEY, ())]


def _save_version(obj, comment):
    """A CMFEditions version of ``obj``; returns its version id (or None).

    Versions are the system's record of registration: the callers checked
    who may do it, so it runs with the repository's own rights.
    """
    repository = api.portal.get_tool("portal_repository")
    if obj.portal_type not in repository.getVersionableContentTypes():
        types = list(repository.getVersionableContentTypes())
        repository.setVersionableContentTypes(types + [obj.portal_type])
    with api.env.adopt_roles(["Manager"]):
        repository.save(obj=obj, comment=comment)
    return getattr(aq_base(obj), "version_id", None)


def _record_hash(obj, digest, comment):
    annotations = IAnnotations(obj)
    hashes = annotations.get(HASHES_KEY)
    if hashes is None:
        hashes = annotations[HASHES_KEY] = PersistentList()
    version = _save_version(obj, comment)
    hashes.append(
        {
            "version": version,
            "sha256": digest,
            "date": datetime.datetime.now(datetime.UTC),
            "agent": None
            if api.user.is_anonymous()
            else api.user.get_current().getId(),
        }
    )


def _phase(obj, event, note="", **extra):
    """Log ``event`` (``registered`` / ``new_version``) of ``obj`` in its case
    (``extra``: more data, e.g. a new version's ``old_sha256`` and ``version``)."""
    case = parent_case(obj)
    if case is None:
        return
    phaselog.add(
        case,
        phaselog.DOCUMENT,
        "rekisterointi",
        data={
            "event": event,
            "document": obj.getId(),
            "uid": obj.UID(),
            "title": obj.Title(),
            "sha256": obj.sha256,
            **extra,
        },
        note=note,
    )


def register(obj):
    """Take the hash, set the date, save version 0, log it (the transition's work)."""
    obj.sha256 = sha256_of(obj.file)
    if not obj.registration_date:
        obj.registration_date = today()
    _snapshot(obj)
    _record_hash(obj, obj.sha256, f"sha256:{obj.sha256}")
    _phase(obj, "registered")
    obj.reindexObject()


def after_transition(obj, event):
    """Subscriber: the ``register`` transition registers the document."""
    old = event.old_state.getId() if event.old_state is not None else None
    if event.transition is not None and event.new_state.getId() == REGISTERED != old:
        register(obj)


MSG_METADATA = _(
    "msg_document_registered_immutable",
    default="The document is registered: its metadata cannot be changed.",
)
MSG_FILE = _(
    "msg_document_registered_file",
    default="The document is registered: only a records officer may add a new "
    "version of its file.",
)

MSG_FILE_REASON = _(
    "msg_document_file_change_reason_required",
    default="A reason is required for a new version of a registered document's file.",
)
#: the field holding the reason for a new version of a registered file
REASON = "file_change_reason"

MSG_READONLY = _(
    "msg_document_sha256_read_only",
    default="The checksum is taken by the system at registration.",
)


def check_modified(obj, event):
    """Subscriber: refuse (roll back and raise) forbidden changes of a registered
    document; keep a records officer's new file as a hashed version."""
    annotations = IAnnotations(obj)
    snapshot = annotations.get(SNAPSHOT_KEY)
    if snapshot is None or not is_registered(obj):
        return
    changed_meta = [
        name
        for name in METADATA_FIELDS
        if (_value(obj, name) or None) != (snapshot.get(name) or None)
    ]
    changed_files = {}
    for name in FILE_FIELDS:
        digest = sha256_of(getattr(aq_base(obj), name, None))
        if digest != snapshot.get(name):
            changed_files[name] = digest
    if obj.sha256 != snapshot.get("file"):
        changed_meta.append("sha256")
    if not changed_files and getattr(aq_base(obj), REASON, None):
        setattr(obj, REASON, None)  # no new version: the reason explains nothing
    if not changed_meta and not changed_files:
        return
    if changed_meta:
        _restore(obj, snapshot, changed_meta)
        raise Immutable(changed_meta[0], MSG_METADATA)
    if not is_records_officer(obj):
        for name in changed_files:
            setattr(obj, name, snapshot.get("object:" + name))
        raise Immutable(next(iter(changed_files)), MSG_FILE)
    reason = (getattr(aq_base(obj), REASON, None) or "").strip()
    if not reason:  # a new version of a record is explained, or not made
        for name in changed_files:
            setattr(obj, name, snapshot.get("object:" + name))
        raise Immutable(REASON, MSG_FILE_REASON)
    old_sha256 = snapshot.get("file")
    if "file" in changed_files:
        obj.sha256 = changed_files["file"]
    for name, digest in changed_files.items():
        snapshot[name] = digest
        snapshot["object:" + name] = getattr(aq_base(obj), name, None)
    _record_hash(obj, obj.sha256, f"sha256:{obj.sha256}")
    version = (hash_history(obj) or [{}])[-1].get("version")
    _phase(
        obj,
        "new_version",
        note=reason,
        old_sha256=old_sha256,
        version=version,
        fields=sorted(changed_files),
    )
    setattr(obj, REASON, None)  # a reason belongs to one change


def replaced_files(obj, data):
    """The file fields of a registered ``obj`` that ``data`` (field -> value)
    would replace with other content."""
    snapshot = IAnnotations(obj).get(SNAPSHOT_KEY) or {}
    return [
        name
        for name in FILE_FIELDS
        if data.get(name) is not None and sha256_of(data[name]) != snapshot.get(name)
    ]


def _restore(obj, snapshot, names):
    for name in names:
        if name == "sha256":
            obj.sha256 = snapshot.get("file")
        else:
            value = snapshot.get(name)
            setattr(obj, name, list(value) if isinstance(value, tuple) else value)
