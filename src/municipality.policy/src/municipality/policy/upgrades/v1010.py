"""1009 -> 1010: the public web and the staff intranet.

Imports the types, workflows, role map, actions and registry records of the
notice board, the publication settings and the intranet (all generated from
``security.model`` where they are permissions), adds the catalog indexes
below, re-applies the role mappings of the workflows that changed, and runs
each subpackage's idempotent installer (``setuphandlers.INSTALLERS``).
"""

from municipality.policy.setuphandlers import run_installers
from plone import api
from Products.GenericSetup.tool import UNKNOWN
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"
STEPS = (
    "typeinfo",
    "rolemap",
    "workflow",
    "actions",
    "plone.app.registry",
    "controlpanel",  # Site setup: the publication settings
)
#: catalog indexes added by this step: name -> (meta type, extra)
INDEXES = {
    # a case's due date (feedback and requests answered within 14 days)
    "due_date": ("DateIndex", None),
}
#: metadata columns added by this step
COLUMNS = ("due_date",)
#: types whose objects get their workflow's role mappings re-applied
REMAPPED_TYPES = ("Meeting",)


#: profiles the public web needs before our own steps (plone.app.caching's
#: registry records are referred to by profiles/default/registry/caching.xml)
DEPENDENCIES = ("profile-plone.app.caching:default",)


def public_web(context):
    setup = api.portal.get_tool("portal_setup")
    for profile in DEPENDENCIES:
        if setup.getLastVersionForProfile(profile) == UNKNOWN:
            setup.runAllImportStepsFromProfile(profile)
    for step in STEPS:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    for name, (meta_type, extra) in INDEXES.items():
        if name not in catalog.indexes():
            catalog.addIndex(name, meta_type, extra)
            added.append(name)
    for column in COLUMNS:
        if column not in catalog.schema():
            catalog.addColumn(column)
    if added:
        catalog.manage_reindexIndex(ids=added)
    wftool = api.portal.get_tool("portal_workflow")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=REMAPPED_TYPES):
        obj = brain._unrestrictedGetObject()
        for wf_id in wftool.getChainFor(obj):
            if wftool.getWorkflowById(wf_id).updateRoleMappingsFor(obj):
                obj.reindexObjectSecurity()
                changed += 1
    run_installers(api.portal.get())
    logger.info("Public web and intranet installed; %d role mappings updated", changed)
