"""Keep workflow variants, assignment grants and security indexes current."""

from Acquisition import aq_base
from municipality.policy.security import chain
from municipality.policy.security import grants


def _type(obj):
    return getattr(aq_base(obj), "portal_type", None)


def added(obj, event):
    if event.newParent is None or _type(obj) not in chain.FAMILY_BY_TYPE:
        return
    chain.sync(obj)
    if _type(obj) == "Case":
        grants.sync_assignments(obj)


def modified(obj, event):
    portal_type = _type(obj)
    if portal_type in chain.FAMILY_BY_TYPE:
        grants.forget_cached_roles()
    if portal_type == "Case":
        if not chain.sync_tree(obj):
            obj.reindexObjectSecurity()  # sub_archive_creator may have changed
        grants.sync_assignments(obj)
    elif portal_type == "CaseDocument":
        chain.sync(obj)


def transitioned(obj, event):
    if _type(obj) == "Case" and event.old_state is not event.new_state:
        for child in obj.objectValues():
            chain.sync(child)
