"""Grants with causes: every local role of the chain is explained.

A grant is a record in an annotation of the place (archive creator,
sub-archive creator, registry or case): ``id``, ``principal`` (user or group
id), ``role``, ``cause`` (see ``CAUSES``), ``reason``, ``granted_by``,
``granted``; revoking sets ``revoked_by``, ``revoked`` and ``revoke_reason``
and keeps the record. The Zope local role exists while at least one active
grant for (principal, role) does, so a revoke removes exactly what it granted.

Every grant and revoke is logged as structured data (``grant`` / ``revoke``
with role, principal and cause; the reason as the note): on a case to its
handling-phase log (staff only; rendered when read by ``entry_text``), on
other places to the place's own security log (``log_entries``).
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from datetime import datetime
from municipality.policy import _
from municipality.policy.base.dates import reader_language
from municipality.policy.cases import phaselog
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import IRolePlace
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security.localroles import role_sources
from municipality.policy.security.model import ROLE_IDS
from municipality.policy.security.model import ROLES_BY_ID
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
import pytz
import uuid


KEY = "municipality.policy.grants"
LOG_KEY = "municipality.policy.securitylog"


def is_place(obj):
    """True for a place of grants: archive creator, sub-archive creator,
    registry or case (``IRolePlace``)."""
    return IRolePlace.providedBy(obj)


CAUSES = {
    "manual": _("label_cause_manual", default="Manual grant"),
    "preparer": _("label_cause_preparer", default="Assigned as preparer"),
    "presenter": _("label_cause_presenter", default="Assigned as presenter"),
    "sector_membership": _(
        "label_cause_sector_membership", default="Sector membership"
    ),
}

UNRECORDED = _("label_cause_unrecorded", default="Granted outside the grant register")
GLOBAL = _("label_place_global", default="Whole site (global role)")


class GrantError(ValueError):
    """Bad input to a grant or revoke; ``field`` names the offending field."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def _now():
    return datetime.now(pytz.utc)


def _actor_id(actor=None):
    if actor is not None:
        return actor
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def _store(obj, create=False):
    annotations = IAnnotations(obj)
    store = annotations.get(KEY)
    if store is None and create:
        store = annotations[KEY] = OOBTree()
    return store


def principal_exists(principal):
    return (
        api.user.get(userid=principal) is not None
        or api.group.get(groupname=principal) is not None
    )


def grants(obj, active_only=True):
    """The grants on ``obj`` (copies), oldest first."""
    store = _store(obj) or {}
    result = [dict(record) for record in store.values()]
    if active_only:
        result = [record for record in result if not record.get("revoked")]
    return sorted(result, key=lambda record: record["granted"])


def _log(obj, kind, data, note=""):
    """Write a grant, revoke or inheritance entry (structured: ``kind``,
    ``data``, ``note``) to the case's phase log or the place's security log."""
    if ICase.providedBy(obj):
        phaselog.add(obj, kind, "ohjaus", data=data, note=note)
        return
    annotations = IAnnotations(obj)
    log = annotations.get(LOG_KEY)
    if log is None:
        log = annotations[LOG_KEY] = PersistentList()
    entry = {"date": _now(), "agent": _actor_id(), "kind": kind, "data": dict(data)}
    entry["note"] = note or ""
    entry["description"] = entry_text(obj, entry, api.env.getRequest())
    log.append(entry)


def role_title(role_id, request):
    """The role's title (``security.model``) in the reader's language."""
    role = ROLES_BY_ID.get(role_id)
    if role is None:
        return role_id
    return {"sv": role.title_sv, "en": role.title_en}.get(
        reader_language(request), role.title_fi
    )


@phaselog.renders(phaselog.GRANT, phaselog.REVOKE, phaselog.INHERITANCE)
def entry_text(place, entry, request, full=True):
    """The sentence of a grant, revoke or inheritance entry, in the reader's
    language: role title, the principal's full name, the cause, the reason."""
    data = entry.get("data") or {}
    kind = entry.get("kind")
    if kind == phaselog.INHERITANCE:
        message = (
            _(
                "msg_inheritance_blocked",
                default="Inheritance of roles from above blocked.",
            )
            if data.get("blocked")
            else _(
                "msg_inheritance_restored",
                default="Inheritance of roles from above restored.",
            )
        )
        return translate(message, context=request)
    principal = data.get("principal")
    group = api.group.get(groupname=principal) if principal else None
    mapping = {
        "role": role_title(data.get("role"), request),
        "principal": (group.getProperty("title") or principal)
        if group is not None
        else phaselog.user_title(principal),
        "cause": translate(CAUSES.get(data.get("cause"), ""), context=request),
    }
    if kind == phaselog.GRANT:
        message = _(
            "msg_phase_role_granted",
            default="Role ${role} granted to ${principal} (${cause}).",
            mapping=mapping,
        )
    else:
        message = _(
            "msg_phase_role_revoked",
            default="Role ${role} revoked from ${principal} (${cause}).",
            mapping=mapping,
        )
    text = translate(message, context=request)
    note = phaselog.tr(entry.get("note"), request)
    return f"{text} {note}".strip() if not ICase.providedBy(place) else text


def log_entries(obj):
    """The security log of a non-case place (copies, oldest first)."""
    return [dict(entry) for entry in IAnnotations(obj).get(LOG_KEY, ())]


BORG_CACHE_PREFIX = "borg.localrole.workspace.checkLocalRolesAllowed:"


def forget_cached_roles(request=None):
    """Drop borg.localrole's per-request cache of role checks (after a change)."""
    request = request if request is not None else api.env.getRequest()
    annotations = IAnnotations(request, None) if request is not None else None
    if annotations is None:
        return
    for key in [
        k
        for k in list(annotations)
        if isinstance(k, str) and k.startswith(BORG_CACHE_PREFIX)
    ]:
        del annotations[key]


def _reindex(obj):
    forget_cached_roles()
    obj.reindexObjectSecurity()
    if ISubArchiveCreator.providedBy(obj):
        # its roles reach the cases naming it (security.localroles)
        for brain in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="Case", sub_archive_creator=obj.getId()
        ):
            brain._unrestrictedGetObject().reindexObjectSecurity()


def validate(obj, principal, role, cause="manual"):
    """Raise ``GrantError`` for bad input."""
    if not is_place(obj):
        raise GrantError(
            "place",
            _(
                "msg_grant_bad_place",
                default="Roles can be granted only on the archive "
                "creator, a sub-archive creator, the registry or "
                "a case.",
            ),
        )
    if role not in ROLE_IDS:
        raise GrantError("role", _("msg_grant_unknown_role", default="Unknown role."))
    if not principal or not principal_exists(principal):
        raise GrantError(
            "principal",
            _("msg_grant_unknown_principal", default="No such user or group."),
        )
    if cause not in CAUSES:
        raise GrantError(
            "cause", _("msg_grant_unknown_cause", default="Unknown cause.")
        )


def grant(obj, principal, role, cause="manual", reason="", actor=None):
    """Grant ``role`` to ``principal`` on ``obj`` for ``cause``; return the record.

    Idempotent: an active grant with the same principal, role and cause is
    returned as it is.
    """
    validate(obj, principal, role, cause)
    for record in grants(obj):
        if (record["principal"], record["role"], record["cause"]) == (
            principal,
            role,
            cause,
        ):
            return record
    record = {
        "id": uuid.uuid4().hex,
        "principal": principal,
        "role": role,
        "cause": cause,
        "reason": reason or "",
        "granted_by": _actor_id(actor),
        "granted": _now(),
        "revoked": None,
        "revoked_by": None,
        "revoke_reason": "",
    }
    _store(obj, create=True)[record["id"]] = record
    obj.manage_addLocalRoles(principal, [role])
    _reindex(obj)
    _log(
        obj,
        phaselog.GRANT,
        {"role": role, "principal": principal, "cause": cause},
        note=reason,
    )
    return dict(record)


def get_grant(obj, grant_id):
    store = _store(obj) or {}
    record = store.get(grant_id)
    return dict(record) if record is not None else None


def revoke(obj, grant_id, reason="", actor=None):
    """Revoke the grant ``grant_id`` on ``obj``; return the updated record."""
    store = _store(obj) or {}
    record = store.get(grant_id)
    if record is None or record.get("revoked"):
        raise GrantError(
            "grant", _("msg_grant_not_found", default="No such active grant.")
        )
    record = dict(
        record,
        revoked=_now(),
        revoked_by=_actor_id(actor),
        revoke_reason=phaselog.tr(reason, api.env.getRequest()),
    )
    store[grant_id] = record
    principal, role = record["principal"], record["role"]
    still = any(
        (other["principal"], other["role"]) == (principal, role)
        for other in grants(obj)
    )
    if not still:
        roles = [r for r in obj.get_local_roles_for_userid(principal) if r != role]
        if roles:
            obj.manage_setLocalRoles(principal, roles)
        else:
            obj.manage_delLocalRoles([principal])
    _reindex(obj)
    _log(
        obj,
        phaselog.REVOKE,
        {"role": role, "principal": principal, "cause": record["cause"]},
        note=reason,
    )
    return dict(record)


def sync_assignments(case):
    """Keep the Preparer/Presenter grants of ``case`` equal to its fields."""
    for field, role in (("preparer", "Preparer"), ("presenter", "Presenter")):
        wanted = getattr(aq_base(case), field, None) or None
        current = [r for r in grants(case) if r["cause"] == field]
        for record in current:
            if record["principal"] != wanted:
                revoke(  # the reason a message: the log translates it when read
                    case,
                    record["id"],
                    reason=_("msg_assignment_changed", default="Assignment changed."),
                )
        if wanted and not any(r["principal"] == wanted for r in current):
            if principal_exists(wanted):
                grant(case, wanted, role, cause=field)


def explain(user_id, obj):
    """Why ``user_id`` has access to ``obj``: a list of dicts.

    Each row: ``place`` (object), ``role``, ``via`` (the user or group id
    holding it), ``grant`` (the record, or None for a role granted outside
    this API) and ``scope`` (``local`` / ``global``).
    """
    user = api.user.get(userid=user_id)
    if user is None:
        return []
    principals = [user_id] + list(user.getGroups())
    rows = []
    for place, allowed in role_sources(obj):
        records = grants(place) if is_place(place) else []
        for principal in principals:
            for role in place.get_local_roles_for_userid(principal):
                if role not in allowed:
                    continue
                matching = [
                    r
                    for r in records
                    if (r["principal"], r["role"]) == (principal, role)
                ]
                for record in matching or [None]:
                    rows.append(
                        {
                            "place": place,
                            "role": role,
                            "via": principal,
                            "grant": record,
                            "scope": "local",
                        }
                    )
    for role in user.getRoles():
        if role in ROLE_IDS or role in ("Manager", "Site Administrator"):
            rows.append(
                {
                    "place": None,
                    "role": role,
                    "via": user_id,
                    "grant": None,
                    "scope": "global",
                }
            )
    return rows
