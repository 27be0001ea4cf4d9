"""Inheritance blocks are logged like grants.

Blocking the inheritance of local roles (Plone's sharing tab "Inherit
permissions", or ``inherit`` in plone.restapi's ``@sharing``) changes who may
see a place as much as a grant does. Both channels notify
``LocalrolesModifiedEvent``; this subscriber compares the block flag with the
one it saw last and writes the change to the case's handling-phase log or the
place's security log (``grants.log_entries``).
"""

from Acquisition import aq_base
from municipality.policy.cases import phaselog
from municipality.policy.security import grants
from municipality.policy.security.localroles import is_blocked


SEEN_ATTR = "_municipality_inheritance_blocked"


def local_roles_modified(obj, event):
    """Log a block or an unblock of local-role inheritance on ``obj``."""
    blocked = is_blocked(obj)
    if blocked == bool(getattr(aq_base(obj), SEEN_ATTR, False)):
        return
    setattr(obj, SEEN_ATTR, blocked)
    grants._log(obj, phaselog.INHERITANCE, {"blocked": blocked})
