"""1001 -> 1002: security reasons and personal data take part in visibility.

Adds the case workflow variant ``municipality_case_workflow_internal`` (the
``workflow`` import step), the catalog metadata column ``title_is_public`` (the
diary shows a case's own title only when it is public; added directly, since
re-importing ``catalog.xml`` would empty the indexes), and moves every case
and document onto the variant that its restriction now selects
(``security.chain.sync``), keeping its state. It also takes the restriction
snapshot of each case and document (``cases.restrictionlog``), so that their
next change is written to the phase log.
"""

from municipality.policy.cases import restrictionlog
from municipality.policy.security import chain
from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"
COLUMN = "title_is_public"


def resync_records(context):
    """Import the workflows, then sync every case (and its documents)."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "workflow", run_dependencies=False)
    catalog = api.portal.get_tool("portal_catalog")
    if COLUMN not in catalog.schema():
        catalog.addColumn(COLUMN)
    moved = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Case"):
        case = brain._unrestrictedGetObject()
        moved += bool(chain.sync_tree(case))
        case.reindexObject(idxs=["diary_number"])  # and the metadata
        for obj in [case, *case.objectValues()]:
            if getattr(obj, restrictionlog.SNAPSHOT_ATTR, None) is None:
                restrictionlog.remember(obj)
    logger.info("Records moved onto a new workflow variant: %d cases", moved)
