"""1007 -> 1008: Swedish and English can be chosen; task classes in Swedish.

Turns on plone.i18n's language negotiation as ``registry.xml`` has it (the
switch's cookie, then the browser's language, then Finnish; the content's
language is not asked: the interface changes language, the content does
not). Only the negotiation records are written, so the other records of
``registry.xml`` keep what the site's administrators set.

Adds the catalog metadata column ``title_sv`` (read by the
``municipality.TaskClasses`` vocabulary in Swedish) and fills it for the
task classes (re-importing ``catalog.xml`` would empty the indexes).
"""

from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")

#: the records of profiles/default/registry.xml this step writes
NEGOTIATION = {
    "plone.use_cookie_negotiation": True,
    "plone.use_request_negotiation": True,
    "plone.set_cookie_always": False,
    "plone.authenticated_users_only": False,
    "plone.use_content_negotiation": False,
    "plone.use_path_negotiation": False,
    "plone.use_combined_language_codes": False,
    "plone.display_flags": False,
}
COLUMN = "title_sv"


def languages(context):
    for name, value in NEGOTIATION.items():
        api.portal.set_registry_record(name, value)
    catalog = api.portal.get_tool("portal_catalog")
    if COLUMN not in catalog.schema():
        catalog.addColumn(COLUMN)
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="TaskClass"):
        brain._unrestrictedGetObject().reindexObject(idxs=["getId"])  # + metadata
        count += 1
    logger.info("Language negotiation on; task classes reindexed: %d", count)
