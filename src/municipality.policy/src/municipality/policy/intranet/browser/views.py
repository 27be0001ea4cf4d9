"""The intranet's pages: the front (``intranet-front`` on the root), a
guidance page with its sections (``intranet-page``), a news item
(``intranet-news``), the directory ``@@asiakirjavastaavat`` and staff's own
front page ``@@oma-etusivu`` on the site root. All are for staff: the root
and its content are readable only by ``Staff`` and the intranet's roles
(``security.model`` INTRANET), and ``@@oma-etusivu`` asks ``staff.is_staff``."""

from Acquisition import aq_inner
from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.interfaces import IIntranetPage
from municipality.policy.intranet import directory
from municipality.policy.intranet import staff
from municipality.policy.intranet import tasks
from plone import api
from Products.CMFCore.utils import _checkPermission
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized
from zope.i18n import translate


#: The records-management manual: the guidance page with this id in the root.
MANUAL_ID = "asiakirjahallinnon-kasikirja"
FRONT_NEWS = 10
#: Draft and pending content shown to those who may edit or review it.
WORK_STATES = ("draft", "pending")


def _pages(container):
    """The guidance pages directly in ``container`` the reader may View."""
    return [
        obj
        for obj in aq_inner(container).objectValues()
        if IIntranetPage.providedBy(obj) and _checkPermission("View", obj)
    ]


def _row(obj):
    return {
        "title": obj.Title(),
        "description": obj.Description(),
        "url": obj.absolute_url(),
        "state": api.content.get_state(obj, default=""),
    }


class IntranetFront(BrowserView):
    """The intranet root's front: news newest first, guidance pages, the
    records-management manual and its sections, the directory."""

    def news(self):
        return tasks.news(self.context, self.request, count=FRONT_NEWS)

    def manual(self):
        page = self.context.get(MANUAL_ID)
        if page is None or not _checkPermission("View", page):
            return None
        return {**_row(page), "sections": [_row(p) for p in _pages(page)]}

    def pages(self):
        return [_row(p) for p in _pages(self.context) if p.getId() != MANUAL_ID]

    def work(self):
        """Drafts and pending items for editors and reviewers (those who
        may View them at all)."""
        catalog = api.portal.get_tool("portal_catalog")
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "state": brain.review_state,
                "state_title": api.portal.get_tool(
                    "portal_workflow"
                ).getTitleForStateOnType(brain.review_state, brain.portal_type),
            }
            for brain in catalog(
                portal_type=["IntranetPage", "IntranetNews"],
                path="/".join(self.context.getPhysicalPath()),
                review_state=WORK_STATES,
                sort_on="modified",
                sort_order="descending",
            )
        ]

    def directory_url(self):
        return self.context.absolute_url() + "/@@asiakirjavastaavat"


class IntranetPageView(BrowserView):
    """A guidance page: its text and its sections (child pages)."""

    def sections(self):
        return [_row(p) for p in _pages(self.context)]

    def text(self):
        text = getattr(self.context, "text", None)
        return text.output if text is not None else ""


class IntranetNewsView(IntranetPageView):
    """A news item: date, lead image, text."""

    def date(self):
        effective = self.context.effective()
        if effective is None or effective.year() <= 1900:
            return ""
        return format_datetime(effective, self.request, with_time=False)

    def iso(self):
        effective = self.context.effective()
        if effective is None or effective.year() <= 1900:
            return ""
        return effective.ISO8601()

    def image(self):
        image = getattr(self.context, "image", None)
        if not image:
            return None
        return self.context.absolute_url() + "/@@images/image/preview"

    def caption(self):
        return getattr(self.context, "image_caption", None) or ""


class Directory(BrowserView):
    """ "Kenen puoleen kääntyä": the records-management roles of each unit,
    the reader's own unit first and marked."""

    def __call__(self):
        user = api.user.get_current()
        self.userid = None if api.user.is_anonymous() else user.getId()
        sections = directory.directory(self.request, self.userid)
        self.sections = [s for s in sections if s["mine"]] + [
            s for s in sections if not s["mine"]
        ]
        return self.index()


class StaffFront(BrowserView):
    """Staff's own front page: their tasks and the latest intranet news."""

    def __call__(self):
        if not staff.is_staff():
            raise Unauthorized("oma-etusivu")
        user = api.user.get_current()
        self.userid = user.getId()
        self.fullname = user.getProperty("fullname") or self.userid
        self.root = staff.intranet_root()
        request = self.request
        self.cases = tasks.cases(self.userid, request)
        self.items = tasks.items(self.userid, request)
        self.minutes = tasks.minutes(self.userid, request)
        self.positions = tasks.positions(self.userid, request)
        self.news = tasks.news(self.root, request)
        return self.index()

    def available(self):
        """For the user menu's "Oma etusivu": only staff see it."""
        return staff.is_staff()

    def intranet_url(self):
        return self.root.absolute_url() if self.root is not None else ""

    def item_roles(self, row):
        titles = {
            "preparer": _("label_item_role_preparer", default="preparer"),
            "presenter": _("label_item_role_presenter", default="presenter"),
        }
        return ", ".join(
            translate(titles[role], context=self.request) for role in row["roles"]
        )
