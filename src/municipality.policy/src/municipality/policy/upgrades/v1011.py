"""1010 -> 1011: Finnish and Swedish full-text search (issue 15).

Recreates the catalog's ``SearchableText`` on the lexicon ``kp_lexicon``
(Voikko lemmas and compound parts, Snowball stems) and reindexes it, with
progress in the log (``search.setup``). A site upgraded from before 1010 got
this already from step 1010's installers: then nothing is reindexed again.
"""

from municipality.policy.search import setup as search_setup
from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")


def finnish_swedish_search(context):
    changed = search_setup.install_text_index(api.portal.get())
    logger.info(
        "Finnish and Swedish search: %s",
        "SearchableText reindexed" if changed else "already installed",
    )
