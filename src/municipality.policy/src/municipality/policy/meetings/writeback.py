"""A checked § written back to its case (never before the minutes are checked).

``apply(item)``:
- the case's phase log gets a ``decision`` entry (action class
  ``paatoksenteko``; data: body, meeting, meeting_uid, item_uid, number,
  resolution, date = the day the minutes were checked);
- a final resolution (not tabled / returned / removed) moves the case to
  ``paatetty`` through the transitions it needs (prepare, submit, decide),
  done as Manager with the current user recorded as the agent;
- the checked § is filed as a registered CaseDocument (record type
  "Pöytäkirjanote" if the vocabulary has it, else "Ote"; internal): the
  extract as HTML, or the item's ``@@extract.pdf`` when that view exists.

Applying twice does nothing the second time (the item remembers it).
"""

from datetime import UTC
from datetime import datetime
from html import escape
from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import helsinki
from municipality.policy.cases import phaselog
from municipality.policy.documents.api import create_document
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.meetings import phaselog as decision_sentences
from municipality.policy.meetings.lookup import meeting_of
from municipality.policy.meetings.rights import manager_roles
from municipality.policy.meetings.vocabularies import resolutions
from plone import api
from zope.component import queryMultiAdapter
from zope.globalrequest import getRequest
from zope.i18n import translate


#: registers the renderer of the phase log's ``decision`` entries
assert decision_sentences.render_decision
NOT_FINAL = ("tabled", "returned", "removed")
#: case state -> the transition towards "paatetty"
TOWARDS_DECIDED = {
    "vireilla": "prepare",
    "avattu_uudelleen": "prepare",
    "valmistelussa": "submit",
    "ratkaistavana": "decide",
}
DONE_ATTR = "_decision_written_back"


class NotChecked(ValueError):
    """The minutes are not checked: a decision does not exist yet."""


def meeting_day(meeting):
    """The day (Helsinki) of the meeting: the date of its decisions."""
    start = getattr(meeting, "start", None)
    return helsinki(start).date() if start is not None else checked_day(meeting)


def checked_day(meeting):
    """The day (Helsinki) the minutes were checked: the last examination."""
    days = [
        row.get("checked") for row in meeting.examinations or [] if row.get("checked")
    ]
    if days:
        return helsinki(datetime.fromisoformat(max(days))).date()
    return helsinki(datetime.now(UTC)).date()


def record_type(case):
    values = [term.value for term in record_types(case)]
    return "Pöytäkirjanote" if "Pöytäkirjanote" in values else "Ote"


def _tr(message, request):
    return translate(message, context=request)


def extract_html(item, meeting, request=None):
    """A standalone HTML extract of the checked § (the filed copy)."""
    request = request if request is not None else getRequest()
    body = meeting.aq_parent
    resolution = ""
    if item.resolution:
        resolution = resolution_title(item.resolution, request)
    title = _tr(
        _(
            "title_minutes_extract",
            default="Extract from the minutes: ${body} ${date}, § ${number}",
            mapping={
                "body": body.Title(),
                "date": format_date(helsinki(meeting.start).date()),
                "number": item.number,
            },
        ),
        request,
    )
    decision = getattr(item.decision, "raw", "") or ""
    lang = (request.get("LANGUAGE") if request is not None else None) or "fi"
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main>"
        f"<h1>{escape(title)}</h1>"
        f"<h2>{item.number} § {escape(item.Title())}</h2>"
        f"<p>{escape(resolution)}</p>"
        f'<div class="decision">{decision}</div>'
        f"</main></body></html>"
    )


def resolution_title(value, request=None):
    try:
        term = resolutions(None).getTerm(value)
    except LookupError:
        return value or ""
    return _tr(term.title, request if request is not None else getRequest())


def _extract_file(item, meeting):
    request = getRequest()
    view = queryMultiAdapter((item, request), name="extract.pdf")
    filename = f"poytakirjanote-{item.number}.pdf"
    if view is not None:
        data = view.pdf_bytes(public=False)  # bytes; no response headers
        if isinstance(data, bytes) and data.startswith(b"%PDF"):
            return data, filename
    html = extract_html(item, meeting, request)
    return html.encode("utf-8"), f"poytakirjanote-{item.number}.html"


def move_case_to_decided(case):
    """Take ``case`` to Päätetty through the transitions it still needs
    (prepare, submit, decide); returns its state. Callers act with
    ``rights.manager_roles``."""
    wftool = api.portal.get_tool("portal_workflow")
    for _step in range(4):
        current = api.content.get_state(obj=case, default=None)
        transition = TOWARDS_DECIDED.get(current)
        if transition is None:
            return current
        available = [t["id"] for t in wftool.getTransitionsFor(case)]
        if transition not in available:
            return current
        api.content.transition(obj=case, transition=transition)
    return api.content.get_state(obj=case, default=None)


def apply(item):
    """Write the checked § back to its case; returns the filed document or
    None (already written back, or no case)."""
    if api.content.get_state(obj=item, default=None) != "checked":
        raise NotChecked("the minutes of this item are not checked")
    meeting = meeting_of(item)
    if meeting is None or api.content.get_state(obj=meeting, default=None) != "checked":
        raise NotChecked("the minutes of this item are not checked")
    if getattr(item, DONE_ATTR, False):
        return None
    case = parent_case(item)
    if case is None:
        return None
    body = meeting.aq_parent
    day = meeting_day(meeting)  # the decision's date; it exists once checked
    with manager_roles():
        phaselog.add(
            case,
            phaselog.DECISION,
            "paatoksenteko",
            data={
                "body": body.Title(),
                "meeting": meeting.Title(),
                "meeting_uid": meeting.UID(),
                "item_uid": item.UID(),
                "number": item.number,
                "resolution": item.resolution,
                "date": day.isoformat(),
                "checked": checked_day(meeting).isoformat(),
            },
        )
        if item.resolution not in NOT_FINAL:
            move_case_to_decided(case)
        title = _tr(
            _(
                "title_minutes_extract_document",
                default="Extract from the minutes ${body} ${date} § ${number}",
                mapping={
                    "body": body.Title(),
                    "date": format_date(day),
                    "number": item.number,
                },
            ),
            getRequest(),
        )
        document = create_document(
            case,
            title=title,
            file=_extract_file(item, meeting),
            record_type=record_type(case),
            direction="internal",
        )
    setattr(item, DONE_ATTR, True)
    return document
