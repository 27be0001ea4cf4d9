"""Keep workflow variants, assignment grants and security indexes current."""

from municipality.policy.interfaces import ICase
from municipality.policy.security import chain
from municipality.policy.security import grants


def added(obj, event):
    if event.newParent is None or chain.family(obj) is None:
        return
    chain.sync(obj)
    if ICase.providedBy(obj):
        grants.sync_assignments(obj)


def modified(obj, event):
    if chain.family(obj) is not None:
        grants.forget_cached_roles()
    if ICase.providedBy(obj):
        if not chain.sync_tree(obj):
            obj.reindexObjectSecurity()  # sub_archive_creator may have changed
        grants.sync_assignments(obj)
    elif chain.family(obj) is not None:
        chain.sync(obj)


def transitioned(obj, event):
    if ICase.providedBy(obj) and event.old_state is not event.new_state:
        for child in obj.objectValues():
            chain.sync(child)
