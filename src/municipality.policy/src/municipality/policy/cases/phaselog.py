"""Handling-phase log (käsittelyvaiheet): SÄHKE2 Actions of a case.

An append-only list of entries in an annotation of the case. An entry is
structured data, never a sentence in the writer's language; it is rendered at
read time in the reader's language and Europe/Helsinki (``render``). Keys:

- ``id``: running number (1, 2, ...)
- ``kind``: what happened (``KINDS``): ``phase`` a handling phase recorded by
  hand, ``registration`` the case was registered (``data["number"]``),
  ``state`` a workflow transition (``data``: ``transition``, ``old``, ``new``),
  ``document`` a document was registered or got a new version (``data``:
  ``event``, ``document``, ``uid``, ``title``, ``sha256``), ``grant`` /
  ``revoke`` a role (``data``: ``role``, ``principal``, ``cause``),
  ``inheritance`` (``data["blocked"]``), ``restriction`` changes of restriction
  or retention (``data``: ``document`` or None, ``changes`` ``[{field, old,
  new}]``), ``legacy`` an entry of an old site kept as its text.
- ``action_class``: the SÄHKE2 / JHS 191 action class
- ``date``: aware datetime in UTC; ``day``: True when only the day is known
- ``agent``: the actor's user id (None: anonymous or the system)
- ``state``: the case's workflow state when written
- ``description``: a public description written by a person ("" if none)
- ``note``: text for staff only (a transition comment, a grant's reason,
  the reason of a restriction change, a legacy sentence)

Who sees what (``sees_all``): the public (anonymous, and anyone who may only
view the case because it is public or open to staff) sees the public kinds
(``PUBLIC_KINDS``: handling phases with their type, date and public
description; the registration; status changes; document registrations) and
never a user id, a note, a grant or a restriction; those who handle the case
(``FULL_PERMISSION`` on it) see everything, with user names.
"""

from copy import deepcopy
from datetime import UTC
from datetime import date as _date
from datetime import datetime
from municipality.policy import _
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.dates import helsinki
from municipality.policy.base.formatting import user_title
from municipality.policy.cases.vocabularies import action_class_title
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message


KEY = "municipality.policy.phaselog"

PHASE = "phase"
REGISTRATION = "registration"
STATE = "state"
DOCUMENT = "document"
GRANT = "grant"
REVOKE = "revoke"
INHERITANCE = "inheritance"
RESTRICTION = "restriction"
LEGACY = "legacy"
#: a decision: a body's § (``meetings``, once the minutes are checked) or an
#: office holder's decision; rendered by ``meetings.phaselog``
DECISION = "decision"
#: a legal hold placed on / released from a case (``archive.retention``;
#: staff only, rendered there): ``data["reason"]``
HOLD = "hold"
RELEASE = "release"
#: the case's documents removed by an approved disposal list
#: (``archive.disposal``; staff only, rendered there): ``data``: ``list``,
#: ``list_id``, ``list_title``, ``documents`` (``id``, ``uid``, ``title``, ``sha256``)
DISPOSAL = "disposal"
KINDS = (
    PHASE,
    REGISTRATION,
    STATE,
    DOCUMENT,
    GRANT,
    REVOKE,
    INHERITANCE,
    RESTRICTION,
    LEGACY,
    DECISION,
    HOLD,
    RELEASE,
    DISPOSAL,
)
#: Kinds the public sees (type, date, public text; never agent or note).
PUBLIC_KINDS = (PHASE, REGISTRATION, STATE, DOCUMENT, DECISION)
#: Who holds it on the case sees every entry, with agents and notes: the roles
#: handling the case (the "H" column of security/model.py: the case's history).
FULL_PERMISSION = "CMFEditions: Access previous versions"

#: The label of an entry of a kind that is not a handling phase (others show
#: their action class).
KIND_LABELS = {
    GRANT: _("label_phase_kind_access", default="Access rights"),
    REVOKE: _("label_phase_kind_access", default="Access rights"),
    INHERITANCE: _("label_phase_kind_access", default="Access rights"),
    RESTRICTION: _("label_phase_kind_restriction", default="Publicity and retention"),
    LEGACY: _("label_phase_kind_legacy", default="Earlier entry"),
}

#: kind -> function(case, entry, request, full) -> text; for kinds whose
#: sentences need a higher layer (roles, restriction fields), see ``renders``.
RENDERERS = {}


def renders(*kinds):
    """Decorator: register the text renderer of ``kinds``."""

    def register(function):
        for kind in kinds:
            RENDERERS[kind] = function
        return function

    return register


# ------------------------------------------------------------------ writing
def _utc(value):
    """(aware UTC datetime, day-only flag) of a date, datetime or None.

    A date is a day in Helsinki (its midnight); a naive datetime is
    Helsinki wall-clock time.
    """
    if value is None:
        return datetime.now(UTC), False
    if not isinstance(value, datetime) and isinstance(value, _date):
        midnight = datetime(value.year, value.month, value.day, tzinfo=TIMEZONE)
        return midnight.astimezone(UTC), True
    if value.tzinfo is None:
        value = value.replace(tzinfo=TIMEZONE)
    return value.astimezone(UTC), False


def _current_user_id():
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def _state(case):
    """The workflow state; before the workflow is initialised, its initial state."""
    wftool = api.portal.get_tool("portal_workflow")
    for workflow in wftool.getWorkflowsFor(case):
        status = wftool.getStatusOf(workflow.getId(), case)
        state = (status or {}).get(getattr(workflow, "state_var", "review_state"))
        if state:
            return state
        return getattr(workflow, "initial_state", None)
    return None


def add(
    case,
    kind,
    action_class,
    data=None,
    description="",
    note="",
    agent=None,
    date=None,
):
    """Append one structured entry to ``case``'s log and return (a copy of) it."""
    if kind not in KINDS:
        raise ValueError("kind")
    if not action_class:
        raise ValueError("action_class")
    annotations = IAnnotations(case)
    log = annotations.get(KEY)
    if log is None:
        log = annotations[KEY] = PersistentList()
    when, day = _utc(date)
    entry = {  # never changed once written: plain dicts in the persistent list
        "id": len(log) + 1,
        "kind": kind,
        "action_class": action_class,
        "date": when,
        "day": day,
        "agent": agent if agent is not None else _current_user_id(),
        "state": _state(case),
        "description": description or "",
        "note": note or "",
        "data": dict(data or {}),
    }
    log.append(entry)
    return _copy(entry)


def append(case, action_class, description, agent=None, date=None, note=""):
    """Append a handling phase (``kind`` ``phase``) with a public description."""
    return add(
        case,
        PHASE,
        action_class,
        description=description,
        note=note,
        agent=agent,
        date=date,
    )


# ------------------------------------------------------------------ reading
def _copy(entry):
    copy = dict(entry)
    copy["data"] = deepcopy(dict(entry.get("data") or {}))  # lists of changes
    return copy


def entries(case):
    """All entries of ``case``, oldest first (copies: the log is append-only)."""
    log = IAnnotations(case).get(KEY, ())
    return [_copy(entry) for entry in log]


def day(entry):
    """The entry's day in Helsinki (a ``date``)."""
    return helsinki(entry["date"]).date()


def is_public(entry):
    return entry.get("kind") in PUBLIC_KINDS


def sees_all(case, user=None):
    """True if the current user (or ``user``) may read the whole log."""
    if user is None:
        return bool(api.user.has_permission(FULL_PERMISSION, obj=case))
    return bool(api.user.has_permission(FULL_PERMISSION, user=user, obj=case))


def visible_entries(case, full=None):
    """The entries the current user may read (``full``: override the check)."""
    full = sees_all(case) if full is None else full
    return [entry for entry in entries(case) if full or is_public(entry)]


# ---------------------------------------------------------------- rendering
def tr(value, request, domain=None):
    if not value:
        return ""
    if isinstance(value, Message) or domain:
        return translate(value, domain=domain, context=request)
    return str(value)


def state_title(state, request, portal_type="Case"):
    """A workflow state's title in the reader's language (``plone`` domain)."""
    if not state:
        return ""
    wftool = api.portal.get_tool("portal_workflow")
    title = wftool.getTitleForStateOnType(state, portal_type) or state
    return translate(title, domain="plone", context=request)


def _transition_title(transition, request):
    wftool = api.portal.get_tool("portal_workflow")
    title = wftool.getTitleForTransitionOnType(transition, "Case") or transition
    return translate(title, domain="plone", context=request)


def _text(case, entry, request, full):
    kind = entry.get("kind")
    data = entry.get("data") or {}
    if kind in RENDERERS:
        return RENDERERS[kind](case, entry, request, full)
    if kind == PHASE:
        return tr(entry.get("description"), request)
    if kind == REGISTRATION:
        return tr(
            _(
                "msg_phase_registered",
                default="Case registered with diary number ${number}.",
                mapping={"number": data.get("number", "")},
            ),
            request,
        )
    if kind == STATE:
        new = state_title(data.get("new"), request)
        if not full:
            return tr(
                _(
                    "msg_phase_state",
                    default="Status: ${state}.",
                    mapping={"state": new},
                ),
                request,
            )
        return tr(
            _(
                "msg_phase_state_change",
                default="${transition}: ${old} → ${new}.",
                mapping={
                    "transition": _transition_title(data.get("transition"), request),
                    "old": state_title(data.get("old"), request),
                    "new": new,
                },
            ),
            request,
        )
    if kind == DOCUMENT:
        return _document_text(case, data, request, full)
    if kind == LEGACY:
        return tr(entry.get("note"), request)
    return ""


def _document_text(case, data, request, full):
    new_version = data.get("event") == "new_version"
    if full and new_version and data.get("old_sha256"):
        return tr(
            _(
                "msg_phase_document_new_version_hashes",
                default="New version ${version} of document ${title}: SHA-256 "
                "${old} → ${sha256}.",
                mapping={
                    "version": data.get("version", ""),
                    "title": data.get("title", ""),
                    "old": data["old_sha256"],
                    "sha256": data.get("sha256", ""),
                },
            ),
            request,
        )
    if full:
        msgid, default = (
            (
                "msg_phase_document_new_version",
                "New version of document ${title} (SHA-256 ${sha256}).",
            )
            if new_version
            else (
                "msg_phase_document_registered",
                "Document registered: ${title} (SHA-256 ${sha256}).",
            )
        )
        mapping = {"title": data.get("title", ""), "sha256": data.get("sha256", "")}
        return tr(_(msgid, default=default, mapping=mapping), request)
    # The public sees a document's title only if it may see the document.
    document = _visible_document(case, data)
    if document is None:
        message = (
            _(
                "msg_phase_document_new_version_public",
                default="New version of a document.",
            )
            if new_version
            else _(
                "msg_phase_document_registered_public", default="Document registered."
            )
        )
        return tr(message, request)
    message = (
        _(
            "msg_phase_document_new_version_titled",
            default="New version of document ${title}.",
            mapping={"title": document.Title()},
        )
        if new_version
        else _(
            "msg_phase_document_registered_titled",
            default="Document registered: ${title}.",
            mapping={"title": document.Title()},
        )
    )
    return tr(message, request)


def _visible_document(case, data):
    name = data.get("document")
    document = case.get(name) if name else None
    if document is None or document.UID() != data.get("uid", document.UID()):
        return None
    if not api.user.has_permission("View", obj=document):
        return None
    return document


def label(entry, request):
    """The entry's type as the reader reads it."""
    message = KIND_LABELS.get(entry.get("kind"))
    if message is None:
        message = action_class_title(entry.get("action_class"))
    return tr(message, request)


def render(case, entry, request=None, full=None):
    """``entry`` for reading: a dict of texts in the reader's language.

    ``date`` (Helsinki, the reader's format), ``iso``, ``label``, ``text``,
    and for those who see all (``full``) ``agent`` (full name) and ``note``.
    """
    request = request if request is not None else getRequest()
    full = sees_all(case) if full is None else full
    when = entry["date"]
    local = helsinki(when)
    rendered = {
        "id": entry["id"],
        "kind": entry.get("kind"),
        "action_class": entry.get("action_class"),
        "date": format_datetime(when, request, with_time=not entry.get("day")),
        "iso": local.date().isoformat() if entry.get("day") else local.isoformat(),
        "label": label(entry, request),
        "text": _text(case, entry, request, full),
        "agent": "",
        "note": "",
    }
    if full:
        rendered["agent"] = user_title(entry.get("agent"))
        if entry.get("kind") != LEGACY:
            rendered["note"] = tr(entry.get("note"), request)
    return rendered


def rendered_entries(case, request=None, full=None):
    """The entries the reader may see, rendered, in the order of their dates
    (a registration may be dated back to the day the case was received)."""
    full = sees_all(case) if full is None else full
    shown = sorted(visible_entries(case, full=full), key=lambda e: (e["date"], e["id"]))
    return [render(case, entry, request, full) for entry in shown]
