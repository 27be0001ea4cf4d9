"""A staff member's tasks for ``@@oma-etusivu``, each a list of plain dicts
built from what the reader may View (the catalog's own filter):

- ``cases``: open cases they prepare (catalog ``preparer``);
- ``items``: agenda items not yet decided that they prepare or present;
- ``minutes``: meetings in ``checking`` where they are an examiner and have
  not checked (``Meeting.examiners`` / ``examinations``, ``meetings.minutes``);
- ``positions``: matters of an open closed electronic procedure where they
  are a current member of the body and have stated no position
  (``meetings.procedure``);
- ``news``: the latest published intranet news.
"""

from Acquisition import aq_base
from municipality.policy.base.dates import format_datetime
from municipality.policy.cases.phaselog import state_title
from municipality.policy.meetings import procedure
from municipality.policy.meetings.lookup import agenda_items
from municipality.policy.meetings.lookup import body_of
from plone import api


#: Case states in which the preparer still has work (not closed, archived
#: or disposed).
OPEN_CASE_STATES = (
    "vireilla",
    "valmistelussa",
    "ratkaistavana",
    "paatetty",
    "toimeenpantava",
    "avattu_uudelleen",
)
#: Agenda item states before the meeting has decided the matter.
OPEN_ITEM_STATES = ("draft", "approved", "scheduled", "published")
#: Meeting states in which a closed procedure may take positions.
OPEN_MEETING_STATES = ("planned", "convened")
NEWS_COUNT = 5


def _catalog():
    return api.portal.get_tool("portal_catalog")


def cases(userid, request):
    rows = []
    for brain in _catalog()(
        portal_type="Case",
        preparer=userid,
        review_state=OPEN_CASE_STATES,
        sort_on="created",
    ):
        due = getattr(brain, "due_date", None)
        rows.append(
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "number": brain.diary_number or "",
                "state": state_title(brain.review_state, request),
                "due": format_datetime(due, request, with_time=False) if due else "",
            }
        )
    return rows


def items(userid, request):
    rows = []
    for brain in _catalog()(portal_type="AgendaItem", review_state=OPEN_ITEM_STATES):
        item = brain.getObject()
        base = aq_base(item)
        preparers = list(getattr(base, "preparers", None) or ())
        presenter = getattr(base, "presenter", None)
        roles = []
        if userid in preparers:
            roles.append("preparer")
        if userid == presenter:
            roles.append("presenter")
        if not roles:
            continue
        rows.append(
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "roles": roles,
                "state": state_title(brain.review_state, request, "AgendaItem"),
            }
        )
    return rows


def minutes(userid, request):
    rows = []
    for brain in _catalog()(portal_type="Meeting", review_state="checking"):
        meeting = brain.getObject()
        base = aq_base(meeting)
        if userid not in (getattr(base, "examiners", None) or ()):
            continue
        checked = {
            row.get("userid") for row in getattr(base, "examinations", None) or ()
        }
        if userid in checked:
            continue
        body = body_of(meeting)
        rows.append(
            {
                "title": brain.Title,
                "body": body.Title() if body is not None else "",
                "url": meeting.absolute_url() + "/@@check-minutes",
                "start": format_datetime(meeting.start, request),
            }
        )
    return rows


def positions(userid, request):
    rows = []
    # as ``procedure`` allows a position: a closed procedure before its
    # deadline, the item published on its agenda (the meeting not yet held)
    for brain in _catalog()(portal_type="Meeting", review_state=OPEN_MEETING_STATES):
        meeting = brain.getObject()
        if not procedure.is_closed(meeting) or procedure.deadline_passed(meeting):
            continue
        body = body_of(meeting)
        if body is None or not procedure.is_member(body, userid):
            continue
        for item in agenda_items(meeting):
            if api.content.get_state(item) != "published":
                continue
            if userid in procedure.positions(item):
                continue
            rows.append(
                {
                    "title": item.Title(),
                    "meeting": brain.Title,
                    "url": meeting.absolute_url() + "/@@positions",
                    "deadline": format_datetime(procedure.deadline(meeting), request),
                }
            )
    return rows


def news(root, request, count=NEWS_COUNT, states=("published",)):
    """Published news of the intranet ``root``, newest first."""
    if root is None:
        return []
    rows = []
    for brain in _catalog()(
        portal_type="IntranetNews",
        path="/".join(root.getPhysicalPath()),
        review_state=states,
        sort_on="effective",
        sort_order="descending",
        sort_limit=count,
    )[:count]:
        rows.append(
            {
                "title": brain.Title,
                "description": brain.Description,
                "url": brain.getURL(),
                "date": format_datetime(brain.effective, request, with_time=False)
                if brain.effective and brain.effective.year() > 1900
                else "",
                "iso": brain.effective.ISO8601()
                if brain.effective and brain.effective.year() > 1900
                else "",
            }
        )
    return rows
