"""1002 -> 1003: elected officials read no restricted case or document.

The restricted variants of the case and document workflows no longer give
``ElectedOfficial`` any permission (``security.model``): a role on a sector or
on the archive creator let an elected official read secret cases (pupil
welfare, child protection) from "Ratkaistavana" on. Re-imports the workflows
(the ``workflow`` import step), then re-applies the role mappings of every
existing case and document from the variant it is on, and reindexes the
security of those that changed, so the catalog (listings, search, the diary)
follows too.
"""

from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"
TYPES = ("Case", "CaseDocument")


def update_role_mappings(context):
    """Import the workflows, then update every case's and document's mappings."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "workflow", run_dependencies=False)
    wftool = api.portal.get_tool("portal_workflow")
    catalog = api.portal.get_tool("portal_catalog")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=TYPES):
        obj = brain._unrestrictedGetObject()
        updated = False
        for wf_id in wftool.getChainFor(obj):
            workflow = wftool.getWorkflowById(wf_id)
            if workflow is not None:
                updated = workflow.updateRoleMappingsFor(obj) or updated
        if updated:
            obj.reindexObjectSecurity()
            changed += 1
    logger.info("Role mappings updated on %d cases and documents", changed)
