"""1005 -> 1006: the officers' tools.

Imports ``actions.xml`` (the "Tiedonhallinta" entry of the user menu) and
indexes the access log written so far (``security.accesslog.build_index``:
the page and its search read the index; before it, they scan every entry).
"""

from municipality.policy.security import accesslog
from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"


def officers_tools(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "actions", run_dependencies=False)
    indexed = accesslog.build_index(api.portal.get())
    logger.info("Access log indexed: %d entries", indexed)
