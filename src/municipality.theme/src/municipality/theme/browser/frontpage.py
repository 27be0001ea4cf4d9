"""The public front page (``@@kunta-etusivu``, the site root's layout):
search, the official notice board's current notices, upcoming meetings,
latest minutes and office-holder decisions, e-services and the KuntaL 109 §
pages; a staff member's own front page when it exists."""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from municipality.policy.base.dates import format_datetime
from municipality.policy.publication import listings
from municipality.theme import _
from municipality.theme import settings
from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryMultiAdapter


try:  # the notice board (publication.notices) may land after the theme
    from municipality.policy.publication import notices
except ImportError:  # pragma: no cover
    notices = None


#: how many notices the front page shows
NOTICES_SHOWN = 6


def _title(item):
    title = getattr(item, "Title", "")
    return title() if callable(title) else title


def _url(item):
    if hasattr(item, "getURL"):
        return item.getURL()
    return item.absolute_url()


def _effective(item):
    for name in ("display_start", "effective"):
        value = getattr(item, name, None)
        value = value() if callable(value) else value
        if value and not (isinstance(value, DateTime) and value.year() <= 1000):
            return value
    return None


def _as_date(value):
    if isinstance(value, DateTime):
        return value.asdatetime().date()
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def display_period(start, end):
    """``30.11.–14.12.2026`` (one year) or ``30.12.2026–13.1.2027``; ""
    without a start or an end."""
    start, end = _as_date(start), _as_date(end)
    if start is None or end is None:
        return ""
    last = f"{end.day}.{end.month}.{end.year}"
    if start.year == end.year:
        return f"{start.day}.{start.month}.\u2013{last}"
    return f"{start.day}.{start.month}.{start.year}\u2013{last}"


def _display_end(item):
    end_of = getattr(notices, "end_of", None)
    if end_of is not None and not hasattr(item, "getURL"):
        return end_of(item)
    value = getattr(item, "display_end", None)
    return value() if callable(value) else value


class FrontPageView(BrowserView):
    """``@@kunta-etusivu``."""

    def name(self):
        return settings.municipality_name()

    def portal_url(self):
        return api.portal.get().absolute_url()

    def when(self, value, with_time=True):
        return format_datetime(value, self.request, with_time=with_time)

    # -- notice board
    def notices(self):
        """Current notices, newest first: ``title``, ``url``, ``date``
        (display start), ``period`` (``30.11.–14.12.2026``, "" if unknown)."""
        current = getattr(notices, "current", None)
        if current is not None:
            items = list(current(self.context))
        else:
            catalog = api.portal.get_tool("portal_catalog")
            items = list(
                catalog(
                    portal_type="Notice",
                    review_state="published",
                    effectiveRange=DateTime(),
                    sort_on="effective",
                    sort_order="descending",
                )
            )
        rows = []
        for item in items[:NOTICES_SHOWN]:
            rows.append(
                {
                    "title": _title(item),
                    "url": _url(item),
                    "date": self.when(_effective(item), with_time=False),
                    "period": display_period(
                        getattr(item, "display_start", None), _display_end(item)
                    ),
                }
            )
        return rows

    def notice_board_url(self):
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog(
            portal_type="NoticeBoard", sort_on="getObjPositionInParent"
        ):
            return brain.getURL()
        return None

    # -- meetings and decisions
    def meetings(self):
        rows = listings.upcoming_meetings()
        for row in rows:
            row["when"] = self.when(row["start"])
            row["planned"] = row["state"] == "planned"
        return rows

    def minutes(self):
        rows = listings.latest_minutes()
        for row in rows:
            row["when"] = self.when(row["start"], with_time=False)
        return rows

    def decisions(self):
        rows = listings.latest_decisions()
        for row in rows:
            day = date.fromisoformat(row["date"]) if row["date"] else None
            row["when"] = self.when(day, with_time=False)
        return rows

    # -- links
    def diary_url(self):
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog(portal_type="Registry", sort_on="getObjPositionInParent"):
            return brain.getURL() + "/@@diary"
        return None

    def has_view(self, name, context=None):
        context = context if context is not None else api.portal.get()
        return queryMultiAdapter((context, self.request), name=name) is not None

    def e_services(self):
        """``(title, url, description)`` of the e-services that exist."""
        portal_url = self.portal_url()
        rows = []
        diary = self.diary_url()
        if diary:
            rows.append(
                (
                    _("label_eservice_diary", default="Public diary"),
                    diary,
                    _(
                        "help_eservice_diary",
                        default="Cases under way and their public documents.",
                    ),
                )
            )
        board = self.notice_board_url()
        if board:
            rows.append(
                (
                    _("label_eservice_notice_board", default="Official notice board"),
                    board,
                    _(
                        "help_eservice_notice_board",
                        default="Notices and announcements of the municipality.",
                    ),
                )
            )
        if self.has_view("saavutettavuuspalaute"):
            rows.append(
                (
                    _(
                        "label_eservice_accessibility_feedback",
                        default="Accessibility feedback",
                    ),
                    f"{portal_url}/@@saavutettavuuspalaute",
                    _(
                        "help_eservice_accessibility_feedback",
                        default="Tell us about a problem in using the site.",
                    ),
                )
            )
        if self.has_view("asiointi"):  # municipality.policy.eservices (issue 13)
            rows.append(
                (
                    _("label_eservice_forms", default="E-service forms"),
                    f"{portal_url}/@@asiointi",
                    _(
                        "help_eservice_forms",
                        default="Feedback, information request, resident "
                        "initiative, application and rectification claim.",
                    ),
                )
            )
        return rows

    def info_pages(self):
        """The KuntaL 109 § section and its pages the reader may view."""
        portal = api.portal.get()
        if "kunnan-tiedot" not in portal.objectIds():
            return None
        folder = portal["kunnan-tiedot"]
        if not api.user.has_permission("View", obj=folder):
            return None
        catalog = api.portal.get_tool("portal_catalog")
        pages = catalog(
            path={"query": "/".join(folder.getPhysicalPath()), "depth": 1},
            sort_on="getObjPositionInParent",
        )
        return {
            "title": folder.Title(),
            "url": folder.absolute_url(),
            "pages": [(b.Title, b.getURL()) for b in pages],
        }

    def own_front_page(self):
        """Helper E's ``@@oma-etusivu`` for a logged-in user, if it exists."""
        if api.user.is_anonymous():
            return None
        if not self.has_view("oma-etusivu"):
            return None
        return f"{self.portal_url()}/@@oma-etusivu"
