"""1013 -> 1014: the archive creator's disposal settings (four eyes).

Re-imports the type information: ``ArchiveCreator`` gets the behavior
``municipality.disposal_settings`` (``archive.settings``). Existing archive
creators read its default (no separate approver required) until edited.
"""

from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"


def disposal_settings(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "typeinfo", run_dependencies=False)
    logger.info("Archive creators' disposal settings installed")
