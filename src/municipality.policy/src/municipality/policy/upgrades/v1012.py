"""1011 -> 1012: e-services' settings (issue 13).

Imports the registry records ``municipality.eservices.*`` (each form on or
off, its task class and processing-time estimate; ``eservices.settings``) and
the Site setup entry of their control panel. The submissions'
tracking codes live in an annotation of the registry created on first use.
"""

from plone import api
import logging


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"


def eservices_settings(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(
        PROFILE, "plone.app.registry", run_dependencies=False
    )
    logger.info("E-services settings imported")
