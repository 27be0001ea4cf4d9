"""Office holders' decisions (viranhaltijapäätös) and the call-in (otto-oikeus).

- ``decide(decision, when=None)`` by the decider (or a chief records
  officer): the number per post and year (``numbering.take(archive_creator,
  "post:<post>", year)``), the decision date (Helsinki), the decision's
  ``decide``, the case's phase log entry ``decision`` (data ``post``,
  ``number``, ``year``, ``decider``, ``decision_uid``, ``date``), the case
  moved to ``paatetty`` through the transitions it needs (adopted Manager
  roles; the agent is the current user) and the decision filed as a
  registered CaseDocument of record type "Päätös" (its text as a PDF).
- ``call_in_deadline(decision)``: the last day of the rectification period
  counted from the day the decision is deemed known (published on the web:
  decision date + 7), moved past weekends and holidays (KuntaL 92 §, 138 §).
- ``call_in(decision, body)`` by the body's secretary (or a chief records
  officer) within that period only: state ``called_in``, ``called_in_by``
  the body's UID, a phase log entry and an agenda item drafted in the same
  case for the body ("Otto-oikeuden käyttö: <title>").
- ``public_decisions(creator, post=None, year=None)``: the decided decisions
  published online (KuntaL 140.2 §: only when the decider found it
  necessary), newest first, as public rows: never the text of a non-public
  decision; marked personal data only until it is scrubbed, and nothing
  after the online period (``publicversion``).
"""

from Acquisition import aq_base
from datetime import UTC
from datetime import datetime
from lxml import html as lxml_html
from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import helsinki
from municipality.policy.cases import phaselog
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.meetings import appeals
from municipality.policy.meetings import numbering
from municipality.policy.meetings import publicversion
from municipality.policy.meetings.lookup import state
from municipality.policy.meetings.rights import manager_roles
from municipality.policy.meetings.writeback import move_case_to_decided
from municipality.policy.security.localroles import archive_creator_of
from plone import api


#: Roles that may act for the decider / the body's secretary.
ADMINS = ("Manager", "Site Administrator", "ChiefRecordsOfficer")
CALL_IN_PREFIX = "Otto-oikeuden käyttö: "


class DecisionError(Exception):
    """Refused: ``field``, translatable ``message``, HTTP-like ``status``."""

    def __init__(self, field, message, status=400):
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.status = status


def _userid():
    return None if api.user.is_anonymous() else api.user.get_current().getId()


def _has_admin_role(obj):
    if api.user.is_anonymous():
        return False
    return any(role in ADMINS for role in api.user.get_roles(obj=obj))


def may_decide(decision):
    user = _userid()
    return bool(user) and (user == decision.decider or _has_admin_role(decision))


def _day(when):
    when = when if when is not None else datetime.now(UTC)
    if not isinstance(when, datetime):
        return when  # a date: the Helsinki day itself
    return helsinki(when).date()


def _paragraphs(text):
    source = getattr(text, "raw", text) or ""
    if not source.strip():
        return []
    root = lxml_html.fragment_fromstring(source, create_parent="div")
    blocks = [" ".join(" ".join(el.itertext()).split()) for el in root]
    if root.text and root.text.strip():
        blocks.insert(0, root.text.strip())
    return [block for block in blocks if block]


def decision_pdf(decision):
    """The decision as a PDF (bytes): heading, post, number, date, delegation
    and text (the record in the case: the full text)."""
    title = f"Viranhaltijapäätös {decision.number}/{decision.decision_date.year}"
    paragraphs = [
        decision.Title(),
        f"Päättäjä: {decision.post}",
        f"Päivämäärä: {decision.decision_date.strftime('%-d.%-m.%Y')}",
        f"Toimivalta: {decision.delegation}",
        *_paragraphs(decision.text),
    ]
    return make_pdf(title, paragraphs)


def decide(decision, when=None):
    """Decide ``decision`` (see the module); returns its number."""
    if not may_decide(decision):
        raise DecisionError(
            "decider",
            _(
                "msg_decision_decider_only",
                default="Only the decider signs the decision.",
            ),
            status=403,
        )
    if state(decision) != "draft":
        raise DecisionError(
            "decision",
            _("msg_decision_not_draft", default="The decision has been made already."),
        )
    post = (decision.post or "").strip()
    if not post:
        raise DecisionError(
            "post", _("msg_decision_post_required", default="Give the post.")
        )
    case = parent_case(decision)
    creator = archive_creator_of(decision)
    if case is None or creator is None:
        raise DecisionError(
            "decision",
            _("msg_decision_no_case", default="A decision is made in a case."),
        )
    day = _day(when)
    decision.number = numbering.take(creator, "post:" + post, day.year)
    decision.decision_date = day
    agent = _userid()
    with manager_roles():
        api.content.transition(obj=decision, transition="decide")
        move_case_to_decided(case)
        phaselog.add(
            case,
            phaselog.DECISION,
            "paatoksenteko",
            data={
                "post": post,
                "number": decision.number,
                "year": day.year,
                "decider": decision.decider,
                "decision_uid": decision.UID(),
                "date": day.isoformat(),
            },
            agent=agent,
        )
        create_document(
            case,
            title=f"Viranhaltijapäätös {decision.number}/{day.year} ({post})",
            file=(
                decision_pdf(decision),
                f"viranhaltijapaatos-{decision.number}-{day.year}.pdf",
            ),
            record_type="Päätös",
            direction="internal",
            registration_date=day,
        )
    decision.reindexObject()
    return decision.number


# ------------------------------------------------------------------ call-in
def call_in_deadline(decision):
    """The last day a body may call ``decision`` in (None before it is made)."""
    if not decision.decision_date:
        return None
    received = appeals.deemed_received(decision.decision_date, "web")
    return appeals.last_day_of_appeal(received, "rectification")


def may_call_in(decision, body):
    user = _userid()
    if not user:
        return False
    if user == getattr(body, "secretary", None):
        return True
    roles = api.user.get_roles(obj=body)
    return "MeetingSecretary" in roles or any(role in ADMINS for role in roles)


def call_in(decision, body, when=None):
    """``body`` takes ``decision`` up for itself; returns the drafted item."""
    if not interfaces.IBody.providedBy(body):
        raise DecisionError(
            "body", _("msg_decision_no_body", default="Choose the body.")
        )
    if not may_call_in(decision, body):
        raise DecisionError(
            "body",
            _(
                "msg_decision_call_in_secretary",
                default="Only the body's secretary records a call-in.",
            ),
            status=403,
        )
    if state(decision) != "decided":
        raise DecisionError(
            "decision",
            _(
                "msg_decision_not_decided",
                default="Only a decision made (and not yet called in) can be "
                "called in.",
            ),
        )
    last = call_in_deadline(decision)
    day = _day(when)
    if day > last:
        raise DecisionError(
            "decision",
            _(
                "msg_decision_call_in_late",
                default="The call-in period ended on ${day}: the decision can "
                "no longer be called in (KuntaL 92 §).",
                mapping={"day": last.strftime("%-d.%-m.%Y")},
            ),
        )
    case = parent_case(decision)
    agent = _userid()
    with manager_roles():
        api.content.transition(obj=decision, transition="call_in")
        decision.called_in_by = body.UID()
        phaselog.add(
            case,
            phaselog.DECISION,
            "paatoksenteko",
            data={
                "event": "called_in",
                "post": decision.post,
                "number": decision.number,
                "year": decision.decision_date.year,
                "decision_uid": decision.UID(),
                "body": body.UID(),
                "body_title": body.Title(),
                "date": day.isoformat(),
            },
            agent=agent,
        )
        item = api.content.create(
            container=case,
            type="AgendaItem",
            title=CALL_IN_PREFIX + decision.Title(),
            public_title=(
                CALL_IN_PREFIX + decision.public_title
                if getattr(aq_base(decision), "public_title", None)
                else None
            ),
        )
    decision.reindexObject()
    return item


# ------------------------------------------------------------ public list
def is_public(decision):
    """A decision whose text the public may read (its publicity class)."""
    return getattr(decision, "publicity_class", None) == "public"


def public_row(decision, request=None):
    """What the public may see of a published decision."""
    public = is_public(decision)
    row = {
        "UID": decision.UID(),
        "number": decision.number,
        "year": decision.decision_date.year if decision.decision_date else None,
        "post": decision.post,
        "date": decision.decision_date.isoformat() if decision.decision_date else None,
        "public": public,
        "title": decision.Title()
        if public
        else (getattr(decision, "public_title", None) or ""),
        "text": publicversion.html(decision, decision.text) if public else "",
        "appeal_type": decision.appeal_type,
    }
    return row


def public_decisions(creator, post=None, year=None):
    """Public rows of ``creator``'s decided, published-online decisions,
    newest first (read unrestricted; only public versions leave)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="OfficeHolderDecision",
        path="/".join(creator.getPhysicalPath()),
        review_state=["decided", "called_in"],
    )
    rows = []
    for brain in brains:
        decision = brain._unrestrictedGetObject()
        if not getattr(aq_base(decision), "publish_online", False):
            continue
        if not decision.decision_date or not decision.number:
            continue
        if publicversion.is_withdrawn(decision):
            continue  # the online period ended (KuntaL 140 §)
        if post and decision.post != post:
            continue
        if year and decision.decision_date.year != int(year):
            continue
        rows.append(public_row(decision))
    rows.sort(key=lambda r: (r["date"], r["year"], r["number"]), reverse=True)
    return rows


def posts_and_years(creator):
    """The filter options: posts and years of the published decisions."""
    rows = public_decisions(creator)
    return sorted({r["post"] for r in rows}), sorted(
        {r["year"] for r in rows}, reverse=True
    )
