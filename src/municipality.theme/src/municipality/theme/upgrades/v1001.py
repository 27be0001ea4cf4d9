"""1000 -> 1001: the look settings (registry ``municipality.theme.*``, the
"Kunnan ulkoasu" control panel), the header, colours and footer viewlets, and
the public front page as the site root's layout."""

from municipality.theme.setuphandlers import set_front_page
from plone import api


PROFILE = "profile-municipality.theme:default"


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    for step in ("plone.app.registry", "controlpanel", "viewlets"):
        setup.runImportStepFromProfile(PROFILE, step)
    set_front_page(api.portal.get())
