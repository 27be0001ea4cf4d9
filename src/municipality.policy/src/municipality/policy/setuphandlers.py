"""Install and uninstall handlers of municipality.policy."""

from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-on control panel."""
        return ["municipality.policy:uninstall"]


def post_install(context):
    """Post-install script of the default profile."""


def uninstall(context):
    """Uninstall script."""
