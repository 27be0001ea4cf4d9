"""A disclosure that cannot be logged is refused (906/2019 §17).

The access log (``security.accesslog``) is written before a non-public record
is shown, downloaded, edited or disclosed over the API. When that write fails,
the access is refused instead of served unlogged: ``accesslog.after_traversal``
raises ``AccessLogUnavailable``, which the publisher answers with 503 and a
message in the reader's language (``browser.logfailures.Unavailable``: a page
on the web, a JSON error over REST) and without the record's content or title.

The failure is reported twice:

- in the event log at ERROR, with the record's UID, path and the user (what the
  operator's monitoring watches);
- to the records officers: a failure register in the site (``record``), written
  after the request's transaction was aborted, in a short transaction of its
  own, and shown at the top of the access log page (``browser.logfailures``) to those
  who may read the log (the chief records officer; a sector records manager sees
  their own sector's). They review the access log there, so that is where they
  expect to learn that some uses went unlogged and were refused, and by whom: a
  persistent count with the latest failures survives restarts, and is not a
  passing status message that only the refused user would see.

If even the register cannot be written (the database itself is failing), the
ERROR line in the event log is the report.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from contextlib import contextmanager
from datetime import datetime
from municipality.policy import _
from municipality.policy.base.content import case_of
from municipality.policy.security.localroles import sector_of
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.interface import Interface
from zope.interface import implementer
import logging
import pytz
import secrets
import time
import transaction


logger = logging.getLogger("municipality.policy.security.accesslog")

KEY = "municipality.policy.accesslog.failures"
COUNT_KEY = KEY + ".count"
#: how many failures the register keeps (the count covers all)
KEEP = 200

TITLE = _(
    "title_access_log_unavailable",
    default="The record cannot be shown right now",
)
MESSAGE = _(
    "msg_access_log_unavailable",
    default="Its use could not be written to the access log, so this "
    "non-public record is not shown (Information Management Act 906/2019, "
    "section 17). The failure has been recorded and is shown to the chief "
    "records officer on the access log page. Try again in a moment.",
)


class IAccessLogUnavailable(Interface):
    """The access log could not be written: the access is refused."""


@implementer(IAccessLogUnavailable)
class AccessLogUnavailable(Exception):
    """Raised instead of serving a non-public record whose use cannot be logged.

    ``details``: the failure (``date``, ``user``, ``uid``, ``path``,
    ``diary_number``, ``sector``, ``action``, ``channel``, ``error``)."""

    def __init__(self, details):
        super().__init__(f"access log unavailable for {details.get('uid')}")
        self.details = details


def report(record, action, channel, user, error):
    """Log the failure at ERROR and return the exception to raise."""
    case = case_of(record)
    sector = sector_of(record)
    details = {
        "date": datetime.now(pytz.utc).isoformat(),
        "user": user or "Anonymous",
        "uid": record.UID(),
        "path": "/".join(record.getPhysicalPath()),
        "diary_number": getattr(case, "diary_number", None) if case else None,
        "sector": sector.getId() if sector is not None else None,
        "action": action,
        "channel": channel,
        "error": f"{type(error).__name__}: {error}"[:300],
    }
    logger.error(
        "access log: could not log %s of %s (%s) by %s; access refused",
        action,
        details["uid"],
        details["path"],
        details["user"],
        exc_info=error,
    )
    return AccessLogUnavailable(details)


def _stores(portal, create=True):
    annotations = IAnnotations(portal)
    store, count = annotations.get(KEY), annotations.get(COUNT_KEY)
    if (store is None or count is None) and create:
        store = annotations[KEY] = OOBTree()
        count = annotations[COUNT_KEY] = Length()
    return store, count


@contextmanager
def separate_transaction(portal):
    """The site in a connection and transaction of its own, committed at the
    end (aborted on an error).

    For writes after the publisher aborted the request's transaction
    (``IPubFailure``): a commit on the request's connection would run its
    cache's garbage collection, and the publisher still reads the site's
    component registry from that connection after closing it (at the end of
    the request): a ghosted registry there is a 500."""
    manager = transaction.TransactionManager()
    connection = portal._p_jar.db().open(transaction_manager=manager)
    try:
        manager.begin()
        app = connection.root()["Application"]
        yield app.unrestrictedTraverse(portal.getPhysicalPath())
        manager.commit()
    except BaseException:
        manager.abort()
        raise
    finally:
        connection.close()


def record(details, portal=None):
    """Add a failure to the register, in a transaction of its own (the
    request's was aborted). Never raises: the ERROR line is then the report."""
    try:
        with separate_transaction(portal or api.portal.get()) as site:
            store, count = _stores(site)
            store[f"{time.time_ns():020d}-{secrets.token_hex(4)}"] = dict(details)
            count.change(1)
            while len(store) > KEEP:
                del store[store.minKey()]
    except Exception:  # noqa: BLE001
        logger.exception(
            "access log: could not record the failure for %s by %s either",
            details.get("uid"),
            details.get("user"),
        )


def failures(sectors=None, portal=None):
    """``(count, latest)``: how many failures were recorded and the latest
    kept ones, newest first; with ``sectors``, only those sectors' (the count
    then counts the kept ones)."""
    store, count = _stores(portal or api.portal.get(), create=False)
    if store is None:
        return 0, []
    latest = [dict(entry) for entry in reversed(store.values())]
    if sectors is None:
        return count(), latest
    mine = [entry for entry in latest if entry.get("sector") in sectors]
    return len(mine), mine
