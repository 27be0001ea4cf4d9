"""The phase log's ``decision`` entries as sentences in the reader's language.

- a body's §: "Sivistyslautakunta päätti 12.3.2026, 45 §: Hyväksyttiin
  ehdotuksen mukaisesti" (data: body, number, resolution, date);
- an office holder's decision: "Sivistysjohtaja päätti, päätös 12/2026"
  (data: post, number, decider, date).

The sentence names only the body or post, the §, the date and the
resolution, so the public reads the same sentence as staff.
"""

from datetime import date
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.cases import phaselog
from municipality.policy.meetings.vocabularies import resolutions
from zope.i18n import translate


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _resolution(value, request):
    if not value:
        return ""
    try:
        return translate(resolutions(None).getTerm(value).title, context=request)
    except LookupError:
        return value


@phaselog.renders(phaselog.DECISION)
def render_decision(case, entry, request, full):
    data = entry.get("data") or {}
    day = _day(data.get("date"))
    if data.get("post"):
        post = data["post"]
        year = day.year if day else ""
        message = _(
            "msg_phase_decision_office_holder",
            default="${post} decided, decision ${number}/${year}",
            mapping={
                "post": post[:1].upper() + post[1:],
                "number": data.get("number", ""),
                "year": year,
            },
        )
        return translate(message, context=request)
    message = _(
        "msg_phase_decision_body",
        default="${body} decided on ${date}, § ${number}: ${resolution}",
        mapping={
            "body": data.get("body", ""),
            "date": format_date(day) if day else "",
            "number": data.get("number", ""),
            "resolution": _resolution(data.get("resolution"), request),
        },
    )
    return translate(message, context=request)
