"""The officers' tools where officers look: the "Tiedonhallinta" menu entry
(``portal_actions/user/records-tools``, shown only to those who may use a
tool somewhere), its page ``@@tiedonhallinta`` (the tools by place) and the
links on the archive creator's and sub-archive creators' pages.

A tool is shown on a place only when the user holds its permission there
(the roles of the chain are local: a records officer holds theirs on the
sector only)."""

from AccessControl import getSecurityManager
from municipality.policy import _
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ISubArchiveCreator
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized
from zope.i18n import translate


#: (view name, permission, title)
TOOLS = (
    (
        "vastuut",
        "municipality.policy: View responsibilities",
        _("label_responsibilities", default="Responsibilities"),
    ),
    (
        "access-log",
        "municipality.policy: View access log",
        _("label_access_log", default="Access log"),
    ),
    (
        "delegate-roles",
        "municipality.policy: Delegate roles",
        _("label_delegate_roles", default="Roles and delegation"),
    ),
    (
        "publication-log",
        "municipality.policy: View publication log",
        _("label_publication_log", default="Publication log"),
    ),
    # archive.retention: on an archive creator and on a sector (its cases)
    (
        "retention",
        "municipality.policy: Change retention period",
        _("label_retention_view", default="Retention periods"),
    ),
    # archive.disposal: the archive creator's disposal lists
    (
        "disposal-lists",
        "municipality.policy: Add DisposalList",
        _("heading_disposal_lists", default="Disposal lists"),
    ),
    # archive.sahke2: transfer packages of the archive creator's cases
    (
        "archival-transfer",
        "municipality.policy: Transfer to archive",
        _("label_sahke2_transfer", default="Transfer to the archive"),
    ),
)
#: tools offered only on some kinds of place (their view is registered only
#: there): the publication log (publication/notices.zcml) is an archive
#: creator's, not a sector's
ONLY_ON = {
    "publication-log": IArchiveCreator,
    "disposal-lists": IArchiveCreator,
    "archival-transfer": IArchiveCreator,
}
PLACE_MARKERS = (IArchiveCreator, ISubArchiveCreator)


def offered(name, place):
    """Is the tool ``name`` offered on ``place`` (whoever asks)?"""
    marker = ONLY_ON.get(name)
    return marker is None or marker.providedBy(place)


CACHE = "municipality.policy.records_tools"


def tools_on(place, request):
    """The tools the current user may use on ``place``: dicts of ``name``,
    ``title`` and ``url``."""
    if api.user.is_anonymous():
        return []
    security = getSecurityManager()
    return [
        {
            "name": name,
            "title": translate(title, context=request),
            "url": f"{place.absolute_url()}/@@{name}",
        }
        for name, permission, title in TOOLS
        if offered(name, place) and security.checkPermission(permission, place)
    ]


def places():
    """The archive creators and sub-archive creators, in path order."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        object_provides=[marker.__identifier__ for marker in PLACE_MARKERS]
    )
    return [
        brain._unrestrictedGetObject()
        for brain in sorted(brains, key=lambda brain: brain.getPath())
    ]


def sections(request):
    """``[{"title", "url", "tools"}]``: each place where the user has a tool
    (computed once per request: the menu asks on every page)."""
    cached = request.other.get(CACHE)
    if cached is None:
        cached = []
        if not api.user.is_anonymous():
            for place in places():
                tools = tools_on(place, request)
                if tools:
                    cached.append(
                        {
                            "title": place.Title(),
                            "url": place.absolute_url(),
                            "sector": ISubArchiveCreator.providedBy(place),
                            "tools": tools,
                        }
                    )
        request.other[CACHE] = cached
    return cached


class RecordsToolsView(BrowserView):
    """``@@tiedonhallinta``: the tools by place; ``available`` for the menu."""

    def available(self):
        """True when the user may use a tool somewhere (asked on every page:
        stops at the first place with one)."""
        cached = self.request.other.get(CACHE)
        if cached is not None:
            return bool(cached)
        if api.user.is_anonymous():
            return False
        security = getSecurityManager()
        return any(
            offered(name, place) and security.checkPermission(permission, place)
            for place in places()
            for name, permission, _title in TOOLS
        )

    def sections(self):
        return sections(self.request)

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("records tools")
        return self.index()


class RecordsToolsViewlet(ViewletBase):
    """Links to the tools on an archive creator's or sub-archive creator's page."""

    index = ViewPageTemplateFile("tools_viewlet.pt")

    def update(self):
        super().update()
        self.tools = tools_on(self.context, self.request)

    def available(self):
        return bool(self.tools)
