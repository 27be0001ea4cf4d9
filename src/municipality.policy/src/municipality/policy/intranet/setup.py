"""Installation of the intranet subpackage on a site: ``install(portal)`` is
idempotent and is called by the profile's post-install handler (a new site)
and by upgrade step 1010 (an existing site).

It creates the Intranet root (``/intranet``) and the groups ``henkilosto``
(Staff), ``intranet-toimittajat`` (IntranetEditor) and
``intranet-julkaisijat`` (IntranetReviewer), each holding its role on the
root as a local role, and adds the chain's staff to ``henkilosto``
(``staff.sync``)."""

from municipality.policy.intranet import staff
from plone import api
from plone.dexterity.utils import createContentInContainer


ROOT_TITLE = "Intranet"
ROOT_DESCRIPTION = "Henkilöstön uutiset, ohjeet ja asiakirjahallinnon käsikirja."


def ensure_root(portal):
    root = staff.intranet_root(portal)
    if root is not None:
        return root
    types = api.portal.get_tool("portal_types")
    if "Intranet" not in types.objectIds():
        return None
    # not addable by hand (global_allow False): one root, made here
    return createContentInContainer(
        portal,
        "Intranet",
        checkConstraints=False,
        id=staff.INTRANET_ID,
        title=ROOT_TITLE,
        description=ROOT_DESCRIPTION,
    )


def ensure_groups(root):
    changed = False
    for group_id, (title, role) in staff.GROUPS.items():
        if api.group.get(groupname=group_id) is None:
            api.group.create(groupname=group_id, title=title)
        if role not in root.get_local_roles_for_userid(group_id):
            root.manage_addLocalRoles(group_id, [role])
            changed = True
    if changed:
        root.reindexObjectSecurity()


#: Types whose edits make a version automatically (plone.versioning).
VERSIONED = ("IntranetPage", "IntranetNews")
POLICIES = ("at_edit_autoversion", "version_on_revert")


def ensure_versioning():
    repository = api.portal.get_tool("portal_repository")
    types = list(repository.getVersionableContentTypes())
    missing = [type_id for type_id in VERSIONED if type_id not in types]
    if missing:
        repository.setVersionableContentTypes(types + missing)
    for type_id in VERSIONED:
        for policy in POLICIES:
            repository.addPolicyForContentType(type_id, policy)  # idempotent


def install(portal):
    """Create what a site needs beyond the profile's XML (idempotent)."""
    with api.env.adopt_roles(["Manager"]):
        root = ensure_root(portal)
        if root is None:
            return
        ensure_groups(root)
        ensure_versioning()
        staff.sync(portal)
