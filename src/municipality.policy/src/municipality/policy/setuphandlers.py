"""Install and uninstall handlers of municipality.policy."""

from municipality.policy.archive import setup as archive_setup
from municipality.policy.eservices import setup as eservices_setup
from municipality.policy.intranet import setup as intranet_setup
from municipality.policy.publication import setup as publication_setup
from municipality.policy.search import setup as search_setup
from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer


#: Each subpackage's idempotent ``install(portal)``: run on a new site by the
#: post-install handler and on an existing one by upgrade step 1010.
INSTALLERS = (
    publication_setup.install,
    intranet_setup.install,
    search_setup.install,
    archive_setup.install,
    eservices_setup.install,
)


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-on control panel."""
        return ["municipality.policy:uninstall"]


def run_installers(portal=None):
    """Run every subpackage's installer on ``portal`` (default: this site)."""
    portal = portal if portal is not None else api.portal.get()
    for install in INSTALLERS:
        install(portal)


def post_install(context):
    """Post-install script of the default profile."""
    run_installers()


def uninstall(context):
    """Uninstall script."""
