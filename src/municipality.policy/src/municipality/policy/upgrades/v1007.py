"""1006 -> 1007: the diary sorts by running number; search finds diary numbers.

Adds the FieldIndex ``diary_sequence`` and the metadata columns
``diary_year`` and ``diary_sequence`` directly (re-importing ``catalog.xml``
would empty the indexes), then reindexes every case's ``SearchableText``
(now with its diary number, ``registry.indexers.searchable_text``) and
``diary_sequence`` (the metadata with it).
"""

from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
INDEX = "diary_sequence"
COLUMNS = ("diary_year", "diary_sequence")


def index_diary_numbers(context):
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        catalog.addIndex(INDEX, "FieldIndex")
    for column in COLUMNS:
        if column not in catalog.schema():
            catalog.addColumn(column)
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Case"):
        case = brain._unrestrictedGetObject()
        case.reindexObject(idxs=["SearchableText", INDEX])  # and the metadata
        count += 1
    logger.info("Cases reindexed with their diary numbers: %d", count)
