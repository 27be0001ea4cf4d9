"""Local roles of the source mapped onto the responsibility chain.

Each exported ``(principal, roles)`` of an object goes through the mapping
file: an unmapped principal is reported (journal ``unmapped``) and granted
nothing; an ignored one is left out silently. On a place of the chain
(archive creator, sub-archive creator, registry, case: ``IRolePlace``) a
mapped role is a grant with a cause (``security.grants.grant``, cause
``manual``, the reason naming the source principal), so the "Vastuut" view
explains it; a role outside the role model (e.g. ``Owner``) is reported,
not granted. Elsewhere the local role is set as it is. A blocked
inheritance is kept.
"""

from Acquisition import aq_base
from municipality.policy.archive.merger import journal as journals
from municipality.policy.interfaces import IRolePlace
from municipality.policy.security import grants
from municipality.policy.security.model import ROLE_IDS


def apply(obj, entry, mapping, journal, code, path):
    """Apply one exported local-roles ``entry`` to ``obj``; returns grants made."""
    made = 0
    if entry.get("block"):
        aq_base(obj).__ac_local_roles_block__ = True
    place = IRolePlace.providedBy(obj)
    for principal, roles in sorted((entry.get("localroles") or {}).items()):
        if mapping.ignored(principal):
            continue
        target = mapping.principal(principal)
        if target is None:
            journals.unmapped(journal, principal, path)
            continue
        for role in roles:
            role = mapping.role(role)
            if place:
                if role not in ROLE_IDS:
                    journals.warn(journal, path, "role_refused", f"{principal}: {role}")
                    continue
                try:
                    grants.grant(
                        obj,
                        target,
                        role,
                        cause="manual",
                        reason=f"Kuntaliitos {code}: {principal}",
                    )
                except grants.GrantError as error:
                    journals.warn(
                        journal,
                        path,
                        "role_refused",
                        f"{principal} → {target}: {role} ({error.field})",
                    )
                    continue
            else:
                obj.manage_addLocalRoles(target, [role])
            made += 1
    if made or entry.get("block"):
        obj.reindexObjectSecurity()
    return made
