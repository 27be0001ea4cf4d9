"""Roles held on a case's sub-archive creator apply to the case.

Cases live in the registry, not under their sector, so acquisition alone
would not carry a sector's roles to them. ``SectorRoles`` is a named
borg.localrole provider on cases: the chain roles held (directly, as local
roles) on the sub-archive creator named by ``sub_archive_creator`` count as
local roles on the case, and through acquisition on its documents. Roles
inherited by the sub-archive creator from the archive creator already reach
the case through the registry.

Blocking inheritance on a case (or a document) cuts these roles too, like
every role from above, except the chief records officer's: whoever holds that
role on the archive creator or the sector still reaches the blocked record
(the chief records officer may see every record). ``role_sources`` is the
same rule as a list of places, for the "why does this person have access"
explanation.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from borg.localrole.interfaces import ILocalRoleProvider
from municipality.policy.base.content import case_of
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security.model import CRO
from municipality.policy.security.model import ROLE_IDS
from zope.interface import implementer


def archive_creator_of(obj):
    """The ArchiveCreator above ``obj`` (or ``obj`` itself), or None."""
    current = aq_inner(obj)
    while current is not None:
        if IArchiveCreator.providedBy(current):
            return current
        current = aq_parent(current)
    return None


def sector_of(obj):
    """The SubArchiveCreator a case (or a document of it) belongs to, or None."""
    if ISubArchiveCreator.providedBy(obj):
        return obj
    obj = case_of(obj)
    if obj is None:
        return None
    sector_id = getattr(aq_base(obj), "sub_archive_creator", None)
    if not sector_id:
        return None
    creator = archive_creator_of(obj)
    if creator is None:
        return None
    sector = creator.get(sector_id)
    return sector if ISubArchiveCreator.providedBy(sector) else None


def is_blocked(obj):
    """True when ``obj`` blocks the inheritance of local roles."""
    return bool(getattr(aq_base(obj), "__ac_local_roles_block__", False))


def chain_roles(roles, allowed=ROLE_IDS):
    return [role for role in roles if role in allowed]


def _portal_type(obj):
    return getattr(aq_base(obj), "portal_type", None)


def extra_sources(obj):
    """``[(place, allowed roles)]`` whose local roles count on ``obj`` itself,
    beyond acquisition: a case's sector; across a block on ``obj`` only the
    chief records officer's role, from the sector and the archive creator."""
    is_case = ICase.providedBy(obj)
    if not (is_case or ICaseDocument.providedBy(obj)):
        return []
    sector = sector_of(obj)
    if not is_blocked(obj):
        return [(sector, ROLE_IDS)] if is_case and sector else []
    places = [sector, archive_creator_of(obj)]
    return [(place, (CRO,)) for place in places if place is not None]


def role_sources(obj):
    """``[(place, allowed roles)]``: every place whose local roles count on
    ``obj``, nearest first: its acquisition chain up to and including a
    blocking place, plus each place's ``extra_sources``."""
    sources, seen = [], set()
    current = aq_inner(obj)
    while current is not None and _portal_type(current):
        for place, allowed in [(current, ROLE_IDS)] + extra_sources(current):
            if id(aq_base(place)) not in seen:
                seen.add(id(aq_base(place)))
                sources.append((place, allowed))
        if is_blocked(current):
            break
        current = aq_parent(current)
    return sources


@implementer(ILocalRoleProvider)
class SectorRoles:
    """Roles from places outside the acquisition chain (``extra_sources``);
    registered for cases and case documents."""

    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        roles = []
        for place, allowed in extra_sources(self.context):
            roles.extend(
                chain_roles(place.get_local_roles_for_userid(principal_id), allowed)
            )
        return roles

    def getAllRoles(self):
        for place, allowed in extra_sources(self.context):
            for principal_id, roles in place.get_local_roles():
                roles = chain_roles(roles, allowed)
                if roles:
                    yield principal_id, roles
