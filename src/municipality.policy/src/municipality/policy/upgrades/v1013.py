"""1012 -> 1013: the archive (issue 14) and the rest of the e-services (issue 13).

Archive creators' classes moved from ``archive.content`` to
``organisation.content`` (``archive.content`` stays as an alias so that old
pickles load): the type information is re-imported. Imports the types,
workflows, role map, actions, registry records and control panels added by
the archive's retention, disposal and transfer and by the e-services'
sign-in, re-applies the role mappings of the workflows that changed, and runs
each subpackage's idempotent installer (``setuphandlers.INSTALLERS``).
"""

from municipality.policy.setuphandlers import run_installers
from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"
STEPS = (
    "typeinfo",
    "rolemap",
    "workflow",
    "actions",
    "plone.app.registry",
    "controlpanel",
)
#: catalog indexes added by this step: name -> (meta type, extra)
INDEXES = {
    # archive retention: a closed case's retention end, its legal hold
    "retention_end": ("DateIndex", None),
    "legal_hold": ("BooleanIndex", None),
}
#: metadata columns added by this step
COLUMNS = ("retention_end", "retention_period")
#: types whose objects get their workflow's role mappings re-applied
REMAPPED_TYPES = ()


def archive(context):
    setup = api.portal.get_tool("portal_setup")
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
    if REMAPPED_TYPES:
        for brain in catalog.unrestrictedSearchResults(portal_type=REMAPPED_TYPES):
            obj = brain._unrestrictedGetObject()
            for wf_id in wftool.getChainFor(obj):
                if wftool.getWorkflowById(wf_id).updateRoleMappingsFor(obj):
                    obj.reindexObjectSecurity()
                    changed += 1
    run_installers(api.portal.get())
    logger.info("Archive and e-services installed; %d role mappings updated", changed)
