"""Install steps of municipality.theme:default that its XML cannot do."""

from Products.CMFCore.utils import getToolByName


#: the site root's layout: the public front page (browser/frontpage.py)
FRONT_PAGE = "kunta-etusivu"


def set_front_page(portal):
    """Make ``@@kunta-etusivu`` the site root's view (idempotent)."""
    if portal.getLayout() != FRONT_PAGE:
        portal.setLayout(FRONT_PAGE)


def post_install(setup_tool):
    """Post-install handler of the default profile (given the setup tool)."""
    site = getToolByName(setup_tool, "portal_url").getPortalObject()
    set_front_page(site)
