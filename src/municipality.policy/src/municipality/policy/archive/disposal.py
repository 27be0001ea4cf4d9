"""Disposal (hävittäminen) through an approved disposal list (hävittämisluettelo).

The one explicit, logged exception to "final records are not deleted"
(``cases.removal``). A ``DisposalList`` lives in its archive creator:

1. ``draw(dlist)`` (``@@new-disposal-list``, ``POST <creator>/@disposal-lists``)
   fills ``rows`` from ``retention.expired(creator)`` within the list's scope
   (``sub_archive_creator``, ``task_classes``: a class and its subclasses),
   re-checking each case (``ineligible``): closed (``paattynyt``), retention
   ended, not permanent, not on a legal hold. A row: ``uid``,
   ``diary_number``, ``title`` (the case's title when the public may read
   it, ``chain.title_is_public``, else its public label),
   ``task_class``, ``sub_archive_creator``, ``retention_period``,
   ``retention_end`` (ISO), ``documents`` (count), ``sha256`` (the documents'
   checksums), ``included`` and, for a row taken off, ``removal_reason``,
   ``removed_by``, ``removed_at``. A records officer takes rows off with a
   reason (``remove_row``) while the list is a draft.
2. ``check`` (sector records manager of the scope, or the chief records
   officer) and ``approve`` (chief records officer) re-verify every included
   row: a case that is no longer eligible (e.g. put on hold) refuses the
   transition (``WorkflowException``, REST 400) until the list is returned to
   a draft and the row taken off. Where the archive creator requires a
   separate approver (``settings.IDisposalSettings``), the checker cannot
   approve. Approval fixes the list: rows are never
   written again (the ``checked_*``/``approved_*`` fields record who and when).
3. ``execute`` (the transition, or ``execute(dlist)`` from ``bin/instance
   run``): for each included row still eligible today, the case's documents
   (``CaseDocument``: files, public renditions, their CMFEditions versions
   purged from ``portal_historiesstorage``) are removed inside
   ``cases.removal.disposing(case, dlist)``, a ``disposal`` entry is written
   to the case's handling-phase log (the list, each document's id, uid,
   title and SHA-256), the case goes ``dispose`` → ``havitetty`` and is
   reindexed. The case keeps its metadata, diary number and log. Agenda items
   and office-holder decisions in the case are kept: they are the body's
   minutes and the office holder's decision records (kept permanently with
   the meeting), not the case's documents. A row no longer eligible is
   skipped with its reason. The outcome is ``report``.

An approved or executed list is never deleted (``refuse_removal``). Records
roles read lists (``security.model`` DISPOSAL): never the public, plain
staff or elected officials. The scope's sector roles reach a list through
``ScopeRoles`` (lists live in the archive creator, not under the sector).
"""

from Acquisition import aq_base
from borg.localrole.interfaces import ILocalRoleProvider
from datetime import UTC
from datetime import datetime
from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.archive import retention
from municipality.policy.archive.settings import separate_approver_required
from municipality.policy.base.dates import today
from municipality.policy.base.formatting import public_label
from municipality.policy.cases import phaselog
from municipality.policy.cases import removal
from municipality.policy.documents.registration import sha256_of
from municipality.policy.errors import json_error
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.meetings.rights import manager_roles
from municipality.policy.security.chain import title_is_public
from municipality.policy.security.localroles import archive_creator_of
from municipality.policy.security.localroles import chain_roles
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.dexterity.utils import createContentInContainer
from plone.schema import JSONField
from plone.supermodel import model
from Products.CMFCore.WorkflowCore import WorkflowException
from zExceptions import Forbidden
from zope import schema
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer
import json
import logging
import transaction


logger = logging.getLogger("municipality.policy.disposal")

TYPE = "DisposalList"
#: the handling-phase log's kind of a disposal entry (staff only)
DISPOSAL = phaselog.DISPOSAL
#: states in which the list is fixed and kept permanently
FIXED_STATES = ("approved", "executed")
#: transitions that re-verify the rows
VERIFYING = ("check", "approve")

phaselog.KIND_LABELS.setdefault(
    DISPOSAL, _("label_phase_kind_disposal", default="Disposal")
)

#: why a case is not (or no longer) eligible: code -> message
REASONS = {
    "missing": _("disposal_reason_missing", default="The case no longer exists."),
    "disposed": _("disposal_reason_disposed", default="Already disposed of."),
    "transferred": _(
        "disposal_reason_transferred", default="Transferred to the archive."
    ),
    "not_closed": _("disposal_reason_not_closed", default="The case is not closed."),
    "on_hold": _("disposal_reason_on_hold", default="The case is on a legal hold."),
    "permanent": _("disposal_reason_permanent", default="Kept permanently."),
    "not_expired": _(
        "disposal_reason_not_expired", default="The retention period has not ended."
    ),
    "out_of_scope": _(
        "disposal_reason_out_of_scope", default="Outside the scope of the list."
    ),
}

_TEXT = {"type": "string"}
ROWS_SCHEMA = json.dumps(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "uid": _TEXT,
                "diary_number": _TEXT,
                "title": _TEXT,
                "task_class": _TEXT,
                "sub_archive_creator": {"type": ["string", "null"]},
                "retention_period": {"type": ["integer", "null"]},
                "retention_end": {"type": ["string", "null"]},
                "documents": {"type": "integer"},
                "sha256": {"type": "array", "items": _TEXT},
                "included": {"type": "boolean"},
                "removal_reason": _TEXT,
                "removed_by": _TEXT,
                "removed_at": _TEXT,
            },
        },
    }
)
REPORT_SCHEMA = json.dumps({"type": "object"})


class IDisposalList(model.Schema, interfaces.IDisposalList):
    """A disposal list (hävittämisluettelo)."""

    title = schema.TextLine(
        title=_("label_disposal_title", default="Title"),
        required=True,
    )
    sub_archive_creator = schema.Choice(
        title=_("label_disposal_sub_archive_creator", default="Sub-archive creator"),
        description=_(
            "help_disposal_sub_archive_creator",
            default="Draw only the cases of this sector or body (empty: all).",
        ),
        vocabulary="municipality.SubArchiveCreators",
        required=False,
    )
    task_classes = schema.List(
        title=_("label_disposal_task_classes", default="Task classes"),
        description=_(
            "help_disposal_task_classes",
            default="Draw only the cases of these classes and their subclasses "
            "(empty: all).",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    directives.omitted("rows")
    rows = JSONField(
        title=_("label_disposal_rows", default="Cases"),
        schema=ROWS_SCHEMA,
        required=False,
        readonly=True,
    )
    directives.omitted("drawn_on")
    drawn_on = schema.Date(
        title=_("label_disposal_drawn_on", default="Drawn on"),
        required=False,
        readonly=True,
    )
    directives.omitted("drawn_by")
    drawn_by = schema.TextLine(
        title=_("label_disposal_drawn_by", default="Drawn by"),
        required=False,
        readonly=True,
    )
    directives.omitted("checked_by")
    checked_by = schema.TextLine(
        title=_("label_disposal_checked_by", default="Checked by"),
        required=False,
        readonly=True,
    )
    directives.omitted("checked_at")
    checked_at = schema.Datetime(
        title=_("label_disposal_checked_at", default="Checked"),
        required=False,
        readonly=True,
    )
    directives.omitted("approved_by")
    approved_by = schema.TextLine(
        title=_("label_disposal_approved_by", default="Approved by"),
        required=False,
        readonly=True,
    )
    directives.omitted("approved_at")
    approved_at = schema.Datetime(
        title=_("label_disposal_approved_at", default="Approved"),
        required=False,
        readonly=True,
    )
    directives.omitted("executed_by")
    executed_by = schema.TextLine(
        title=_("label_disposal_executed_by", default="Executed by"),
        required=False,
        readonly=True,
    )
    directives.omitted("executed_at")
    executed_at = schema.Datetime(
        title=_("label_disposal_executed_at", default="Executed"),
        required=False,
        readonly=True,
    )
    directives.omitted("report")
    report = JSONField(
        title=_("label_disposal_report", default="Execution report"),
        schema=REPORT_SCHEMA,
        required=False,
        readonly=True,
    )


@implementer(IDisposalList)
class DisposalList(Item):
    """A disposal list; ``rows`` and the report are written by this module only."""

    def included_rows(self):
        return [dict(row) for row in (self.rows or ()) if row.get("included")]

    def removed_rows(self):
        return [dict(row) for row in (self.rows or ()) if not row.get("included")]

    def includes(self, case):
        """True when ``case`` is an included row (``cases.removal.disposing``)."""
        uid = api.content.get_uuid(case)
        return any(row["uid"] == uid for row in self.included_rows())


class DisposalError(WorkflowException):
    """A transition of a list refused (REST ``@workflow``: 400 with the message)."""


# ------------------------------------------------------------------ helpers
def _now():
    return datetime.now(UTC)


def _user_id():
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def _tr(message, **mapping):
    if mapping:
        message = _(message, default=message.default, mapping=mapping)
    return translate(message, context=getRequest())


def state(obj):
    return api.content.get_state(obj, default=None)


def _iso(value):
    return value.isoformat() if value else None


def in_scope(dlist, case):
    """True when ``case`` falls within the list's scope."""
    sector = getattr(aq_base(dlist), "sub_archive_creator", None)
    if sector and getattr(aq_base(case), "sub_archive_creator", None) != sector:
        return False
    classes = [c for c in (getattr(aq_base(dlist), "task_classes", None) or []) if c]
    if not classes:
        return True
    code = getattr(aq_base(case), "task_class", None) or ""
    return any(code == c or code.startswith(c + ".") for c in classes)


def ineligible(case, on=None):
    """Why ``case`` may not be disposed of on ``on`` (a ``REASONS`` code), or
    None when it may: closed, retention ended, not permanent, not on hold."""
    if case is None:
        return "missing"
    current = state(case)
    if current == "havitetty":
        return "disposed"
    if current == "siirretty":
        return "transferred"
    if current != "paattynyt":
        return "not_closed"
    if retention.on_hold(case):
        return "on_hold"
    if retention.is_permanent(case):
        return "permanent"
    end = retention.retention_end(case)
    if end is None:  # the start rule's day is not known
        return "not_expired"
    if end > (on or today()):
        return "not_expired"
    return None


def documents_of(case):
    """The case's documents (the records disposal removes)."""
    return [obj for obj in case.objectValues() if ICaseDocument.providedBy(obj)]


def _checksum(doc):
    return getattr(aq_base(doc), "sha256", None) or sha256_of(
        getattr(aq_base(doc), "file", None)
    )


def _row(case):
    docs = documents_of(case)
    end = retention.retention_end(case)
    period = retention.period_of(case)
    return {
        "uid": api.content.get_uuid(case),
        "diary_number": getattr(aq_base(case), "diary_number", None) or "",
        "title": str(
            (case.Title() if title_is_public(case) else public_label(case)) or ""
        ),
        "task_class": getattr(aq_base(case), "task_class", None) or "",
        "sub_archive_creator": getattr(aq_base(case), "sub_archive_creator", None),
        "retention_period": period if isinstance(period, int) else None,
        "retention_end": _iso(end),
        "documents": len(docs),
        "sha256": [_checksum(doc) or "" for doc in docs],
        "included": True,
        "removal_reason": "",
        "removed_by": "",
        "removed_at": "",
    }


def _case(uid):
    return uuidToObject(uid, unrestricted=True) if uid else None


def _as_object(item):
    getter = getattr(item, "_unrestrictedGetObject", None)
    return getter() if getter is not None else item


def _require_draft(dlist):
    if state(dlist) != "draft":
        raise json_error(
            Forbidden,
            _(
                "msg_disposal_fixed",
                default="Only a draft disposal list can be changed.",
            ),
        )


# ------------------------------------------------------------------ drawing
def candidates(creator, dlist, on=None):
    """The eligible cases of ``creator`` within ``dlist``'s scope."""
    found = []
    for item in retention.expired(creator, on=on):
        case = _as_object(item)
        if in_scope(dlist, case) and ineligible(case, on=on) is None:
            found.append(case)
    return found


def draw(dlist, on=None):
    """(Re)draw the rows of a draft list; rows taken off earlier stay off
    with their reason. Returns the number of included rows."""
    _require_draft(dlist)
    creator = archive_creator_of(dlist)
    removed = {row["uid"]: row for row in dlist.removed_rows()}
    rows = []
    for case in candidates(creator, dlist, on=on):
        row = _row(case)
        earlier = removed.get(row["uid"])
        if earlier is not None:
            row.update(
                {
                    key: earlier[key]
                    for key in ("included", "removal_reason", "removed_by")
                }
            )
            row["removed_at"] = earlier.get("removed_at", "")
        rows.append(row)
    dlist.rows = rows
    dlist.drawn_on = on or today()
    dlist.drawn_by = _user_id()
    dlist.reindexObject()
    return len([row for row in rows if row["included"]])


MSG_REASON = _(
    "msg_disposal_removal_reason",
    default="Give the reason for taking the case off the list.",
)
MSG_NO_ROW = _("msg_disposal_no_row", default="The case is not on the list.")


def remove_row(dlist, uid, reason):
    """Take the case ``uid`` off a draft list with ``reason`` (ValueError
    ``(field, message)`` for bad input; nothing written)."""
    _require_draft(dlist)
    reason = (reason or "").strip()
    rows = [dict(row) for row in (dlist.rows or ())]
    matches = [row for row in rows if row["uid"] == uid and row["included"]]
    if not matches:
        raise ValueError("uid", MSG_NO_ROW)
    if not reason:
        raise ValueError("reason", MSG_REASON)
    matches[0].update(
        {
            "included": False,
            "removal_reason": reason,
            "removed_by": _user_id() or "",
            "removed_at": _now().isoformat(),
        }
    )
    dlist.rows = rows
    dlist.reindexObject()


def create(creator, title, sub_archive_creator=None, task_classes=(), on=None):
    """A new draft list in ``creator`` (as the current user: the add permission
    applies), drawn."""
    # Plone's chooser names it from the title before it is added (plone.api
    # adds under a temporary id and renames: an error line in the log)
    dlist = createContentInContainer(
        creator,
        TYPE,
        checkConstraints=True,
        title=title,
        sub_archive_creator=sub_archive_creator or None,
        task_classes=list(task_classes or []),
    )
    draw(dlist, on=on)
    return dlist


# ------------------------------------------------------------ verification
def problems(dlist, on=None):
    """``[(row, reason code)]`` of included rows no longer eligible."""
    found = []
    for row in dlist.included_rows():
        case = _case(row["uid"])
        reason = ineligible(case, on=on)
        if reason is None and not in_scope(dlist, case):
            reason = "out_of_scope"
        if reason is not None:
            found.append((row, reason))
    return found


MSG_EMPTY = _("msg_disposal_empty", default="The list has no cases to dispose of.")
MSG_PROBLEMS = _(
    "msg_disposal_rows_ineligible",
    default="Cases no longer eligible for disposal: ${rows}. Return the list to a "
    "draft and take them off.",
)


MSG_SAME_PERSON = _(
    "msg_disposal_same_person",
    default="You checked this list yourself: another chief records officer "
    "approves it (the archive creator requires a separate approver).",
)


def before_transition(dlist, event):
    """Subscriber: checking and approval re-verify; execution disposes."""
    if event.transition is None:
        return
    tid = event.transition.getId()
    if tid in VERIFYING or tid == "execute":
        if not dlist.included_rows():
            raise DisposalError(_tr(MSG_EMPTY))
    if tid == "approve" and separate_approver_required(dlist):
        if dlist.checked_by == _user_id():
            raise DisposalError(_tr(MSG_SAME_PERSON))
    if tid in VERIFYING:
        found = problems(dlist)
        if found:
            rows = ", ".join(
                f"{row['diary_number']} ({_tr(REASONS[reason])})"
                for row, reason in found
            )
            raise DisposalError(_tr(MSG_PROBLEMS, rows=rows))
    if tid == "execute":
        _execute_rows(dlist)


def after_transition(dlist, event):
    """Subscriber: who checked / approved when; a return voids both."""
    if event.transition is None:
        return
    tid = event.transition.getId()
    user, now = _user_id(), _now()
    if tid == "check":
        dlist.checked_by, dlist.checked_at = user, now
    elif tid == "approve":
        dlist.approved_by, dlist.approved_at = user, now
    elif tid == "execute":
        dlist.executed_by, dlist.executed_at = user, now
    elif tid == "return":
        dlist.checked_by = dlist.checked_at = None
        dlist.approved_by = dlist.approved_at = None
    dlist.reindexObject()


# ---------------------------------------------------------------- execution
def purge_versions(doc):
    """Purge every CMFEditions version of ``doc`` from the histories storage
    (the stored copies and their blobs become unreachable). Returns the
    number purged."""
    handler = api.portal.get_tool("portal_historyidhandler")
    storage = api.portal.get_tool("portal_historiesstorage")
    history_id = handler.queryUid(doc)
    if history_id is None or not storage.isRegistered(history_id):
        return 0
    length = len(storage.getHistory(history_id, countPurged=True))
    purged = 0
    metadata = {"sys_metadata": {"comment": "disposed", "timestamp": 0}}
    for selector in range(length):
        try:
            storage.purge(history_id, selector, metadata, countPurged=True)
        except Exception:  # noqa: BLE001 - a version purged already
            logger.debug("version %s of %s already purged", selector, history_id)
            continue
        purged += 1
    return purged


def dispose_case(case, dlist):
    """Remove ``case``'s documents and move it to ``havitetty`` (the caller
    checked that the approved ``dlist`` includes it and that it is eligible).
    Returns the documents' ``[{id, uid, title, sha256, versions}]``."""
    docs = documents_of(case)
    removed = []
    with removal.disposing(case, dlist), manager_roles():
        for doc in docs:
            removed.append(
                {
                    "id": doc.getId(),
                    "uid": api.content.get_uuid(doc),
                    "title": doc.Title(),
                    "sha256": _checksum(doc) or "",
                    "versions": purge_versions(doc),
                }
            )
        if docs:
            case.manage_delObjects([doc.getId() for doc in docs])
        phaselog.add(
            case,
            DISPOSAL,
            "tila",
            data={
                "list": api.content.get_uuid(dlist),
                "list_id": dlist.getId(),
                "list_title": dlist.Title(),
                "documents": [
                    {key: row[key] for key in ("id", "uid", "title", "sha256")}
                    for row in removed
                ],
            },
        )
        api.portal.get_tool("portal_workflow").doActionFor(
            case, "dispose", comment=dlist.Title()
        )
    case.reindexObject()
    return removed


def _execute_rows(dlist):
    """Dispose of every included row still eligible; the report (all or
    nothing: an error rolls every case back)."""
    if state(dlist) != "approved":
        raise DisposalError("not approved")
    savepoint = transaction.savepoint()
    report = {"date": _now().isoformat(), "disposed": [], "skipped": []}
    try:
        for row in dlist.included_rows():
            case = _case(row["uid"])
            reason = ineligible(case)
            if reason is not None:
                report["skipped"].append(
                    {
                        "uid": row["uid"],
                        "diary_number": row["diary_number"],
                        "reason": reason,
                    }
                )
                continue
            documents = dispose_case(case, dlist)
            report["disposed"].append(
                {
                    "uid": row["uid"],
                    "diary_number": row["diary_number"],
                    "documents": documents,
                }
            )
            logger.info(
                "Disposed of %s (%d documents) by list %s",
                row["diary_number"],
                len(documents),
                "/".join(dlist.getPhysicalPath()),
            )
    except Exception:
        savepoint.rollback()
        raise
    dlist.report = report
    return report


def execute(dlist, userid=None):
    """Execute an approved list (its ``execute`` transition) as the current
    user or, from ``bin/instance run``, as ``userid``; returns the report."""
    if userid is not None:
        with api.env.adopt_user(username=userid):
            return execute(dlist)
    wftool = api.portal.get_tool("portal_workflow")
    wftool.doActionFor(dlist, "execute")
    return dict(dlist.report or {})


# ------------------------------------------------------------------- guards
MSG_NOT_DELETABLE = _(
    "msg_disposal_list_not_deletable",
    default="An approved disposal list is kept permanently and cannot be deleted.",
)


def refuse_removal(dlist, event):
    """Subscriber: an approved or executed list is never removed."""
    if removal._site_removed(event):
        return
    if state(dlist) in FIXED_STATES:
        raise json_error(Forbidden, MSG_NOT_DELETABLE, marker=removal.IRemovalRefused)


def added(dlist, event):
    """Subscriber: a new list starts with no rows."""
    if getattr(aq_base(dlist), "rows", None) is None:
        dlist.rows = []


@implementer(ILocalRoleProvider)
class ScopeRoles:
    """The chain roles held on the list's scope (a sub-archive creator) count
    on the list: the sector records manager of the scope checks it."""

    def __init__(self, context):
        self.context = context

    def _scope(self):
        sector_id = getattr(aq_base(self.context), "sub_archive_creator", None)
        creator = archive_creator_of(self.context) if sector_id else None
        sector = creator.get(sector_id) if creator is not None else None
        return sector if ISubArchiveCreator.providedBy(sector) else None

    def getRoles(self, principal_id):
        sector = self._scope()
        if sector is None:
            return []
        return chain_roles(sector.get_local_roles_for_userid(principal_id))

    def getAllRoles(self):
        sector = self._scope()
        if sector is None:
            return
        for principal_id, roles in sector.get_local_roles():
            roles = chain_roles(roles)
            if roles:
                yield principal_id, roles


# ---------------------------------------------------------------- phase log
@phaselog.renders(DISPOSAL)
def render_disposal(case, entry, request, full):
    data = entry.get("data") or {}
    documents = data.get("documents") or []
    if not full:
        return _tr(
            _(
                "msg_phase_disposal_public",
                default="The case's documents were disposed of.",
            )
        )
    names = "; ".join(
        f"{doc.get('title', '')} (SHA-256 {doc.get('sha256', '')})" for doc in documents
    )
    return translate(
        _(
            "msg_phase_disposal",
            default="Disposed of by disposal list ${list}: ${count} documents "
            "removed. ${documents}",
            mapping={
                "list": data.get("list_title", ""),
                "count": len(documents),
                "documents": names,
            },
        ),
        context=request,
    )
