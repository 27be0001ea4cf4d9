"""1014 -> 1015: records in a case renamed to random ids.

Agenda items and office-holder decisions made through ``agenda.draft_item``
or ``plone.api`` without an id were named after their title (a secret case's
title, often a person's name, in the URL). Each AgendaItem,
OfficeHolderDecision and CaseDocument whose id lacks its prefix
(``asiakohta-``, ``paatos-``, ``asiakirja-``) gets a random one
(``cases.names``); the UID, the history and the meeting's agenda (by UID) are
kept, and plone.app.redirector answers the old address with a redirect.
"""

from Acquisition import aq_parent
from municipality.policy.cases.names import CaseNameChooser
from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PREFIXES = {
    "AgendaItem": "asiakohta-",
    "OfficeHolderDecision": "paatos-",
    "CaseDocument": "asiakirja-",
}


def random_record_ids(context):
    catalog = api.portal.get_tool("portal_catalog")
    renamed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=list(PREFIXES)):
        if brain.getId.startswith(PREFIXES[brain.portal_type]):
            continue
        obj = brain._unrestrictedGetObject()
        case = aq_parent(obj)
        new_id = CaseNameChooser(case).chooseName(None, obj)
        case.manage_renameObject(obj.getId(), new_id)
        renamed += 1
    logger.info("%d records in cases renamed to random ids", renamed)
