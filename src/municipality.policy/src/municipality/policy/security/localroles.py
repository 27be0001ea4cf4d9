"""Roles held on a case's sub-archive creator apply to the case.

Cases live in the registry, not under their sector, so acquisition alone
would not carry a sector's roles to them. ``SectorRoles`` is a named
borg.localrole provider on cases: the chain roles held (directly, as local
roles) on the sub-archive creator named by ``sub_archive_creator`` count as
local roles on the case, and through acquisition on its documents. Roles
inherited by the sub-archive creator from the archive creator already reach
the case through the registry.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from borg.localrole.interfaces import ILocalRoleProvider
from municipality.policy.cases.content import ICase
from municipality.policy.security.model import ROLE_IDS
from zope.component import adapter
from zope.interface import implementer


def archive_creator_of(obj):
    """The ArchiveCreator above ``obj`` (or ``obj`` itself), or None."""
    current = aq_inner(obj)
    while current is not None:
        if getattr(aq_base(current), "portal_type", None) == "ArchiveCreator":
            return current
        current = aq_parent(current)
    return None


def sector_of(obj):
    """The SubArchiveCreator a case (or a document of it) belongs to, or None."""
    base = aq_base(obj)
    portal_type = getattr(base, "portal_type", None)
    if portal_type == "SubArchiveCreator":
        return obj
    if portal_type != "Case":
        parent = aq_parent(aq_inner(obj))
        if parent is None or getattr(aq_base(parent), "portal_type", None) != "Case":
            return None
        obj, base = parent, aq_base(parent)
    sector_id = getattr(base, "sub_archive_creator", None)
    if not sector_id:
        return None
    creator = archive_creator_of(obj)
    if creator is None:
        return None
    sector = creator.get(sector_id)
    if (
        sector is None
        or getattr(aq_base(sector), "portal_type", None) != "SubArchiveCreator"
    ):
        return None
    return sector


def chain_roles(roles):
    return [role for role in roles if role in ROLE_IDS]


@implementer(ILocalRoleProvider)
@adapter(ICase)
class SectorRoles:
    """Local roles of a case's sub-archive creator, seen on the case."""

    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        sector = sector_of(self.context)
        if sector is None:
            return ()
        return chain_roles(sector.get_local_roles_for_userid(principal_id))

    def getAllRoles(self):
        sector = sector_of(self.context)
        if sector is None:
            return
        for principal_id, roles in sector.get_local_roles():
            roles = chain_roles(roles)
            if roles:
                yield principal_id, roles
