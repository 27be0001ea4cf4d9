"""OParl 1.1 (https://oparl.org) at ``<site>/@oparl/...``: read-only,
anonymous, public and published only (``public``).

Objects and their URLs (ids; UIDs survive export and import)::

    @oparl/system                         System
    @oparl/body[/<list>]                  Body list; ``body/<archive creator UID>``
    @oparl/body/<uid>/organization|person|meeting|paper     the body's lists
    @oparl/organization/<body UID>        Organization (a toimielin)
    @oparl/organization/<uid>/meeting     its meetings
    @oparl/person/<creator UID>-<key>     Person (an elected official: name only)
    @oparl/membership/<body UID>-<key>    Membership (the function in one body)
    @oparl/legislativeterm/<body UID>     LegislativeTerm (the body's term)
    @oparl/meeting/<uid>  agendaitem/<uid>  paper/<case UID>  consultation/<item UID>
    @oparl/file/<meeting UID>-agenda|minutes  location/<meeting UID>

``<key>``: the first 16 hex digits of SHA-256 of the user id (ids stay out of URLs).
Lists: ``page``, ``limit`` (1-500, default ``PAGE_SIZE``), ``created_since``,
``created_until``, ``modified_since``, ``modified_until`` (ISO 8601; without an
offset Helsinki time); a meeting taken off the web appears as ``deleted: true``
only under ``modified_since``, and ``GET`` of its URL answers that stub.
"""

from municipality.policy import _
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.base.dates import helsinki
from municipality.policy.errors import field_bad_request
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import IBody
from municipality.policy.interfaces import ICase
from municipality.policy.meetings import codelists
from municipality.policy.meetings import lookup
from municipality.policy.opendata import public
from municipality.policy.opendata.plainjson import PlainJSONView
from plone import api
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import datetime
import hashlib
import lxml.html
import math
import urllib.parse


SCHEMA = "https://schema.oparl.org/1.1/"
VERSION = "https://schema.oparl.org/1.1/"
VENDOR = "https://plone.org/"
PRODUCT = "https://plone.org/"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
KINDS = {row[0]: row[3] for row in codelists.BODY_KINDS}
FUNCTIONS = {row[0]: row[3] for row in codelists.MEMBER_FUNCTIONS}

BAD_DATE = _(
    "msg_oparl_bad_date",
    default="${parameter}: not a date and time in ISO 8601 (e.g. 2026-01-31T12:00:00+02:00).",
)
BAD_NUMBER = _(
    "msg_oparl_bad_number",
    default="${parameter}: not a whole number in the allowed range.",
)


def iso(value):
    """ISO 8601 with the Helsinki offset (seconds), or None."""
    found = helsinki(value)
    return found.isoformat(timespec="seconds") if found is not None else None


def day(value):
    return value.isoformat() if value else None


def key(userid):
    return hashlib.sha256(userid.encode("utf-8")).hexdigest()[:16]


def plain(html):
    if not html:
        return ""
    if "<" not in html:
        return " ".join(html.split())
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return " ".join(" ".join(root.itertext()).split())


def by_uid(uid):
    """The object of ``uid`` whatever the reader may see (callers decide)."""
    return lookup.by_uid(uid) if uid and uid.isalnum() else None


def stamp(obj, data, modified=None):
    data["created"] = iso(obj.created())
    data["modified"] = iso(modified or public.changed(obj))
    return data


class Graph:
    """Builds the OParl objects under the API root ``root`` (``.../@oparl``)."""

    def __init__(self, portal, root):
        self.portal = portal
        self.root = root
        self._changed = {}

    def meeting_changed(self, meeting):
        """``public.meeting_changed``, once per meeting and request."""
        uid = meeting.UID()
        if uid not in self._changed:
            self._changed[uid] = public.meeting_changed(meeting)
        return self._changed[uid]

    def url(self, *parts):
        return "/".join([self.root, *parts])

    def typed(self, kind, *parts):
        return {"id": self.url(*parts), "type": SCHEMA + kind}

    # ------------------------------------------------------------ system, body

    def system(self):
        data = self.typed("System", "system")
        data.update(
            {
                "oparlVersion": VERSION,
                "body": self.url("body"),
                "name": self.portal.Title(),
                "website": self.portal.absolute_url(),
                "vendor": VENDOR,
                "product": PRODUCT,
                "web": self.portal.absolute_url(),
            }
        )
        return data

    def creators(self):
        return [brain.getObject() for brain in public.archive_creators()]

    def creator(self, uid):
        obj = by_uid(uid)
        if not IArchiveCreator.providedBy(obj) or not api.user.has_permission(
            "View", obj=obj
        ):
            return None
        return obj

    def body(self, creator):
        uid = creator.UID()
        data = self.typed("Body", "body", uid)
        data.update(
            {
                "system": self.url("system"),
                "name": creator.Title(),
                "website": creator.absolute_url(),
                "organization": self.url("body", uid, "organization"),
                "person": self.url("body", uid, "person"),
                "meeting": self.url("body", uid, "meeting"),
                "paper": self.url("body", uid, "paper"),
                "legislativeTerm": [
                    self.term(body)
                    for body in self.bodies(creator)
                    if self.has_term(body)
                ],
                "classification": "kunta",
                "web": creator.absolute_url(),
            }
        )
        code = getattr(creator, "code", None)
        if code:
            data["shortName"] = code
        return stamp(creator, data)

    # ------------------------------------------------------------ organizations

    def bodies(self, creator):
        return [brain.getObject() for brain in public.bodies(creator)]

    def has_term(self, body):
        return bool(
            getattr(body, "term_start", None) or getattr(body, "term_end", None)
        )

    def term(self, body):
        data = self.typed("LegislativeTerm", "legislativeterm", body.UID())
        creator = self.creator_of(body)
        data.update(
            {
                "body": self.url("body", creator.UID()) if creator else None,
                "name": f"{body.Title()} {self.term_name(body)}".strip(),
                "startDate": day(getattr(body, "term_start", None)),
                "endDate": day(getattr(body, "term_end", None)),
            }
        )
        return stamp(body, {k: v for k, v in data.items() if v is not None})

    def term_name(self, body):
        start, end = getattr(body, "term_start", None), getattr(body, "term_end", None)
        return "–".join(str(d.year) for d in (start, end) if d)

    def creator_of(self, obj):
        for parent in obj.aq_chain:
            if IArchiveCreator.providedBy(parent):
                return parent
        return None

    def public_body(self, uid):
        obj = by_uid(uid)
        if not IBody.providedBy(obj) or not api.user.has_permission("View", obj=obj):
            return None
        return obj

    def rows(self, body):
        return [
            row for row in getattr(body, "members", None) or [] if row.get("userid")
        ]

    def organization(self, body):
        uid = body.UID()
        creator = self.creator_of(body)
        data = self.typed("Organization", "organization", uid)
        data.update(
            {
                "body": self.url("body", creator.UID()),
                "name": body.Title(),
                "membership": [
                    self.url("membership", f"{uid}-{key(row['userid'])}")
                    for row in self.rows(body)
                ],
                "meeting": self.url("organization", uid, "meeting"),
                "organizationType": "Gremium",
                "classification": KINDS.get(body.body_kind, body.body_kind or ""),
                "web": body.absolute_url(),
            }
        )
        if getattr(body, "term_start", None):
            data["startDate"] = day(body.term_start)
        if getattr(body, "term_end", None):
            data["endDate"] = day(body.term_end)
        return stamp(body, data)

    # ------------------------------------------------------------ people

    def people(self, creator):
        """``{key: (name, [(body, row)])}`` of the elected officials (members)."""
        found = {}
        for body in self.bodies(creator):
            for row in self.rows(body):
                entry = found.setdefault(
                    key(row["userid"]), (row.get("name") or "", [])
                )
                entry[1].append((body, row))
        return found

    def person(self, creator, person_key, entry):
        name, rows = entry
        data = self.typed("Person", "person", f"{creator.UID()}-{person_key}")
        data.update(
            {
                "body": self.url("body", creator.UID()),
                "name": name,
                "membership": [self.membership(body, row) for body, row in rows],
            }
        )
        modified = max(public.changed(body) for body, _row in rows)
        created = min(helsinki(body.created()) for body, _row in rows)
        data["created"] = iso(created)
        data["modified"] = iso(modified)
        return data

    def membership(self, body, row):
        person_key = key(row["userid"])
        creator = self.creator_of(body)
        data = self.typed("Membership", "membership", f"{body.UID()}-{person_key}")
        data.update(
            {
                "person": self.url("person", f"{creator.UID()}-{person_key}"),
                "organization": self.url("organization", body.UID()),
                "role": FUNCTIONS.get(row.get("function"), row.get("function") or ""),
                "votingRight": True,
            }
        )
        start = row.get("start") or day(getattr(body, "term_start", None))
        end = row.get("end") or day(getattr(body, "term_end", None))
        if start:
            data["startDate"] = str(start)[:10]
        if end:
            data["endDate"] = str(end)[:10]
        return stamp(body, data)

    # ------------------------------------------------------------ meetings

    def deleted(self, kind, path, modified):
        data = self.typed(kind, *path)
        data.update({"deleted": True, "modified": iso(modified)})
        return data

    def meeting(self, meeting):
        uid = meeting.UID()
        body = lookup.body_of(meeting)
        url = meeting.absolute_url()
        data = self.typed("Meeting", "meeting", uid)
        data.update(
            {
                "name": f"{body.Title()} {meeting.number or ''}/{meeting.year or ''}".strip(),
                "meetingState": lookup.state(meeting),
                "cancelled": False,
                "start": iso(meeting.start),
                "organization": [self.url("organization", body.UID())],
                "invitation": self.file(meeting, "agenda"),
                "agendaItem": [
                    self.agenda_item(item, meeting, position)
                    for position, item in public.items(meeting)
                ],
                "web": url,
            }
        )
        if getattr(meeting, "end", None):
            data["end"] = iso(meeting.end)
        if getattr(meeting, "place", None):
            data["location"] = self.location(meeting)
        if public.is_checked(meeting):
            data["resultsProtocol"] = self.file(meeting, "minutes")
        data = {k: v for k, v in data.items() if v is not None}
        return stamp(meeting, data, self.meeting_changed(meeting))

    def location(self, meeting):
        data = self.typed("Location", "location", meeting.UID())
        data.update(
            {
                "description": meeting.place,
                "meetings": [self.url("meeting", meeting.UID())],
            }
        )
        return stamp(meeting, data)

    def file(self, meeting, which):
        view = "@@agenda.pdf" if which == "agenda" else "@@minutes.pdf"
        name = "Esityslista" if which == "agenda" else "Pöytäkirja"
        link = f"{meeting.absolute_url()}/{view}"
        data = self.typed("File", "file", f"{meeting.UID()}-{which}")
        data.update(
            {
                "name": name,
                "fileName": f"{name.lower().replace('ö', 'o').replace('ä', 'a')}-{meeting.getId()}.pdf",
                "mimeType": "application/pdf",
                "accessUrl": link,
                "downloadUrl": link,
                "meeting": [self.url("meeting", meeting.UID())],
            }
        )
        return stamp(meeting, data, self.meeting_changed(meeting))

    def agenda_item(self, item, meeting, position):
        entry = public.item_entry(item, meeting, position)
        uid = item.UID()
        data = self.typed("AgendaItem", "agendaitem", uid)
        data.update(
            {
                "meeting": self.url("meeting", meeting.UID()),
                "order": position,
                "name": entry.get("title") or "",
                "public": bool(entry.get("public")),
            }
        )
        if entry.get("number"):
            data["number"] = str(entry["number"])
        if public.case_of_item(item) is not None:
            data["consultation"] = self.url("consultation", uid)
        if entry.get("resolution") and not entry.get("restricted"):
            data["result"] = entry["resolution"]
        if entry.get("decision"):
            data["resolutionText"] = plain(entry["decision"])
        if entry.get("public") and not entry.get("restricted"):
            files = [self.attachment(item, doc) for doc in public.attachments(item)]
            if files:
                data["auxiliaryFile"] = files
        return stamp(item, data)

    def attachment(self, item, doc):
        """A public attachment: its own download (the public may View it)."""
        file = doc.file
        data = self.typed("File", "file", f"{item.UID()}-{doc.UID()}")
        data.update(
            {
                "name": doc.Title(),
                "fileName": f"{doc.getId()}.pdf"
                if file.contentType == "application/pdf"
                else doc.getId(),
                "mimeType": file.contentType,
                "size": file.getSize(),
                "accessUrl": doc.absolute_url(),
                "downloadUrl": f"{doc.absolute_url()}/@@download/file",
                "agendaItem": [self.url("agendaitem", item.UID())],
            }
        )
        return stamp(doc, data)

    def consultation(self, item, meeting):
        uid = item.UID()
        case = public.case_of_item(item)
        body = lookup.body_of(meeting)
        data = self.typed("Consultation", "consultation", uid)
        data.update(
            {
                "paper": self.url("paper", case.UID()),
                "agendaItem": self.url("agendaitem", uid),
                "meeting": self.url("meeting", meeting.UID()),
                "organization": [self.url("organization", body.UID())],
                "authoritative": public.is_checked(meeting),
            }
        )
        return stamp(item, data)

    def paper(self, case, placed):
        """``placed``: ``[(item, meeting)]`` of the case's public §s."""
        creator = self.creator_of(case)
        data = self.typed("Paper", "paper", case.UID())
        data.update(
            {
                "body": self.url("body", creator.UID()),
                "name": public.case_name(case),
                "consultation": [self.consultation(item, m) for item, m in placed],
            }
        )
        number = getattr(case, "diary_number", None)
        if number:
            data["reference"] = number
        modified = max(public.changed(item) for item, _m in placed)
        return stamp(case, data, modified)

    # ------------------------------------------------------------ finding

    def papers(self, creator):
        """``{case UID: (case, [(item, meeting)])}`` of the public §s, and the
        UIDs of cases whose §s are all on meetings gone from the web."""
        found, gone = {}, {}
        for meeting in public.public_meetings(creator):
            for _position, item in public.items(meeting):
                case = public.case_of_item(item)
                if case is not None:
                    found.setdefault(case.UID(), (case, []))[1].append((item, meeting))
        for meeting in public.gone_meetings(creator):
            for _position, item in public.items(meeting):
                case = public.case_of_item(item)
                if case is not None and case.UID() not in found:
                    gone[case.UID()] = max(
                        gone.get(case.UID(), public.changed(meeting)),
                        public.changed(meeting),
                    )
        return found, gone

    def item_place(self, item):
        """The public meeting of an item, or None; raises NotFound for one never public."""
        meeting = public.meeting_of_item(item)
        if meeting is None:
            return None, None
        if public.is_public_meeting(meeting):
            return meeting, None
        if public.is_gone_meeting(meeting):
            return None, meeting
        return None, None


# ---------------------------------------------------------------- lists


def parse_filters(form):
    """``{name: aware datetime}`` of the filters given; 400 naming a bad one."""
    found = {}
    for name in FILTERS:
        raw = form.get(name)
        if raw in (None, ""):
            continue
        try:
            value = datetime.datetime.fromisoformat(str(raw).replace(" ", "+"))
        except ValueError:
            raise field_bad_request(
                name, _(BAD_DATE, mapping={"parameter": name})
            ) from None
        if value.tzinfo is None:
            value = value.replace(tzinfo=TIMEZONE)
        found[name] = value.replace(microsecond=0)  # objects carry whole seconds
    return found


def parse_int(form, name, default, lowest, highest):
    raw = form.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        value = None
    if value is None or not lowest <= value <= highest:
        raise field_bad_request(name, _(BAD_NUMBER, mapping={"parameter": name}))
    return value


def in_range(data, filters):
    created = (
        datetime.datetime.fromisoformat(data["created"])
        if data.get("created")
        else None
    )
    modified = datetime.datetime.fromisoformat(data["modified"])
    checks = (
        ("created_since", created, lambda v, f: v is not None and v >= f),
        ("created_until", created, lambda v, f: v is not None and v <= f),
        ("modified_since", modified, lambda v, f: v >= f),
        ("modified_until", modified, lambda v, f: v <= f),
    )
    return all(
        check(value, filters[name]) for name, value, check in checks if name in filters
    )


def paginate(url, form, objects, filters, limit, page):
    """An OParl list of ``objects`` (callables giving the dicts, built only when
    needed) and ``gone`` stubs (already dicts) filtered and paged."""
    if filters:
        data = [obj() if callable(obj) else obj for obj in objects]
        data = [d for d in data if in_range(d, filters)]
        total = len(data)
        start = (page - 1) * limit
        shown = data[start : start + limit]
    else:
        total = len(objects)
        start = (page - 1) * limit
        shown = [
            obj() if callable(obj) else obj for obj in objects[start : start + limit]
        ]
    pages = max(1, math.ceil(total / limit))
    params = {
        k: v
        for k, v in form.items()
        if k in (*FILTERS, "limit") and v not in ("", None)
    }

    def link(number):
        return url + "?" + urllib.parse.urlencode({**params, "page": number})

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": shown,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


# ---------------------------------------------------------------- service


@implementer(IPublishTraverse)
class OParl(Service):
    """``GET @oparl/...``."""

    path = ()

    def publishTraverse(self, request, name):
        self.path = [*self.path, name]
        return self

    def reply(self):
        self.request.response.setHeader("Access-Control-Allow-Origin", "*")
        root = f"{self.context.absolute_url()}/@oparl"
        graph = Graph(self.context, root)
        form = self.request.form
        path = [p for p in self.path if p]
        found = self.route(graph, path, form)
        if found is None:
            raise NotFound("/".join(path))
        return found

    def route(self, graph, path, form):
        if path in ([], ["system"]):
            return graph.system()
        head, rest = path[0], path[1:]
        if head == "body":
            return self.route_body(graph, rest, form)
        if len(rest) == 2 and head == "organization" and rest[1] == "meeting":
            body = graph.public_body(rest[0])
            if body is None:
                return None
            return self.meeting_list(graph, form, body=body, url=graph.url(*path))
        if len(rest) != 1:
            return None
        name = rest[0]
        handler = getattr(self, f"get_{head}", None)
        return handler(graph, name) if handler is not None else None

    def route_body(self, graph, rest, form):
        if not rest:
            filters = parse_filters(form)
            limit = parse_int(form, "limit", PAGE_SIZE, 1, MAX_PAGE_SIZE)
            page = parse_int(form, "page", 1, 1, 10**6)
            objects = [lambda c=c: graph.body(c) for c in graph.creators()]
            return paginate(graph.url("body"), form, objects, filters, limit, page)
        creator = graph.creator(rest[0])
        if creator is None:
            return None
        if len(rest) == 1:
            return graph.body(creator)
        if len(rest) != 2:
            return None
        url = graph.url("body", *rest)
        if rest[1] == "meeting":
            return self.meeting_list(graph, form, creator=creator, url=url)
        filters = parse_filters(form)
        limit = parse_int(form, "limit", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        page = parse_int(form, "page", 1, 1, 10**6)
        if rest[1] == "organization":
            objects = [lambda b=b: graph.organization(b) for b in graph.bodies(creator)]
        elif rest[1] == "person":
            people = graph.people(creator)
            objects = [
                lambda k=k, e=e: graph.person(creator, k, e)
                for k, e in sorted(people.items())
            ]
        elif rest[1] == "paper":
            found, gone = graph.papers(creator)
            objects = [lambda c=c, p=p: graph.paper(c, p) for c, p in found.values()]
            if "modified_since" in filters:
                objects += [
                    graph.deleted("Paper", ("paper", uid), when)
                    for uid, when in gone.items()
                ]
        else:
            return None
        return paginate(url, form, objects, filters, limit, page)

    def meeting_list(self, graph, form, url, creator=None, body=None):
        filters = parse_filters(form)
        limit = parse_int(form, "limit", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        page = parse_int(form, "page", 1, 1, 10**6)
        objects = []
        for brain in public.meeting_brains(creator, body):
            objects.append(lambda b=brain: b.getObject())
        if filters:
            meetings = [m() for m in objects]
            objects = [
                lambda m=m: graph.meeting(m)
                for m in meetings
                if public.is_public_meeting(m)
            ]
            if "modified_since" in filters:
                objects += [
                    graph.deleted("Meeting", ("meeting", m.UID()), public.changed(m))
                    for m in public.gone_meetings(creator, body)
                ]
        else:
            meetings = public.public_meetings(creator, body)
            objects = [lambda m=m: graph.meeting(m) for m in meetings]
        return paginate(url, form, objects, filters, limit, page)

    # ------------------------------------------------------------ single objects

    def get_organization(self, graph, uid):
        body = graph.public_body(uid)
        return graph.organization(body) if body is not None else None

    def get_legislativeterm(self, graph, uid):
        body = graph.public_body(uid)
        return graph.term(body) if body is not None and graph.has_term(body) else None

    def get_person(self, graph, name):
        creator_uid, _sep, person_key = name.partition("-")
        creator = graph.creator(creator_uid)
        if creator is None:
            return None
        entry = graph.people(creator).get(person_key)
        return graph.person(creator, person_key, entry) if entry else None

    def get_membership(self, graph, name):
        body_uid, _sep, person_key = name.partition("-")
        body = graph.public_body(body_uid)
        if body is None:
            return None
        for row in graph.rows(body):
            if key(row["userid"]) == person_key:
                return graph.membership(body, row)
        return None

    def public_meeting(self, graph, uid):
        meeting = by_uid(uid)
        if public.is_public_meeting(meeting):
            return meeting
        return None

    def get_meeting(self, graph, uid):
        meeting = by_uid(uid)
        if public.is_public_meeting(meeting):
            return graph.meeting(meeting)
        if public.is_gone_meeting(meeting):
            return graph.deleted("Meeting", ("meeting", uid), public.changed(meeting))
        return None

    def get_location(self, graph, uid):
        meeting = self.public_meeting(graph, uid)
        if meeting is None or not getattr(meeting, "place", None):
            return None
        return graph.location(meeting)

    def get_file(self, graph, name):
        uid, _sep, which = name.partition("-")
        if which not in ("agenda", "minutes"):
            return self.get_attachment(graph, uid, which)
        meeting = self.public_meeting(graph, uid)
        if meeting is None or which not in ("agenda", "minutes"):
            return None
        if which == "minutes" and not public.is_checked(meeting):
            return None
        return graph.file(meeting, which)

    def get_attachment(self, graph, item_uid, doc_uid):
        item, meeting, _gone = self._item(graph, item_uid)
        if meeting is None:
            return None
        position = {p.UID(): n for n, p in public.items(meeting)}.get(item_uid)
        entry = public.item_entry(item, meeting, position)
        if not entry.get("public") or entry.get("restricted"):
            return None
        for doc in public.attachments(item):
            if doc.UID() == doc_uid:
                return graph.attachment(item, doc)
        return None

    def _item(self, graph, uid):
        item = by_uid(uid)
        if not IAgendaItem.providedBy(item):
            return None, None, None
        meeting, gone = graph.item_place(item)
        return item, meeting, gone

    def get_agendaitem(self, graph, uid):
        item, meeting, gone = self._item(graph, uid)
        if meeting is not None:
            for position, placed in public.items(meeting):
                if placed.UID() == uid:
                    return graph.agenda_item(item, meeting, position)
        if gone is not None:
            return graph.deleted(
                "AgendaItem", ("agendaitem", uid), public.changed(gone)
            )
        return None

    def get_consultation(self, graph, uid):
        item, meeting, gone = self._item(graph, uid)
        if meeting is not None and public.case_of_item(item) is not None:
            return graph.consultation(item, meeting)
        if gone is not None:
            return graph.deleted(
                "Consultation", ("consultation", uid), public.changed(gone)
            )
        return None

    def get_paper(self, graph, uid):
        case = by_uid(uid)
        if not ICase.providedBy(case):
            return None
        creator = graph.creator_of(case)
        if creator is None:
            return None
        found, gone = graph.papers(creator)
        if uid in found:
            return graph.paper(*found[uid])
        if uid in gone:
            return graph.deleted("Paper", ("paper", uid), gone[uid])
        return None


class OParlView(PlainJSONView):
    """``@oparl`` without ``Accept: application/json`` (a harvester's curl)."""

    service_factory = OParl
