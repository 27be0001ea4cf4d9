"""Who is staff: the members of the group ``henkilosto`` ("Henkilöstö"),
which holds ``Staff`` on the intranet root (``setup.install``). Signing in
does not make anyone staff (residents sign in too), so nothing here relies
on ``Authenticated``.

``sync(portal)`` adds to the group every principal (user or group: Plone's
groups nest) holding a staff role of the responsibility chain on an archive
creator, a sub-archive creator or a registry: every chain role except the
elected official's (an elected official is not staff). The installer and
the demo run it, and ``logged_in`` adds a signing-in user whose own or
group's chain role was granted since; a site administrator adds other staff
by hand and removes those who leave.
"""

from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import IIntranet
from municipality.policy.interfaces import IRegistry
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security.model import ROLE_IDS
from plone import api
from Products.CMFCore.utils import _checkPermission


STAFF_GROUP = "henkilosto"
EDITOR_GROUP = "intranet-toimittajat"
REVIEWER_GROUP = "intranet-julkaisijat"
#: group id -> (title, role on the intranet root)
GROUPS = {
    STAFF_GROUP: ("Henkilöstö", "Staff"),
    EDITOR_GROUP: ("Intranetin toimittajat", "IntranetEditor"),
    REVIEWER_GROUP: ("Intranetin julkaisijat", "IntranetReviewer"),
}
#: Chain roles that make their holder staff.
STAFF_ROLES = tuple(role for role in ROLE_IDS if role != "ElectedOfficial")
INTRANET_ID = "intranet"


def intranet_root(portal=None):
    """The Intranet root of the site (unrestricted lookup), or None."""
    portal = portal if portal is not None else api.portal.get()
    root = portal.get(INTRANET_ID)
    if root is not None and IIntranet.providedBy(root):
        return root
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Intranet"):
        return brain._unrestrictedGetObject()
    return None


def is_staff(portal=None):
    """True when the current user may read the intranet root."""
    if api.user.is_anonymous():
        return False
    root = intranet_root(portal)
    return root is not None and bool(_checkPermission("View", root))


def staff_places():
    """Archive creators, sub-archive creators and registries."""
    catalog = api.portal.get_tool("portal_catalog")
    provides = [
        IArchiveCreator.__identifier__,
        ISubArchiveCreator.__identifier__,
        IRegistry.__identifier__,
    ]
    for brain in catalog.unrestrictedSearchResults(object_provides=provides):
        yield brain._unrestrictedGetObject()


def staff_principals():
    """Principals holding a staff role of the chain on a place (sorted)."""
    found = set()
    for place in staff_places():
        for principal, roles in place.get_local_roles():
            if set(roles) & set(STAFF_ROLES):
                found.add(principal)
    return sorted(found)


def sync(portal=None):
    """Add the chain's staff to ``henkilosto`` (idempotent); returns the
    principals added."""
    groups = api.portal.get_tool("portal_groups")
    group = api.group.get(groupname=STAFF_GROUP)
    if group is None:
        return []
    members = set(group.getGroupMemberIds())
    added = []
    for principal in staff_principals():
        if principal in members or principal == STAFF_GROUP:
            continue
        groups.addPrincipalToGroup(principal, STAFF_GROUP)
        added.append(principal)
    return added


def join_if_staff(user):
    """Add to ``henkilosto`` the principals (the user, or the group through
    which they hold it) of ``user`` holding a staff role of the chain on a
    place; returns them."""
    group = api.group.get(groupname=STAFF_GROUP)
    if group is None or user is None:
        return []
    ids = [user.getId(), *user.getGroups()]
    if STAFF_GROUP in ids:
        return []
    principals = set(staff_principals())  # once: it walks every place
    holders = [p for p in ids if p in principals]
    if not holders:
        return []
    groups = api.portal.get_tool("portal_groups")
    for principal in holders:
        groups.addPrincipalToGroup(principal, STAFF_GROUP)
    return holders


def logged_in(event):
    """``IUserLoggedInEvent``: a newly granted staff member joins
    ``henkilosto`` at their first login after the grant."""
    join_if_staff(event.object)
