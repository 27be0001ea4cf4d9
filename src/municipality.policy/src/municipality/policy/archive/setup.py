"""Installation of the archive subpackage on a site: ``install(portal)`` is
idempotent and is called by the profile's post-install handler (a new site)
and by upgrade step 1013 (an existing site)."""

from municipality.policy.archive import retention
from municipality.policy.archive import sahke2_setup


def install(portal):
    """Create what a site needs beyond the profile's XML (idempotent)."""
    retention.refresh(portal)  # closed cases' retention metadata
    sahke2_setup.link_description(portal)  # the TiHL 28 § page's public link
