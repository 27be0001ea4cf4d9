""" "Kenen puoleen kääntyä": who holds the records-management roles of each
unit, read from the responsibility chain as the Vastuut view shows it
(``security.browser.responsibilities.ResponsibilitiesView.roles_of``: the
local roles with their grants, a group's members listed) and, for "my unit",
the reader's own grants (``security.grants.explain``)."""

from Acquisition import aq_base
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import grants
from municipality.policy.security.browser.responsibilities import ResponsibilitiesView
from plone import api


#: The roles the directory lists, in the chain's order.
DIRECTORY_ROLES = (
    "ChiefRecordsOfficer",
    "SectorRecordsManager",
    "RecordsOfficer",
    "Registrar",
)


def units():
    """``[(archive creator, [its sub-archive creators])]`` (unrestricted:
    the directory is for staff, who may read every unit's chain)."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        object_provides=IArchiveCreator.__identifier__, sort_on="sortable_title"
    ):
        creator = brain._unrestrictedGetObject()
        sectors = [
            obj for obj in creator.objectValues() if ISubArchiveCreator.providedBy(obj)
        ]
        found.append((creator, sorted(sectors, key=lambda s: s.Title().lower())))
    return found


def _names(holder):
    """Full names of a holder: a user's own, a group's members' (the group's
    title when it has no members)."""
    if holder["is_group"]:
        return [m["title"] for m in holder["members"]] or [holder["title"]]
    return [holder["title"]]


def holders(place, request):
    """``[{"role_id", "role", "names"}]`` on ``place`` for ``DIRECTORY_ROLES``."""
    view = ResponsibilitiesView(place, request)
    rows = []
    for row in view.roles_of(place):
        if row["role_id"] not in DIRECTORY_ROLES:
            continue
        names = []
        for holder in row["holders"]:
            for name in _names(holder):
                if name not in names:
                    names.append(name)
        rows.append({"role_id": row["role_id"], "role": row["role"], "names": names})
    return rows


def is_mine(place, userid):
    """True when ``userid`` holds a chain role granted on ``place`` itself
    (directly or through a group)."""
    if not userid:
        return False
    return any(
        row["place"] is not None and aq_base(row["place"]) is aq_base(place)
        for row in grants.explain(userid, place)
    )


def directory(request, userid=None):
    """``[{"title", "kind", "roles", "mine", "id"}]``: each archive creator,
    then its sectors."""
    sections = []
    for creator, sectors in units():
        for place in [creator] + sectors:
            sections.append(
                {
                    "id": place.getId(),
                    "title": place.Title(),
                    "kind": "archive_creator"
                    if IArchiveCreator.providedBy(place)
                    else "sector",
                    "roles": holders(place, request),
                    "mine": is_mine(place, userid),
                }
            )
    return sections
