"""Installation of the search subpackage on a site: ``install(portal)`` is
idempotent and is called by the profile's post-install handler (a new site)
and by upgrade steps 1010 and 1011 (an existing site).

It puts the Finnish and Swedish lexicon ``kp_lexicon`` (``search.text``) into
the catalog and recreates ``SearchableText`` on it, then reindexes that one
index with progress in the log. A site whose ``SearchableText`` is already
ours is left alone, so an upgrade that runs both 1010 and 1011 reindexes once.
"""

from Acquisition import aq_base
from municipality.policy.search import text
from plone import api
from Products.ZCatalog.ProgressHandler import ZLogHandler
import logging


logger = logging.getLogger("municipality.policy.search")

#: progress is logged every this many objects
PROGRESS_STEPS = 500


class IndexExtra:
    """The "extra" record a ZCTextIndex is made from (as GenericSetup passes it)."""

    index_type = "Okapi BM25 Rank"
    lexicon_id = text.LEXICON_ID
    doc_attr = "SearchableText"


class Progress(ZLogHandler):
    """Reindexing progress in our log (every ``PROGRESS_STEPS`` objects)."""

    def output(self, message):
        logger.info("%s: %s", self._ident, message)


def text_index_installed(catalog):
    """Whether ``SearchableText`` is already ours (on ``kp_lexicon``)."""
    index = catalog._catalog.indexes.get(text.INDEX_ID)
    return (
        isinstance(aq_base(index), text.LanguageTextIndex)
        and index.lexicon_id == text.LEXICON_ID
    )


def install_text_index(portal, steps=PROGRESS_STEPS):
    """Make ``SearchableText`` language-aware and reindex it; True if it
    was changed, False if it already was (nothing is reindexed)."""
    catalog = api.portal.get_tool("portal_catalog")
    if text.LEXICON_ID not in catalog.objectIds():
        catalog._setObject(text.LEXICON_ID, text.make_lexicon())
    if text_index_installed(catalog):
        return False
    if text.INDEX_ID in catalog.indexes():
        catalog.delIndex(text.INDEX_ID)
    index = text.LanguageTextIndex(text.INDEX_ID, extra=IndexExtra(), caller=catalog)
    catalog._catalog.addIndex(text.INDEX_ID, index)
    count = len(catalog)
    logger.info(
        "SearchableText on %s (Finnish analyser %s): reindexing %d objects",
        text.LEXICON_ID,
        text.analyser(),
        count,
    )
    if count:
        catalog.reindexIndex(text.INDEX_ID, portal.REQUEST, pghandler=Progress(steps))
    return True


def install(portal):
    """Create what a site needs beyond the profile's XML (idempotent)."""
    install_text_index(portal)
