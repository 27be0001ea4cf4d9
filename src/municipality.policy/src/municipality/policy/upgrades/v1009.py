"""1008 -> 1009: meetings and decisions.

Adds the types Body, Meeting, AgendaItem and OfficeHolderDecision (a Case may
hold agenda items and office-holder decisions, a SubArchiveCreator a body),
their workflows (generated from ``security.model``), the provided role
``BodyMember`` and the permission to add meetings (rolemap), the catalog
indexes of meetings, the user menu's "Kokoukseni" (actions), the TinyMCE
style that marks personal data (``meetings.personaldata``), and re-applies the
records containers' role mappings (body members read their body).
"""

from municipality.policy.meetings.personaldata import install_personal_data_style
from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"
CONTAINERS = (
    "ArchiveCreator",
    "SubArchiveCreator",
    "ClassificationPlan",
    "TaskClass",
    "Registry",
)
#: catalog indexes added by this step: name -> (meta type, extra)
INDEXES = {
    # a meeting's start (listings of upcoming and past meetings)
    "meeting_start": ("DateIndex", None),
    # an agenda item's meeting (UID): the items placed on a meeting
    "agenda_meeting": ("FieldIndex", None),
}


def meetings(context):
    setup = api.portal.get_tool("portal_setup")
    for step in ("typeinfo", "rolemap", "workflow", "actions"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    install_personal_data_style(api.portal.get())
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    for name, (meta_type, extra) in INDEXES.items():
        if name not in catalog.indexes():
            catalog.addIndex(name, meta_type, extra)
            added.append(name)
    if added:
        catalog.manage_reindexIndex(ids=added)
    wftool = api.portal.get_tool("portal_workflow")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=CONTAINERS):
        obj = brain._unrestrictedGetObject()
        for wf_id in wftool.getChainFor(obj):
            if wftool.getWorkflowById(wf_id).updateRoleMappingsFor(obj):
                obj.reindexObjectSecurity()
                changed += 1
    logger.info("Meetings installed; %d containers' role mappings updated", changed)
