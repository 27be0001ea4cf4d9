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
dicts (no persistent sub-objects).

Reading: each shard has its own index beside it (``INDEXES``: user, record,
action, outcome, channel, sector -> ``OOTreeSet`` of keys, plus every key, and
a ``Length``), written in the same transaction as the entry and touching only
that shard's objects. Index keys sort newest first (``newest_first``), so
``query`` merges the shards' sets forwards and a page loads only the entries it
shows; a count is the sum of the ``Length``s or of the matching sets. The module offers no
update or delete, there is no UI or REST for either, and the annotation is
not publishable (``__annotations__`` is private to Zope's publisher).

Writes during GET are registered as safe for plone.protect: only the
objects this append changed are marked (``_mark_safe``), never the request.
Refused accesses are written after the publisher aborted the request's
transaction, in a short transaction of their own, on a connection of their
own (``logfailures.separate_transaction``).

A use that cannot be written to the log is refused, not served unlogged, and
the failure is reported (``after_traversal``, ``security.logfailures``).
"""

from Acquisition import aq_base
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from BTrees.OOBTree import intersection
from BTrees.OOBTree import union
from datetime import datetime
from municipality.policy.base.content import case_of
from municipality.policy.interfaces import IRecord
from municipality.policy.security import chain
from municipality.policy.security import logfailures
from municipality.policy.security.localroles import sector_of
from plone import api
from transaction.interfaces import TransientError
from zope.annotation.interfaces import IAnnotations
import heapq
import logging
import pytz
import secrets
import time


logger = logging.getLogger(__name__)

KEY = "municipality.policy.accesslog"
#: the records whose access is logged
RECORD_MARKERS = (IRecord,)  # cases, documents, agenda items, decisions
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


def append(
    record, action, outcome="allowed", request=None, user=None, shard=None, portal=None
):
    """Append one entry about ``record``; returns the stored entry. ``portal``:
    the site to write to (default: the current one; ``failure`` passes the site
    of a connection of its own)."""
    if action not in ACTIONS or outcome not in OUTCOMES:
        raise ValueError((action, outcome))
    portal = portal if portal is not None else api.portal.get()
    if request is None:
        request = getattr(portal, "REQUEST", None)
    if user is None:
        user = None if api.user.is_anonymous() else api.user.get_current().getId()
    case = case_of(record)
    sector = sector_of(record)
    environ = getattr(request, "environ", {}) or {}
    entry = {
        "date": datetime.now(pytz.utc).isoformat(),
        "user": user or "Anonymous",
        "action": action,
        "outcome": outcome,
        "portal_type": record.portal_type,
        "uid": record.UID(),
        "case_uid": case.UID() if case is not None else None,
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
    _put(
        portal, secrets.randbelow(SHARDS) if shard is None else shard, make_key(), entry
    )
    _mark_safe(before, portal, request)
    return dict(entry)


def _is_api(request):
    from plone.rest.interfaces import IAPIRequest

    return request is not None and IAPIRequest.providedBy(request)


# ------------------------------------------------------------ storage and query
#: Index name -> the entry fields it holds (one index per shard, beside the
#: entries: ``INDEX_KEY`` shard -> index name -> value -> ``OOTreeSet`` of
#: "newest first" keys). ``record`` answers a case or document by UID or
#: diary number. The per-shard ``ALL`` set holds every key, so a page of the
#: unfiltered log reads keys only, never a bucket of entries it does not show.
INDEXES = {
    "user": ("user",),
    "record": ("uid", "case_uid", "diary_number"),
    "action": ("action",),
    "outcome": ("outcome",),
    "channel": ("channel",),
    "sector": ("sector",),
}
#: Most selective first: the intersection starts from the smallest set.
QUERY_ORDER = ("record", "user", "outcome", "action", "channel", "sector")
INDEX_KEY = KEY + ".index"
COUNT_KEY = KEY + ".count"
ALL = "*"
_NS_MAX = 10**20 - 1


def newest_first(key):
    """The index key of an entry key: ascending order is newest first
    (BTrees iterate forwards cheaply; reverse iteration re-walks the buckets)."""
    ns, _sep, rest = key.partition("-")
    return f"{_NS_MAX - int(ns):020d}-{rest}"


_entry_key = newest_first  # the mapping is its own inverse


def _indexes(portal, create=True):
    """``(index, counts)``: shard -> index name -> value -> key set, and
    shard -> ``Length``; ``(None, None)`` on a site whose log has no index
    yet (upgrade 1006 builds it)."""
    annotations = IAnnotations(portal)
    index, counts = annotations.get(INDEX_KEY), annotations.get(COUNT_KEY)
    if (index is None or counts is None) and create:
        index, counts = OOBTree(), OOBTree()
        for shard in range(SHARDS):
            index[shard] = OOBTree({name: OOBTree() for name in (*INDEXES, ALL)})
            counts[shard] = Length()
        annotations[INDEX_KEY], annotations[COUNT_KEY] = index, counts
        for shard, entries in (_tree(portal, create=False) or {}).items():
            for key, entry in entries.items():
                _index_entry(index[shard], counts[shard], key, entry)
    return index, counts


def _values(entry, name):
    return {str(entry[f]) for f in INDEXES[name] if entry.get(f) is not None}


def _index_entry(shard_index, length, key, entry):
    ikey = newest_first(key)
    shard_index[ALL].setdefault("", OOTreeSet()).insert(ikey)
    for name in INDEXES:
        for value in _values(entry, name):
            shard_index[name].setdefault(value, OOTreeSet()).insert(ikey)
    length.change(1)


def _put(portal, shard, key, entry):
    """Store ``entry`` under ``key`` in ``shard`` and index it."""
    tree = _tree(portal)
    index, counts = _indexes(portal)  # built from the entries before this one
    tree[shard][key] = entry
    _index_entry(index[shard], counts[shard], key, entry)


def build_index(portal):
    """Index every stored entry (once; upgrade 1006). Returns the count."""
    _indexes(portal)
    return count(portal)


def _tagged(keys, shard):
    for ikey in keys:
        yield ikey, shard


class Results:
    """Entries matching a query, newest first, read lazily: ``len()`` and
    slices, so ``plone.batching`` loads only the entries of the page shown.

    ``streams``: per shard, an ascending sequence of "newest first" keys."""

    def __init__(self, portal, streams, total):
        self._entries = _tree(portal, create=False) if total else None
        self._total = total
        self._merged = heapq.merge(*(_tagged(keys, shard) for shard, keys in streams))
        self._seen = []

    def __len__(self):
        return self._total

    def _upto(self, stop):
        while len(self._seen) < stop:
            step = next(self._merged, None)
            if step is None:
                break
            self._seen.append(step)

    def _load(self, step):
        ikey, shard = step
        return dict(self._entries[shard][_entry_key(ikey)])

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, stride = index.indices(self._total)
            self._upto(stop)
            return [self._load(s) for s in self._seen[start:stop:stride]]
        if index < 0:
            index += self._total
        self._upto(index + 1)
        if not 0 <= index < len(self._seen):
            raise IndexError(index)
        return self._load(self._seen[index])

    def __iter__(self):
        for index in range(self._total):
            yield self[index]


def _bounds(start, end):
    """Index-key bounds (newest first) of a datetime range."""
    low = high = None
    if end is not None:
        low = f"{_NS_MAX - int(end.timestamp() * 1e9):020d}"
    if start is not None:
        high = f"{_NS_MAX - int(start.timestamp() * 1e9):020d}-~"
    return low, high


def query(
    user=None,
    case=None,
    action=None,
    outcome=None,
    channel=None,
    start=None,
    end=None,
    sectors=None,
    portal=None,
):
    """The matching entries, newest first, as a lazy ``Results``.

    Filters are exact: user id, record (``case``: a case's or document's UID
    or a diary number), action, outcome, channel, a datetime range and, when
    given, a set of sector ids. Answered from the per-shard indexes: a page
    reads the index sets of the filters and the entries it shows."""
    portal = portal or api.portal.get()
    tree = _tree(portal, create=False)
    if tree is None:
        return Results(portal, [], 0)
    index, counts = _indexes(portal, create=False)
    if index is None:  # not upgraded yet: scan
        return _scan(
            portal, tree, user, case, action, outcome, channel, start, end, sectors
        )
    wanted = {
        "user": user,
        "record": case,
        "action": action,
        "outcome": outcome,
        "channel": channel,
    }
    filters = [(name, wanted[name]) for name in QUERY_ORDER if wanted.get(name)]
    low, high = _bounds(start, end)
    streams, total = [], 0
    for shard in range(SHARDS):
        shard_index = index[shard]
        sets = [shard_index[name].get(value) for name, value in filters]
        if sectors is not None:
            sets.append(multiunion_sets(shard_index["sector"].get(s) for s in sectors))
        if any(found is None for found in sets):
            continue
        if not sets:
            keys = shard_index[ALL].get("")
            if keys is None:
                continue
            if low is None and high is None:
                total += counts[shard]()
                streams.append((shard, keys))
                continue
        else:
            keys = sets[0]
            for other in sets[1:]:
                keys = intersection(keys, other)
                if not keys:
                    break
        keys = keys.keys(min=low, max=high)
        size = len(keys)
        if size:
            total += size
            streams.append((shard, keys))
    return Results(portal, streams, total)


def multiunion_sets(sets):
    """The union of key sets (``None`` when all are missing)."""
    result = None
    for found in sets:
        if found is not None:
            result = found if result is None else union(result, found)
    return result


def _matches(entry, user, case, action, outcome, channel, sectors):
    if user and entry.get("user") != user:
        return False
    if case and case not in (
        entry.get("case_uid"),
        entry.get("uid"),
        entry.get("diary_number"),
    ):
        return False
    for name, value in (("action", action), ("outcome", outcome), ("channel", channel)):
        if value and entry.get(name) != value:
            return False
    if sectors is not None and entry.get("sector") not in sectors:
        return False
    return True


def _scan(portal, tree, user, case, action, outcome, channel, start, end, sectors):
    """Without an index (a site before upgrade 1006): filter every entry."""
    low = f"{int(start.timestamp() * 1e9):020d}" if start else None
    high = f"{int(end.timestamp() * 1e9):020d}-~" if end else None
    streams = {}
    for shard, entries in tree.items():
        keys = [
            newest_first(key)
            for key, entry in entries.items(min=low, max=high)
            if _matches(entry, user, case, action, outcome, channel, sectors)
        ]
        if keys:
            streams[shard] = sorted(keys)
    return Results(portal, list(streams.items()), sum(len(k) for k in streams.values()))


def search(
    user=None, case=None, start=None, end=None, sectors=None, portal=None, **filters
):
    """Entries (copies, oldest first) filtered as ``query`` does."""
    found = query(
        user=user,
        case=case,
        start=start,
        end=end,
        sectors=sectors,
        portal=portal,
        **filters,
    )
    return list(reversed(list(found)))


def count(portal=None):
    """How many entries the log holds."""
    portal = portal or api.portal.get()
    tree = _tree(portal, create=False)
    if tree is None:
        return 0
    _index, counts = _indexes(portal, create=False)
    if counts is not None:
        return sum(length() for length in counts.values())
    return sum(len(shard) for shard in tree.values())


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
        if any(marker.providedBy(obj) for marker in RECORD_MARKERS):
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
    """Log an allowed access to a non-public record, or refuse the access.

    A use of a non-public record that cannot be logged is not served (906/2019
    §17): the failure is logged at ERROR and ``AccessLogUnavailable`` answers
    503 (``security.logfailures``). A database conflict is re-raised as it is,
    so the publisher retries the request."""
    request = event.request
    record = find_record(_candidates(request))
    if record is not None:
        log_use(record, classify(request), request)


def log_use(record, action, request=None):
    """Log one allowed use of ``record`` when it is not public; a failure to
    write refuses the use (503, ``logfailures.report``); a conflict is
    re-raised for the publisher's retry."""
    if not is_non_public(record):
        return None
    try:
        return append(record, action, "allowed", request=request)
    except TransientError:
        raise
    except Exception as error:  # noqa: BLE001  (every failure refuses the access)
        user = None if api.user.is_anonymous() else api.user.get_current().getId()
        channel = "rest" if _is_api(request) else "web"
        raise logfailures.report(record, action, channel, user, error) from error


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

    if event.retry:
        return
    if issubclass(event.exc_info[0], logfailures.AccessLogUnavailable):
        logfailures.record(event.exc_info[1].details)
        return
    if not issubclass(event.exc_info[0], (Unauthorized, Forbidden)):
        return
    request = event.request
    record = None
    try:
        record = find_record(_candidates(request))
        if record is None or not is_non_public(record):
            return
        user = _request_user(request)
        with logfailures.separate_transaction(api.portal.get()) as site:
            append(
                record,
                classify(request),
                "refused",
                request=request,
                user=user,
                portal=site,
            )
    except Exception as error:  # noqa: BLE001
        if record is None:
            logger.exception("access log: could not log a refused access")
            return
        # nothing was disclosed, but the log missed an access: report it
        channel = "rest" if _is_api(request) else "web"
        unlogged = logfailures.report(
            record, classify(request), channel, _request_user(request), error
        )
        logfailures.record(unlogged.details)
