"""What the 6Aika decision API (``paatos``) publishes, as plain dicts.

Everything is read unrestricted and only public versions leave:

- organization: each archive creator and each of its bodies that Anonymous may
  View (``registry.entry.is_public``);
- event: a checked meeting (state ``checked``: a withdrawn meeting is gone)
  that Anonymous may View and whose online period has not ended;
- action: a decided § of such a meeting, as the public reads it
  (``meetings.minutes.compose_item(item, meeting, full=False)``: a non-public §
  is its public title and grounds only), and an office-holder decision listed
  publicly (``publish_online``, decided, not withdrawn: ``decisions.public_row``);
- case: the case of an action (title: its public title unless
  ``chain.title_is_public``; register_id: the diary number);
- function: the task class of a listed case, and its parents;
- post: an office-holder post of a listed decision (per archive creator);
- person, membership: the members and deputies of a listed body (names and
  functions only).

``modified_at`` of a §, a decision or a meeting is ``public.changed`` (the
shared helper of the OParl API: modification, last transition, scrub).
Ids (``ident``) are integers derived from the UID (or from the UIDs and names a
derived object is made of): they survive export and import, which keep UIDs.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from html import escape
from municipality.policy.base.dates import helsinki
from municipality.policy.classification import lookup as classes
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ICase
from municipality.policy.meetings import access
from municipality.policy.meetings import agenda
from municipality.policy.meetings import decisions
from municipality.policy.meetings import lookup
from municipality.policy.meetings import minutes
from municipality.policy.meetings import publicversion
from municipality.policy.opendata import public
from municipality.policy.registry.entry import is_public
from municipality.policy.security import chain
from plone import api
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory
import contextlib
import hashlib


KINDS = (
    "case",
    "action",
    "event",
    "organization",
    "post",
    "person",
    "membership",
    "function",
)


def ident(*parts):
    """A stable integer id (52 bits: exact in JSON numbers everywhere)."""
    if len(parts) == 1 and len(parts[0]) == 32:
        return int(parts[0][:13], 16)
    key = "\x1f".join(parts).encode("utf-8")
    return int(hashlib.sha256(key).hexdigest()[:13], 16)


def iso(value):
    """An aware datetime (or Zope DateTime) as ISO 8601 with its offset."""
    if value is None:
        return None
    if hasattr(value, "asdatetime"):
        value = value.asdatetime()
    return value.isoformat()


def day(value):
    """A date, or the Helsinki day of a datetime, as ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value[:10]
    if hasattr(value, "hour") or hasattr(value, "asdatetime"):
        value = helsinki(value).date()
    return value.isoformat()


def latest(*values):
    found = []
    for value in values:
        if value is None:
            continue
        if hasattr(value, "asdatetime"):
            value = value.asdatetime()
        found.append(value)
    return max(found) if found else None


def clean(data):
    """``data`` without keys whose value is None (the swagger has no nulls)."""
    return {key: value for key, value in data.items() if value is not None}


def _objects(**query):
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(sort_on="path", **query)
    ]


def _creator_of(obj):
    for parent in aq_inner(obj).aq_chain:
        if IArchiveCreator.providedBy(parent):
            return parent
    return None


def _case_of(obj):
    parent = aq_parent(aq_inner(obj))
    return parent if ICase.providedBy(parent) else None


def _ground_title(item, value):
    factory = queryUtility(IVocabularyFactory, "municipality.SecurityReasons")
    if factory is not None and value:
        with contextlib.suppress(LookupError):
            return factory(item).getTerm(value).title or value
    return value or None


class Ref:
    """One published object: its kind, id, source object and what filters see."""

    def __init__(self, kind, key, obj, modified=None, **links):
        self.kind = kind
        self.id = key
        self.obj = obj
        self.modified = modified
        self.links = links  # filter name -> id(s)


class Graph:
    """Everything the API publishes at this moment, collected once per request."""

    def __init__(self, base_url, data_source):
        self.base = base_url.rstrip("/")
        self.data_source = data_source
        self.refs = {kind: {} for kind in KINDS}
        self._collect()

    # ------------------------------------------------------------ urls
    def url(self, kind, key):
        return f"{self.base}/{kind}/{key}/"

    def ref_url(self, ref):
        return self.url(ref.kind, ref.id)

    def _add(self, ref):
        self.refs[ref.kind].setdefault(ref.id, ref)
        return self.refs[ref.kind][ref.id]

    # ------------------------------------------------------------ collect
    def _collect(self):
        for creator in _objects(portal_type="ArchiveCreator"):
            if not is_public(creator):
                continue
            org = self._add(
                Ref("organization", ident(creator.UID()), creator, creator.modified())
            )
            org.links["organization"] = {org.id}
            org.children = []
        for body in _objects(portal_type="Body"):
            creator = _creator_of(body)
            if creator is None or ident(creator.UID()) not in self.refs["organization"]:
                continue
            if not is_public(body):
                continue
            ref = self._add(
                Ref("organization", ident(body.UID()), body, body.modified())
            )
            ref.parent = ident(creator.UID())
            ref.links["organization"] = {ref.id, ref.parent}
            self._members(body, ref)
        for meeting in _objects(portal_type="Meeting", review_state="checked"):
            self._meeting(meeting)
        for decision in _objects(
            portal_type="OfficeHolderDecision",
            review_state=list(publicversion.DECISION_STATES),
        ):
            self._decision(decision)

    def _members(self, body, org):
        for row in getattr(aq_base(body), "members", None) or ():
            if not row.get("userid"):
                continue
            people = [(row, row.get("function") or "member")] + [
                (deputy, "deputy_member")
                for deputy in row.get("deputies") or ()
                if deputy.get("userid")
            ]
            for who, role in people:
                person = self._add(
                    Ref("person", ident("person", who["userid"]), who, body.modified())
                )
                person.name = who.get("name") or who["userid"]
                membership = self._add(
                    Ref(
                        "membership",
                        ident("membership", body.UID(), who["userid"], role),
                        who,
                        body.modified(),
                        organization={org.id, org.parent},
                    )
                )
                membership.role = role
                membership.person = person.id
                membership.org = org.id
                membership.row = row
                person.links.setdefault("organization", set()).update(
                    membership.links["organization"]
                )

    def _meeting(self, meeting):
        body = lookup.body_of(meeting)
        if body is None or ident(body.UID()) not in self.refs["organization"]:
            return
        if not is_public(meeting) or publicversion.is_withdrawn(meeting):
            return
        org = self.refs["organization"][ident(body.UID())]
        event = self._add(
            Ref(
                "event",
                ident(meeting.UID()),
                meeting,
                latest(
                    public.changed(meeting), publicversion.minutes_published(meeting)
                ),
                organization={org.id, org.parent},
            )
        )
        event.actions = []
        for position, item in enumerate(lookup.agenda_items(meeting), start=1):
            if not item.number or lookup.state(item) != "checked":
                continue
            case = _case_of(item)
            action = self._add(
                Ref(
                    "action",
                    ident(item.UID()),
                    item,
                    public.changed(item),
                    organization=event.links["organization"],
                    event={event.id},
                )
            )
            action.meeting = meeting
            action.position = position
            event.actions.append(action.id)
            self._collect_case(case, action)

    def _decision(self, decision):
        creator = _creator_of(decision)
        if creator is None or ident(creator.UID()) not in self.refs["organization"]:
            return
        if not getattr(aq_base(decision), "publish_online", False):
            return
        if not decision.decision_date or not decision.number:
            return
        if publicversion.is_withdrawn(decision):
            return
        org = self.refs["organization"][ident(creator.UID())]
        post = None
        if decision.post:
            post = self._add(
                Ref(
                    "post",
                    ident("post", creator.UID(), decision.post),
                    decision.post,
                    None,
                    organization={org.id},
                )
            )
            post.org = org.id
            post.modified = latest(post.modified, decision.modified())
        action = self._add(
            Ref(
                "action",
                ident(decision.UID()),
                decision,
                public.changed(decision),
                organization={org.id},
            )
        )
        action.meeting = None
        action.position = None
        action.post = post.id if post else None
        self._collect_case(_case_of(decision), action)

    def _collect_case(self, case, action):
        if case is None:
            return
        ref = self._add(
            Ref("case", ident(case.UID()), case, case.modified(), organization=set())
        )
        ref.actions = getattr(ref, "actions", [])
        ref.actions.append(action.id)
        ref.links["organization"] |= action.links["organization"]
        ref.modified = latest(ref.modified, action.modified)
        action.case = ref.id
        action.links["case"] = {ref.id}
        task_class = classes.task_class(getattr(case, "task_class", None), case)
        ref.function = None
        while task_class is not None and getattr(task_class, "portal_type", "") == (
            "TaskClass"
        ):
            function = self._add(
                Ref(
                    "function",
                    ident(task_class.UID()),
                    task_class,
                    task_class.modified(),
                )
            )
            ref.function = ref.function or function.id
            parent = aq_parent(aq_inner(task_class))
            function.parent = (
                ident(parent.UID())
                if getattr(parent, "portal_type", "") == "TaskClass"
                else None
            )
            task_class = parent

    # ------------------------------------------------------------ serialize
    def common(self, ref):
        obj = ref.obj
        data = {
            "url": self.ref_url(ref),
            "id": ref.id,
            "data_source": self.data_source,
            "modified_at": iso(ref.modified),
        }
        if hasattr(obj, "UID"):
            data["origin_id"] = obj.UID()
            data["created_at"] = iso(obj.created())
        return data

    def serialize(self, ref):
        return clean(getattr(self, f"_{ref.kind}")(ref))

    def _organization(self, ref):
        obj = ref.obj
        parent = getattr(ref, "parent", None)
        data = self.common(ref)
        data.update(
            {
                "name": obj.Title(),
                "classification": getattr(aq_base(obj), "body_kind", None)
                or "archive_creator",
                "parent": self.url("organization", parent) if parent else None,
                "founding_date": day(getattr(aq_base(obj), "term_start", None)),
                "dissolution_date": day(getattr(aq_base(obj), "term_end", None)),
                "events": [
                    self.ref_url(e)
                    for e in self.refs["event"].values()
                    if ref.id in e.links["organization"] and parent
                ],
                "posts": [
                    self.ref_url(p)
                    for p in self.refs["post"].values()
                    if getattr(p, "org", None) == ref.id
                ],
            }
        )
        return data

    def _org_summary(self, key):
        org = self.refs["organization"][key]
        return clean(
            {
                "url": self.ref_url(org),
                "id": org.id,
                "name": org.obj.Title(),
                "classification": getattr(aq_base(org.obj), "body_kind", None)
                or "archive_creator",
            }
        )

    def _event(self, ref):
        meeting = ref.obj
        body = lookup.body_of(meeting)
        data = self.common(ref)
        data.update(
            {
                "name": agenda.meeting_title(meeting, body),
                "start_date": day(meeting.start),
                "end_date": day(
                    getattr(meeting, "end", None)
                    or getattr(meeting, "closed", None)
                    or meeting.start
                ),
                "location": getattr(meeting, "place", None) or None,
                "organization": self.url("organization", ident(body.UID())),
                "actions": [self.url("action", key) for key in ref.actions],
            }
        )
        return data

    def _action(self, ref):
        data = self.common(ref)
        data["case"] = (
            self.url("case", ref.case) if getattr(ref, "case", None) else None
        )
        if ref.meeting is None:
            return self._decision_action(ref, data)
        item, meeting = ref.obj, ref.meeting
        entry = minutes.compose_item(item, meeting, full=False)
        data.update(
            {
                "title": entry["title"],
                "ordering": ref.position,
                "article_number": str(item.number),
                "resolution": entry.get("resolution") or None,
                "event": self.url("event", ident(meeting.UID())),
                "public": entry["public"],
                "contents": [],
                "attachments": [],
                "votes": [],
            }
        )
        if entry["restricted"]:
            data["confidentiality_reason"] = ", ".join(entry["grounds"]) or None
            return data
        data["contents"] = self._contents(entry)
        data["attachments"] = self._attachments(item)
        data["votes"] = [
            clean(
                {
                    "identifier": str(index),
                    "result": str(vote.get("result") or "") or None,
                    "counts": [
                        {"option": str(option), "value": int(value)}
                        for option, value in (vote.get("counts") or {}).items()
                    ],
                }
            )
            for index, vote in enumerate(entry["votes"], start=1)
        ]
        return data

    def _contents(self, entry):
        contents = []
        proposal = (entry.get("presentation") or "") + (entry.get("proposal") or "")
        if proposal.strip():
            contents.append({"type": "proposal", "hypertext": proposal})
        proceedings = [
            f"<p>{escape(row['by_name'])}: {escape(row['text'] or '')}</p>"
            for row in entry["proposals"]
        ] + [
            f"<p>{escape(row['name'])}: {escape(row['text'] or '')}</p>"
            for row in entry["dissents"]
        ]
        if proceedings:
            contents.append({"type": "proceedings", "hypertext": "".join(proceedings)})
        if (entry.get("decision") or "").strip():
            contents.append({"type": "decision", "hypertext": entry["decision"]})
        for index, content in enumerate(contents, start=1):
            content["ordering"] = index
        return contents

    def _attachments(self, item):
        rows = []
        for row, doc in access.attachment_rows(item):
            public = bool(row.get("public"))
            rows.append(
                clean(
                    {
                        "public": public,
                        "name": doc.Title() if public else None,
                        "url": doc.absolute_url()
                        if public and is_public(doc)
                        else None,
                        "origin_id": doc.UID() if public else None,
                        "confidentiality_reason": None
                        if public
                        else _ground_title(item, row.get("ground")),
                    }
                )
            )
        return rows

    def _decision_action(self, ref, data):
        decision = ref.obj
        row = decisions.public_row(decision)
        data.update(
            {
                "title": row["title"] or agenda.public_title(decision),
                "article_number": str(decision.number),
                "post": self.url("post", ref.post) if ref.post else None,
                "public": row["public"],
                "contents": [
                    {"type": "decision", "hypertext": row["text"], "ordering": 1}
                ]
                if row["public"] and row["text"]
                else [],
                "attachments": [],
                "date": row["date"],
            }
        )
        return data

    def _case(self, ref):
        case = ref.obj
        number = getattr(aq_base(case), "diary_number", None)
        if chain.title_is_public(case):
            title = case.Title()
        else:
            title = getattr(aq_base(case), "public_title", None) or number
        data = self.common(ref)
        data.update(
            {
                "title": title,
                "register_id": number,
                "function": self.url("function", ref.function)
                if ref.function
                else None,
                "actions": [self.url("action", key) for key in ref.actions],
                "attachments": [],
            }
        )
        return data

    def _function(self, ref):
        task_class = ref.obj
        data = self.common(ref)
        data.update(
            {
                "name": classes.class_title(task_class),
                "function_id": getattr(task_class, "code", None) or task_class.getId(),
                "parent": self.url("function", ref.parent)
                if getattr(ref, "parent", None)
                else None,
            }
        )
        return data

    def _post(self, ref):
        return {
            "url": self.ref_url(ref),
            "id": str(ref.id),
            "label": ref.obj,
            "organization": self._org_summary(ref.org),
            "updated_at": iso(ref.modified),
        }

    def _membership_data(self, ref):
        row = ref.row if ref.role != "deputy_member" else ref.obj
        return clean(
            {
                "url": self.ref_url(ref),
                "id": str(ref.id),
                "role": ref.role,
                "label": ref.role,
                "person_id": str(ref.person),
                "person_url": self.url("person", ref.person),
                "organization": self._org_summary(ref.org),
                "start_date": day(row.get("start")) if row.get("start") else None,
                "end_date": day(row.get("end")) if row.get("end") else None,
                "updated_at": iso(ref.modified),
            }
        )

    def _membership(self, ref):
        return self._membership_data(ref)

    def _person(self, ref):
        return {
            "url": self.ref_url(ref),
            "id": str(ref.id),
            "name": ref.name,
            "memberships": [
                self._membership_data(m)
                for m in self.refs["membership"].values()
                if m.person == ref.id
            ],
            "updated_at": iso(ref.modified),
        }
