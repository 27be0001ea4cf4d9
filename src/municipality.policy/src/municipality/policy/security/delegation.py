"""Delegated role management: who may grant or revoke which role where.

- Manager / Site Administrator: any chain role anywhere.
- Chief records officer: any role below their own, anywhere they hold it.
- Sector records manager: roles of a rank below their own, only inside their
  own sector (the sub-archive creator where they hold the role, and the cases
  naming it); never on the registry or the archive creator.
- Records officer: only ``Preparer``, only on cases of their unit.
- Everyone else: refused.

``check(place, role, actor=None)`` raises ``Refused`` with a translated
message; ``grantable_roles`` lists the roles it lets through (the form offers
only these); ``grant``/``revoke`` check first and then call
``security.grants``. A revoke needs a reason (``GrantError`` on ``reason``),
logged with it like a grant.
"""

from municipality.policy import _
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import grants as grants_api
from municipality.policy.security.model import ROLE_IDS
from municipality.policy.security.model import ROLES_BY_ID
from plone import api


ADMINS = ("Manager", "Site Administrator")


class Refused(Exception):
    """The actor may not manage this role here; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _actor(actor):
    if actor is None:
        return api.user.get_current()
    if isinstance(actor, str):
        return api.user.get(userid=actor)
    return actor


def roles_of(actor, place):
    """The actor's roles in ``place`` (global, local, inherited and provided)."""
    if actor is None:
        return set()
    return set(api.user.get_roles(user=actor, obj=place))


def check(place, role, actor=None):
    """Return None if ``actor`` may grant/revoke ``role`` on ``place``."""
    if role not in ROLE_IDS:
        raise grants_api.GrantError(
            "role", _("msg_grant_unknown_role", default="Unknown role.")
        )
    user = _actor(actor)
    held = roles_of(user, place) if user is not None else set()
    if held & set(ADMINS):
        return None
    chain = [ROLES_BY_ID[r] for r in held if r in ROLES_BY_ID]
    managing = [
        r for r in chain if r.id in ("ChiefRecordsOfficer", "SectorRecordsManager")
    ]
    if managing:
        own = max(managing, key=lambda r: r.rank)
        if own.id == "SectorRecordsManager" and not (
            ISubArchiveCreator.providedBy(place) or ICase.providedBy(place)
        ):
            raise Refused(
                _(
                    "msg_delegation_outside_sector",
                    default="You may manage roles only inside your own sector.",
                )
            )
        if ROLES_BY_ID[role].rank >= own.rank:
            raise Refused(
                _(
                    "msg_delegation_rank",
                    default="You may grant and revoke only roles below your own role.",
                )
            )
        return None
    if any(r.id == "RecordsOfficer" for r in chain):
        if role == "Preparer" and ICase.providedBy(place):
            return None
        raise Refused(
            _(
                "msg_delegation_records_officer",
                default="A records officer may only add preparers to cases "
                "of their own unit.",
            )
        )
    raise Refused(
        _("msg_delegation_not_allowed", default="You may not manage roles here.")
    )


def grantable_roles(place, actor=None):
    """The roles of the chain ``actor`` may grant (and revoke) on ``place``,
    highest first: what the delegation form offers."""
    allowed = []
    for role in ROLE_IDS:
        try:
            check(place, role, actor)
        except Refused:
            continue
        allowed.append(role)
    return allowed


def grant(place, principal, role, reason="", actor=None, cause="manual"):
    """Check, then grant; returns the grant record."""
    grants_api.validate(place, principal, role, cause)
    check(place, role, actor)
    return grants_api.grant(
        place, principal, role, cause=cause, reason=reason, actor=_actor(actor).getId()
    )


def revoke(place, grant_id, reason="", actor=None):
    """Check (on the granted role) and require a reason, then revoke;
    returns the updated record."""
    record = grants_api.get_grant(place, grant_id)
    if record is None or record.get("revoked"):
        raise grants_api.GrantError(
            "grant", _("msg_grant_not_found", default="No such active grant.")
        )
    check(place, record["role"], actor)
    if not (reason or "").strip():
        raise grants_api.GrantError(
            "reason",
            _("msg_revoke_reason_required", default="Give the reason for revoking."),
        )
    return grants_api.revoke(
        place, grant_id, reason=reason, actor=_actor(actor).getId()
    )
