"""Acting with the Manager role for a step the caller's own rights allow.

The meetings' functions check who may act first (the secretary on the
meeting, an examiner of the minutes, the decider of a decision), then fire
workflow transitions on records the actor may hold no role on: an item in a
blocked secret case, the case itself on write-back. DCWorkflow guards read
the user's own roles, so ``api.env.adopt_roles`` (proxy roles, for
permission checks only) is not enough.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from contextlib import contextmanager
from plone import api
from zope.globalrequest import getRequest


@contextmanager
def manager_roles():
    """The current user, with the Manager role, for the ``with`` block; the
    workflow history and the phase log keep the user's own id as the actor."""
    old = getSecurityManager()
    user = old.getUser()
    acl_users = api.portal.get().acl_users
    elevated = UnrestrictedUser(user.getId(), "", ["Manager"], []).__of__(acl_users)
    newSecurityManager(getRequest(), elevated)
    try:
        yield
    finally:
        setSecurityManager(old)
