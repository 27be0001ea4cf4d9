"""The access log (lokitieto, Information Management Act 906/2019 §17).

Append-only record of every view, download, edit, export and REST
disclosure of a non-public record (a Case or CaseDocument whose
``publicity_class`` is not ``public``): who, when, what, action, outcome
(``allowed`` / ``refused``) and request source.

Storage: in an annotation of the site, ``SHARDS`` ``OOBTree`` shards (all
created together on first use), each keyed by ``<nanoseconds since epoch,
20 digits>-<random hex>``: unique, time-ordered keys. An append goes to a
random shard. Measured: BTree conflict resolution does not merge two
inserts at the end of the same bucket (which time-ordered keys always are),
so concurrent appends are spread over shards; two requests hitting the same
shard at once get a ``ConflictError`` and the publisher retries the request,
as for any ZODB write (FileStorage and RelStorage alike). Values are plain
dicts (no persistent sub-objects). The module offers no
update or delete, there is no UI or REST for either, and the annotation is
not publishable (``__annotations__`` is private to Zope's publisher).

Writes during GET are registered as safe for plone.protect: only the
objects this append changed are marked (``_mark_safe``), never the request.
Refused accesses are written after the publisher aborted the request's
transaction, in a short transaction of their own.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from datetime import datetime
from municipality.policy.security import chain
from municipality.policy.security.localroles import sector_of
from plone import api
from zope.annotation.interfaces import IAnnotations
import csv
import heapq
import io
import logging
import pytz
import secrets
import time


logger = logging.getLogger(__name__)

KEY = "municipality.policy.accesslog"
RECORD_TYPES = ("Case", "CaseDocument")
ACTIONS = ("view", "download", "edit", "export", "rest_disclosure")
OUTCOMES = ("allowed", "refused")
FIELDS = (
    "date",
    "user",
    "action",
    "outcome",
    "portal_type",
    "uid",
    "path",
    "diary_number",
    "sector",
    "channel",
    "method",
    "url",
    "source_ip",
    "user_agent",
)


SHARDS = 64


def _tree(portal, create=True):
    """The shard map (``OOBTree`` shard number -> ``OOBTree`` of entries)."""
    annotations = IAnnotations(portal)
    tree = annotations.get(KEY)
    if tree is None and create:
        tree = OOBTree()
        for shard in range(SHARDS):
            tree[shard] = OOBTree()
        annotations[KEY] = tree
    return tree


def _shard(portal, shard=None):
    tree = _tree(portal)
    return tree[secrets.randbelow(SHARDS) if shard is None else shard]


def _registered(portal):
    jar = getattr(portal, "_p_jar", None)
    return list(getattr(jar, "_registered_objects", ()) or ())


def _mark_safe(before, portal, request):
    """Tell plone.protect that the objects this append changed are safe."""
    if request is None:
        return
    from plone.protect.utils import safeWrite

    seen = {id(obj) for obj in before}
    for obj in _registered(portal):
        if id(obj) not in seen:
            safeWrite(obj, request)


def is_non_public(obj):
    """Access to it is logged (``chain.fully_public``)."""
    return not chain.fully_public(obj)


def make_key(now_ns=None):
    return f"{now_ns or time.time_ns():020d}-{secrets.token_hex(4)}"


def append(record, action, outcome="allowed", request=None, user=None, shard=None):
    """Append one entry about ``record``; returns the stored entry."""
    if action not in ACTIONS or outcome not in OUTCOMES:
        raise ValueError((action, outcome))
    portal = api.portal.get()
    if request is None:
        request = getattr(portal, "REQUEST", None)
    if user is None:
        user = None if api.user.is_anonymous() else api.user.get_current().getId()
    case = record if record.portal_type == "Case" else record.aq_parent
    sector = sector_of(record)
    environ = getattr(request, "environ", {}) or {}
    entry = {
        "date": datetime.now(pytz.utc).isoformat(),
        "user": user or "Anonymous",
        "action": action,
        "outcome": outcome,
        "portal_type": record.portal_type,
        "uid": record.UID(),
        "case_uid": case.UID()
        if getattr(case, "portal_type", None) == "Case"
        else None,
        "path": "/".join(record.getPhysicalPath()),
        "diary_number": getattr(aq_base(case), "diary_number", None),
        "sector": sector.getId() if sector is not None else None,
        "channel": "rest" if _is_api(request) else "web",
        "method": getattr(request, "method", None) or environ.get("REQUEST_METHOD"),
        "url": request.get("ACTUAL_URL", "") if request is not None else "",
        "source_ip": (
            request.getClientAddr()
            if hasattr(request, "getClientAddr")
            else environ.get("REMOTE_ADDR")
        )
        or "",
        "user_agent": environ.get("HTTP_USER_AGENT", ""),
    }
    before = _registered(portal)
    _shard(portal, shard)[make_key()] = entry
    _mark_safe(before, portal, request)
    return dict(entry)


def _is_api(request):
    from plone.rest.interfaces import IAPIRequest

    return request is not None and IAPIRequest.providedBy(request)


def _matches(entry, user, case, sectors):
    if user and entry["user"] != user:
        return False
    if case and case not in (
        entry.get("case_uid"),
        entry.get("uid"),
        entry.get("diary_number"),
    ):
        return False
    if sectors is not None and entry.get("sector") not in sectors:
        return False
    return True


def search(user=None, case=None, start=None, end=None, sectors=None, portal=None):
    """Entries (copies, oldest first) filtered by user id, case (UID or diary
    number), datetime range and, when given, a set of sector ids."""
    portal = portal or api.portal.get()
    tree = _tree(portal, create=False)
    if tree is None:
        return []
    low = f"{int(start.timestamp() * 1e9):020d}" if start else None
    high = f"{int(end.timestamp() * 1e9):020d}-~" if end else None
    streams = [shard.items(min=low, max=high) for shard in tree.values()]
    return [
        dict(entry)
        for _key, entry in heapq.merge(*streams, key=lambda i: i[0])
        if _matches(entry, user, case, sectors)
    ]


def count(portal=None):
    tree = _tree(portal or api.portal.get(), create=False)
    return sum(len(shard) for shard in tree.values()) if tree is not None else 0


def to_csv(entries):
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for entry in entries:
        writer.writerow(entry)
    return out.getvalue()


# ------------------------------------------------------------ publisher hooks
DOWNLOAD_NAMES = (
    "download",
    "@@download",
    "images",
    "@@images",
    "display-file",
    "@@display-file",
)
EDIT_NAMES = (
    "edit",
    "@@edit",
    "content_status_modify",
    "delegate-roles",
    "@@delegate-roles",
    "add-phase",
    "@@add-phase",
)


def find_record(objects):
    """The deepest Case / CaseDocument among ``objects`` (and their contexts)."""
    best = None
    for obj in objects:
        obj = getattr(obj, "context", obj)
        if getattr(aq_base(obj), "portal_type", None) in RECORD_TYPES:
            if best is None or len(obj.getPhysicalPath()) > len(best.getPhysicalPath()):
                best = obj
    return best


def classify(request):
    steps = [str(step) for step in (getattr(request, "steps", None) or ())]
    names = set(steps[-3:])
    method = (request.get("REQUEST_METHOD") or "GET").upper()
    if any("export" in name or name.endswith(".csv") for name in names):
        return "export"
    if names & set(DOWNLOAD_NAMES) or any(n.startswith("@@download") for n in names):
        return "download"
    if method in ("POST", "PUT", "PATCH", "DELETE") or names & set(EDIT_NAMES):
        return "edit"
    if _is_api(request):
        return "rest_disclosure"
    return "view"


def _candidates(request):
    published = request.get("PUBLISHED")
    objects = [published] if published is not None else []
    objects += list(request.get("PARENTS") or ())
    return [obj for obj in objects if obj is not None]


def after_traversal(event):
    """Log an allowed access to a non-public record."""
    request = event.request
    try:
        record = find_record(_candidates(request))
        if record is None or not is_non_public(record):
            return
        append(record, classify(request), "allowed", request=request)
    except Exception:  # noqa: BLE001  (logging must never break a page)
        logger.exception("access log: could not log an access")


def _request_user(request):
    """The user the request authenticates as, even when it was refused."""
    if not api.user.is_anonymous():
        return api.user.get_current().getId()
    try:
        acl_users = api.portal.get().acl_users
        found = acl_users._extractUserIds(request, acl_users.plugins)
        return found[0][0] if found else None
    except Exception:  # noqa: BLE001
        return None


def failure(event):
    """Log a refused access (Unauthorized / Forbidden) to a non-public record."""
    from zExceptions import Forbidden
    from zExceptions import Unauthorized

    if event.retry or not issubclass(event.exc_info[0], (Unauthorized, Forbidden)):
        return
    request = event.request
    import transaction

    try:
        record = find_record(_candidates(request))
        if record is None or not is_non_public(record):
            return
        transaction.begin()
        append(
            record,
            classify(request),
            "refused",
            request=request,
            user=_request_user(request),
        )
        transaction.commit()
    except Exception:  # noqa: BLE001
        transaction.abort()
        logger.exception("access log: could not log a refused access")
