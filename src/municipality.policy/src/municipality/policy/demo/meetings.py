"""Demo step: Esimerkkikunta's decision-making.

Four bodies (``data/bodies.json``), each ``toimielin`` in its sub-archive
creator, for the term 1.6.2025-31.5.2029: the council (27 seats, deputies in
rank order per group), the board (9, personal deputies) and two committees
(7 each). Members without a demo account still have an id (``etu.suku``):
attendance, votes and positions are recorded by it; they cannot log in.

Their meetings (``data/meetings.json``) run through the meetings' own API as
a secretary would: an item is drafted in a newly registered case, approved,
placed on the agenda and the meeting convened (``agenda``); the meeting is
held with its attendance, each § decided with its proposals, votes,
disqualifications and dissents (``minutes.decide``), the minutes signed by
the chair and the secretary (``minutes.sign``); the examiners' checks are
recorded with their days and ``minutes.check`` writes each decision back to
its case. The Sivistyslautakunta has a year of checked minutes, one meeting
in checking (one examiner of two has checked) and one convened; the
Tekninen lautakunta has a closed electronic decision procedure open until a
few days after loading (``procedure.state_position``); the council and the
board one checked meeting each; the sivistysjohtaja and the tekninen johtaja
a few office-holder decisions.

Dates: the year's meetings are in the year of loading, or the year before
when a dated meeting would not yet be over; the convened meeting and the
procedure are relative to the day of loading. Datetimes are stored in UTC.

Idempotent: a body that has meetings is left as it is; office-holder
decisions are added only when there are none.
"""

from contextlib import contextmanager
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from municipality.policy.base import dates
from municipality.policy.demo import datafile
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.meetings import agenda
from municipality.policy.meetings import attendance
from municipality.policy.meetings import decisions
from municipality.policy.meetings import minutes
from municipality.policy.meetings import numbering
from municipality.policy.meetings import procedure
from municipality.policy.registry.api import register_case
from municipality.policy.security import chain
from plone import api
from plone.app.textfield.value import RichTextValue
from Products.CMFCore.indexing import processQueue
from zope.globalrequest import getRequest
from zope.interface import alsoProvides
from zope.interface import directlyProvidedBy
from zope.interface import noLongerProvides
import logging
import time


logger = logging.getLogger(__name__)

BODY_ID = "toimielin"
BODIES = datafile.read("bodies.json")["bodies"]
DATA = datafile.read("meetings.json")
#: case state wanted when the case's item goes on an agenda
ON_AGENDA = ("prepare", "submit")
#: days from the end of a past meeting to the examiners' checks
EXAMINED_AFTER = 6
#: examiners of each body's minutes (demo accounts who are its members)
EXAMINERS = {
    "valtuusto": ["valtuutettu", "hallitus-jasen"],
    "kunnanhallitus": ["valtuutettu", "hallitus-jasen"],
    "sivistyslautakunta": ["sivistys-jasen", "sivistys-luottamushenkilo"],
    "tekninen-lautakunta": ["tekninen-jasen", "tekninen-luottamushenkilo"],
}


def _rich(html):
    return RichTextValue(html or "", "text/html", "text/x-html-safe")


def _fill(text, year):
    """``{year}``, ``{year0}`` (the year before) and ``{year1}`` .. ``{year4}`` (after)."""
    if not text:
        return text
    words = {"year0": year - 1, **{f"year{n}": year + n for n in range(1, 5)}}
    return text.format(year=year, **words)


def demo_year(today=None):
    """The year of the demo's past meetings: this year, or the last one when a
    dated meeting of this year would not be over and checked by today."""
    today = today or dates.today()
    days = [
        spec["date"]
        for specs in DATA["meetings"].values()
        for spec in specs
        if spec.get("date")
    ]
    days += [spec["date"] for spec in DATA["office_holder_decisions"]]
    latest = max(date(today.year, *map(int, day.split("-"))) for day in days)
    if latest + timedelta(days=3) > today:
        return today.year - 1
    return today.year


def _at(day, clock):
    """Helsinki wall-clock ``clock`` (``"17:00"``) on ``day`` as aware UTC."""
    hour, minute = map(int, clock.split(":"))
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=dates.TIMEZONE)
    return local.astimezone(UTC)


# ------------------------------------------------------------------ bodies


def body_values(spec):
    """The Body's fields from its ``bodies.json`` entry."""
    return {
        "title": spec["title"],
        "body_kind": spec["body_kind"],
        "sub_archive_creator": spec["sub_archive_creator"],
        "term_start": date.fromisoformat(spec["term_start"]),
        "term_end": date.fromisoformat(spec["term_end"]),
        "seats": spec["seats"],
        "members": [dict(row) for row in spec["members"]],
        "secretary": spec["secretary"],
        "presenters": list(spec["presenters"]),
        "notice_days": spec["notice_days"],
        "public_meetings": spec["public_meetings"],
        "appeal_type": spec["appeal_type"],
    }


def ensure_body(creator, spec):
    place = creator[spec["sub_archive_creator"]]
    if BODY_ID in place.objectIds():
        return place[BODY_ID]
    return api.content.create(
        container=place, type="Body", id=BODY_ID, **body_values(spec)
    )


def people(spec):
    """``{name or id: id}`` of the body's members and deputies."""
    ids = {}
    for row in spec["members"]:
        ids[row["name"]] = ids[row["userid"]] = row["userid"]
        for deputy in row.get("deputies") or []:
            ids[deputy["name"]] = ids[deputy["userid"]] = deputy["userid"]
    return ids


def participants(spec, absent):
    """The attendance: every member (the chair as chair), an absent member's
    deputy in their place (``absent``: member name -> deputy name), the
    secretary and the presenter."""
    ids = people(spec)
    rows = []
    for member in spec["members"]:
        if member["name"] in absent:
            deputy = absent[member["name"]]
            rows.append(
                {
                    "userid": ids[deputy],
                    "name": deputy,
                    "capacity": "deputy",
                    "deputy_for": member["userid"],
                }
            )
            continue
        capacity = "chair" if member["function"] == "chair" else "member"
        rows.append(
            {"userid": member["userid"], "name": member["name"], "capacity": capacity}
        )
    rows.append({"userid": spec["secretary"], "capacity": "secretary"})
    for presenter in spec["presenters"][:1]:
        rows.append({"userid": presenter, "capacity": "presenter"})
    return rows


# ------------------------------------------------------------------- cases


class Cases:
    """The demo's registered cases by key, each registered when first used."""

    def __init__(self, registry, year):
        self.registry = registry
        self.year = year
        self.made = {}

    def get(self, key, day):
        if key in self.made:
            return self.made[key]
        spec = DATA["cases"][key]
        restriction = {
            name: (list(value) if isinstance(value, list) else value)
            for name, value in (spec.get("restriction") or {}).items()
        }
        case = register_case(
            self.registry,
            title=_fill(spec["title"], self.year),
            public_title=_fill(spec.get("public_title"), self.year) or None,
            task_class=spec["task_class"],
            initiated=day,
            registered=day,
            parties=list(spec.get("parties") or []),
            **DATA["organisations"][spec["organisation"]],
            **restriction,
        )
        # onto its workflow variant before moving it on: otherwise the next
        # sync (when an item is added) copies the stale variant's history
        # over the one the transitions were recorded in (see the report)
        chain.sync(case)
        for transition in ON_AGENDA:
            api.content.transition(obj=case, transition=transition)
        self.made[key] = case
        return case


# ---------------------------------------------------------------- meetings


def _item(cases, spec, year, day, meeting):
    case = cases.get(spec["case"], day - timedelta(days=30))
    fields = {
        # its own id: no rename after adding (slow with a large catalog)
        "id": f"asiakohta-{meeting.getId()}",
        "presentation": _rich(_fill(spec.get("presentation"), year)),
        "proposal": _rich(_fill(spec.get("proposal"), year)),
    }
    if spec.get("appeal_type"):
        fields["appeal_type"] = spec["appeal_type"]
    if spec.get("extract_recipients"):
        fields["extract_recipients"] = list(spec["extract_recipients"])
    item = agenda.draft_item(case, **fields)
    api.content.transition(obj=item, transition="approve")
    return item


def _records(spec, ids, year):
    """``minutes.decide``'s keyword records from an item's data."""
    proposals = [
        {
            "id": f"p{index}",
            "by": ids[row["by"]],
            "text": _fill(row["text"], year),
            "supported_by": [ids[name] for name in row.get("supported_by") or []],
        }
        for index, row in enumerate(spec.get("proposals") or [], start=1)
    ]
    votes = [
        {
            "kind": row["kind"],
            "proposal": "p1",
            "question": row.get("question") or "",
            "ballots": {ids[name]: choice for name, choice in row["ballots"].items()},
        }
        for row in spec.get("votes") or []
    ]
    return {
        "proposals": proposals,
        "votes": votes,
        "disqualified": [
            {"userid": ids[row["name"]], "reason": row["reason"]}
            for row in spec.get("disqualified") or []
        ],
        "dissents": [
            {"userid": ids[row["by"]], "text": row["text"]}
            for row in spec.get("dissents") or []
        ],
    }


def _meeting(body, body_spec, spec, start, **fields):
    values = {
        "start": start,
        "end": start + timedelta(hours=spec.get("hours", 2)),
        "place": body_spec["place"],
        "mode": spec.get("mode", "physical"),
        "examiners": list(EXAMINERS[body_spec["sub_archive_creator"]]),
    }
    if body_spec.get("stream_url"):
        values["stream_url"] = body_spec["stream_url"]
    values.update(fields)
    # the id the body's name chooser gives (``<year>-<number>``), given at
    # once: no rename after adding (slow with a large catalog)
    year = dates.helsinki(start).year
    expected = f"{year}-{numbering.last(body, 'meeting', year) + 1}"
    meeting = api.content.create(
        container=body, type="Meeting", id=expected, title="Kokous", **values
    )
    wanted = agenda.meeting_id(meeting)
    if wanted and wanted != meeting.getId():
        meeting = api.content.rename(obj=meeting, new_id=wanted)
    return meeting


def _backdate_signatures(meeting, when):
    signatures = dict(meeting.signatures or {})
    for key in list(signatures):
        if key.endswith("_at"):
            signatures[key] = when.isoformat()
    meeting.signatures = signatures


def past_meeting(body, body_spec, spec, cases, year):
    """A meeting held on its day: convened with notice, decided, signed, and
    checked (``state`` ``checked``) or with one examiner's check
    (``checking``)."""
    day = date(year, *map(int, spec["date"].split("-")))
    start = _at(day, spec["time"])
    meeting = _meeting(body, body_spec, spec, start)
    ids = people(body_spec)
    items = [_item(cases, row, year, day, meeting) for row in spec["items"]]
    for item in items:
        agenda.place(meeting, item)
    agenda.convene(meeting, when=start - timedelta(days=body.notice_days + 1))
    api.content.transition(obj=meeting, transition="hold")
    attendance.set_participants(
        meeting, participants(body_spec, spec.get("absent") or {})
    )
    meeting.opened = start
    for item, row in zip(items, spec["items"], strict=True):
        decision = _fill(row.get("decision"), year) or None
        minutes.decide(item, row["resolution"], decision, **_records(row, ids, year))
    meeting.closed = meeting.end
    minutes.sign(meeting, attendance.chair_userid(meeting))
    minutes.sign(meeting, attendance.secretary_userid(meeting))
    _backdate_signatures(meeting, meeting.end + timedelta(days=1))
    checked = meeting.end + timedelta(days=EXAMINED_AFTER)
    if spec["state"] == "checked":
        # the examiners checked the minutes on their day (``minutes.examine``
        # would stamp them now); the last check makes the minutes checked
        # and writes the decisions back to the cases
        meeting.examinations = [
            {
                "userid": userid,
                "checked": checked.isoformat(),
                "how": "electronic",
                "remark": "",
            }
            for userid in meeting.examiners
        ]
        minutes.check(meeting)
    else:
        for userid in meeting.examiners[: spec.get("examined", 0)]:
            minutes.examine(meeting, userid)
    meeting.reindexObject()
    return meeting


def upcoming_meeting(body, body_spec, spec, cases, year, today):
    """A planned meeting ``days_ahead`` days from today, its agenda published
    today (convened)."""
    day = today + timedelta(days=spec["days_ahead"])
    start = _at(day, spec["time"])
    meeting = _meeting(body, body_spec, spec, start)
    for row in spec["items"]:
        agenda.place(meeting, _item(cases, row, year, today, meeting))
    agenda.convene(meeting)
    return meeting


def closed_procedure(body, body_spec, spec, cases, year, today):
    """A closed electronic decision procedure open until ``deadline_days``
    from today at 16:00, with the positions some members have stated."""
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    deadline = _at(today + timedelta(days=spec["deadline_days"]), "16:00")
    meeting = _meeting(
        body,
        body_spec,
        spec,
        start,
        end=deadline,
        mode=procedure.CLOSED,
        procedure_deadline=deadline,
        place="",
    )
    ids = people(body_spec)
    items = [_item(cases, row, year, today, meeting) for row in spec["items"]]
    for item in items:
        agenda.place(meeting, item)
    agenda.convene(meeting)
    for item, row in zip(items, spec["items"], strict=True):
        for position in row.get("positions") or []:
            procedure.state_position(
                item,
                ids[position["by"]],
                position["position"],
                position.get("text", ""),
            )
    return meeting


def load_meetings(body, body_spec, registry, year, today):
    cases = Cases(registry, year)
    made = []
    for spec in DATA["meetings"].get(body_spec["sub_archive_creator"], ()):
        if spec.get("mode") == procedure.CLOSED:
            made.append(closed_procedure(body, body_spec, spec, cases, year, today))
        elif spec["state"] == "convened":
            made.append(upcoming_meeting(body, body_spec, spec, cases, year, today))
        else:
            made.append(past_meeting(body, body_spec, spec, cases, year))
    return made


# ------------------------------------------------------- office holders


def load_decisions(creator, registry, year):
    """The office holders' decisions, each decided on its day (``decisions.decide``:
    number per post and year, phase log, case to Päätetty, the PDF filed)."""
    cases = Cases(registry, year)
    made = []
    # in date order: each post's numbers run with the days
    for spec in sorted(DATA["office_holder_decisions"], key=lambda row: row["date"]):
        day = date(year, *map(int, spec["date"].split("-")))
        case = cases.get(spec["case"], day - timedelta(days=14))
        decision = api.content.create(
            container=case,
            type="OfficeHolderDecision",
            id="viranhaltijapaatos",
            title=case.Title(),
            public_title=getattr(case, "public_title", None) or None,
            decider=spec["decider"],
            post=spec["post"],
            delegation=spec["delegation"],
            text=_rich(_fill(spec["text"], year)),
            appeal_type=spec.get("appeal_type", "rectification"),
            publish_online=spec["publish_online"],
            extract_recipients=list(spec.get("extract_recipients") or []),
        )
        decisions.decide(decision, when=day)
        made.append(decision)
    return made


# -------------------------------------------------------------------- step


@contextmanager
def html_extracts():
    """Without the site's browser layer on the request while loading: the
    write-back files each checked § as its HTML extract (``writeback``'s own
    fallback) instead of rendering ``@@extract.pdf`` with WeasyPrint (about
    1 s a §, 30 §s), and no ``download`` lands in the access log. The PDF/A
    is still made on demand from the item's ``@@extract.pdf``."""
    request = getRequest()
    hidden = request is not None and IMunicipalityPolicyLayer in directlyProvidedBy(
        request
    )
    if hidden:
        noLongerProvides(request, IMunicipalityPolicyLayer)
    try:
        yield
    finally:
        if hidden:
            alsoProvides(request, IMunicipalityPolicyLayer)


def _has(container, portal_type):
    return any(obj.portal_type == portal_type for obj in container.objectValues())


def load(portal):
    creator = portal.get("esimerkkikunta")
    if creator is None or creator.get("kirjaamo") is None:
        return
    registry = creator["kirjaamo"]
    today = dates.today()
    year = demo_year(today)
    began = time.monotonic()
    with api.env.adopt_roles(["Manager"]), html_extracts():
        for spec in BODIES:
            body = ensure_body(creator, spec)
            if api.content.get_state(obj=body, default=None) not in (None, "published"):
                api.content.transition(obj=body, transition="publish")
            if not _has(body, "Meeting"):
                made = load_meetings(body, spec, registry, year, today)
                logger.info("Demo body %s: %d meetings", body.Title(), len(made))
        catalog = api.portal.get_tool("portal_catalog")
        if not catalog.unrestrictedSearchResults(portal_type="OfficeHolderDecision"):
            made = load_decisions(creator, registry, year)
            logger.info("Demo office-holder decisions: %d", len(made))
        # index now, while the site is set: the items' local roles
        # (``meetings.localroles``) look the meeting up in the catalog, which
        # fails in a commit made without a site (a test layer's setup)
        processQueue()
    logger.info("Demo decision-making loaded in %.1f s", time.monotonic() - began)
