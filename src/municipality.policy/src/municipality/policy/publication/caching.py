"""HTTP caching of the public web: purge paths, ETag components, ``purge(obj)``.

Caching itself is plone.app.caching's (profile ``plone.app.caching:default``,
our settings in ``profiles/default/registry/caching.xml``, our views' rule sets
in ``caching.zcml``). This module adds:

- ``PublicPurgePaths``: the public URLs of our records beyond the object's own
  (a meeting's agenda and minutes documents and PDFs, the body page that
  lists it, a notice's board and its feed, the front page, a case's public
  diary entry), an ``IPurgePaths``
  adapter, so Plone's own purge on change and ``purge(obj)`` both send them;
- ``Modified``: the ETag component ``municipality.modified``, the last write
  of the page's object or of its annotations (a log entry reindexes nothing);
- ``Day``: the ETag component ``municipality.day`` (today in Helsinki), so a
  page that shows what is on display today is revalidated on a new day even
  when nothing was reindexed; ``Settings``: ``municipality.settings``, a
  count of changed registry values (site name, logo, colours);
- ``purge(obj)``: PURGE the object's public URLs at every configured caching
  proxy after the transaction commits (the clock job calls it after a scrub
  or a withdrawal; it runs outside any publisher request, where Plone's own
  queue would never be sent). A no-op when purging is off or no proxy is set.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from municipality.policy.base import dates
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import IBody
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import IMeeting
from municipality.policy.interfaces import INotice
from municipality.policy.interfaces import INoticeBoard
from municipality.policy.interfaces import IOfficeHolderDecision
from municipality.policy.interfaces import IRegistry as IDiary
from municipality.policy.meetings import lookup
from plone.app.caching.interfaces import IETagValue
from plone.app.caching.operations.utils import getContext
from plone.cachepurging.interfaces import ICachePurgingSettings
from plone.cachepurging.interfaces import IPurger
from plone.cachepurging.utils import getPathsToPurge
from plone.cachepurging.utils import getURLsToPurge
from plone.registry.interfaces import IRecordModifiedEvent
from plone.registry.interfaces import IRegistry
from urllib.parse import quote
from z3c.caching.interfaces import IPurgePaths
from zope.component import adapter
from zope.component import getAdapters
from zope.component import queryUtility
from zope.component.hooks import getSite
from zope.globalrequest import getRequest
from zope.interface import Interface
from zope.interface import implementer
import logging
import transaction


logger = logging.getLogger("municipality.policy.publication.caching")

#: public views of a meeting (the default view is its public agenda)
MEETING_VIEWS = ("minutes", "minutes.pdf", "agenda-document", "agenda.pdf")
#: public views of the notice board and of a notice
BOARD_VIEWS = ("feed",)
NOTICE_VIEWS = ("notice-document",)
#: the name of the ETag component of today's date
DAY = "municipality.day"


def _path(obj):
    """``/site/.../obj`` as the visitor's URL path (virtual hosting aware)."""
    try:
        return "/" + obj.virtual_url_path()
    except AttributeError:  # no request (a script): the physical path
        return "/".join(obj.getPhysicalPath())


def _page(obj, views=()):
    """The paths of ``obj``'s page (with and without ``/`` and ``/view``) and
    of its named views (``@@name`` and ``name``)."""
    prefix = _path(obj)
    paths = [prefix, prefix + "/", prefix + "/view"]
    for view in views:
        paths += [f"{prefix}/@@{view}", f"{prefix}/{view}"]
    return paths


def public_paths(obj):
    """The public URL paths that show ``obj`` (a meeting, body, agenda item,
    office-holder decision, notice board, notice or case), the front page
    included."""
    paths = []
    site = getSite()
    if site is not None:
        paths += _page(site)
    if IMeeting.providedBy(obj):
        paths += _page(obj, MEETING_VIEWS)
        body = lookup.body_of(obj)
        if body is not None:
            paths += _page(body)
    elif IBody.providedBy(obj):
        paths += _page(obj)
    elif IAgendaItem.providedBy(obj):
        paths += _page(obj)
        meeting = lookup.meeting_of(obj)
        if meeting is not None:
            paths += public_paths(meeting)
    elif IOfficeHolderDecision.providedBy(obj):
        paths += _page(obj)
        creator = aq_parent(aq_inner(obj))
        while creator is not None and not IArchiveCreator.providedBy(creator):
            creator = aq_parent(aq_inner(creator))
        if creator is not None:
            paths.append(_path(creator) + "/@@office-holder-decisions")
    elif INoticeBoard.providedBy(obj):
        paths += _page(obj, BOARD_VIEWS)
    elif INotice.providedBy(obj):
        paths += _page(obj, NOTICE_VIEWS)
        board = aq_parent(aq_inner(obj))
        if INoticeBoard.providedBy(board):
            paths += _page(board, BOARD_VIEWS)
    elif ICase.providedBy(obj):
        diary = aq_parent(aq_inner(obj))
        number = getattr(obj, "diary_number", None)
        if IDiary.providedBy(diary) and number:
            prefix = _path(diary)
            query = quote(number, safe="")
            paths += [
                f"{prefix}/@@diary-entry?number={query}",
                f"{prefix}/diary-entry?number={query}",
                f"{prefix}/@@diary",
            ]
    return list(dict.fromkeys(paths))


@implementer(IPurgePaths)
class PublicPurgePaths:
    """Paths to purge for our public records (registered per marker in
    ``caching.zcml``, beside plone.app.caching's ``plone.content``)."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        return public_paths(self.context)

    def getAbsolutePaths(self):
        return []


@implementer(IETagValue)
@adapter(Interface, Interface)
class Day:
    """ETag component ``municipality.day``: today's date in Helsinki."""

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        return dates.today().isoformat()


@implementer(IETagValue)
@adapter(Interface, Interface)
class Modified:
    """ETag component ``municipality.modified``: when the page's object or
    anything stored in its annotations (a case's handling-phase log, ...) was
    last written, to the ZODB's precision. plone.app.caching's
    ``lastModified`` gives nothing for a browser view, and a log entry
    reindexes nothing, so without this the page would stay valid."""

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        context = aq_base(getContext(self.published))
        if context is None:
            return None
        times = [getattr(context, "_p_mtime", None) or 0]
        annotations = getattr(context, "__annotations__", None)
        if annotations is not None:
            times.append(getattr(annotations, "_p_mtime", None) or 0)
            for value in annotations.values():
                if hasattr(value, "_p_activate"):
                    value._p_activate()  # a ghost has no modification time
                times.append(getattr(value, "_p_mtime", None) or 0)
        return repr(max(times))


#: the attribute of the registry counting changes of settings
SETTINGS_CHANGES = "_kp_settings_changes"


@adapter(IRecordModifiedEvent)
def settings_changed(event):
    """Count a changed registry value (site name, logo, colours, ...): the
    ETag component ``municipality.settings`` changes with it."""
    if event.oldValue == event.newValue:
        return
    registry = queryUtility(IRegistry)
    if registry is not None:
        setattr(registry, SETTINGS_CHANGES, getattr(registry, SETTINGS_CHANGES, 0) + 1)


@implementer(IETagValue)
@adapter(Interface, Interface)
class Settings:
    """ETag component ``municipality.settings``: how many times the site's
    settings (the registry) have changed, so a page shows a new site name,
    logo or colour at once even when nothing was reindexed."""

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        registry = queryUtility(IRegistry)
        return str(getattr(registry, SETTINGS_CHANGES, 0))


def settings():
    """The purge settings (``ICachePurgingSettings``), or None without a registry."""
    registry = queryUtility(IRegistry)
    if registry is None:
        return None
    return registry.forInterface(ICachePurgingSettings, check=False)


def enabled():
    """True when purging is switched on and at least one proxy is configured."""
    current = settings()
    return bool(current is not None and current.enabled and current.cachingProxies)


def paths_to_purge(obj):
    """Every path plone.cachepurging would purge for ``obj`` (all
    ``IPurgePaths`` adapters: Plone's, plone.restapi's and ours), sorted."""
    request = getRequest()
    if request is not None:
        return sorted(set(getPathsToPurge(obj, request)))
    paths = set()
    for _name, provider in getAdapters((obj,), IPurgePaths):
        paths.update(provider.getRelativePaths() or ())
        paths.update(provider.getAbsolutePaths() or ())
    return sorted(paths)


def purge(obj):
    """Purge ``obj``'s public URLs from the caching proxies once the current
    transaction commits (nothing is sent if it aborts). Returns the URLs
    queued; ``[]`` (and nothing done) when purging is off or has no proxy."""
    if not enabled():
        return []
    urls = []
    for path in paths_to_purge(obj):
        urls.extend(getURLsToPurge(path, settings().cachingProxies))
    txn = transaction.get()
    for hook, args, _kws in txn.getAfterCommitHooks():
        if hook is _send:  # one hook per transaction
            args[0].update(urls)
            return urls
    txn.addAfterCommitHook(_send, args=(set(urls),))
    return urls


def _send(committed, urls):
    """After commit: one PURGE per URL, synchronously (the clock job exits
    right after; a request's worker thread may be gone)."""
    if not committed:
        return
    purger = queryUtility(IPurger)
    if purger is None:
        return
    for url in sorted(urls):
        status, _xcache, xerror = purger.purgeSync(url)
        if status == "ERROR" or xerror:
            logger.warning("PURGE %s failed: %s", url, xerror or status)
