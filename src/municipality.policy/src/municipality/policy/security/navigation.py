"""The navigation portlet never shows a title the visitor may not see.

``buildFolderTree`` inserts the parents of the current object with an
*unrestricted* catalog query, so a public document inside a restricted
(e.g. partly secret) case would show the case's real title in the tree. Our
strategy replaces such a node's title and description with what the public
diary shows: the public title, else the diary number.
"""

from municipality.policy.base.formatting import public_label
from plone.app.layout.navigation.interfaces import INavtreeStrategy
from plone.app.portlets.portlets.navigation import INavigationPortlet
from plone.app.portlets.portlets.navigation import NavtreeStrategy
from plone.dexterity.interfaces import IDexterityContent
from Products.CMFCore.utils import getToolByName
from zope.component import adapter
from zope.interface import implementer


@implementer(INavtreeStrategy)
@adapter(IDexterityContent, INavigationPortlet)
class RestrictedParentsNavtreeStrategy(NavtreeStrategy):
    """The portlet's strategy; unrestricted parents show only a public label."""

    def decoratorFactory(self, node):
        new_node = super().decoratorFactory(node)
        brain = node["item"]
        catalog = getToolByName(self.context, "portal_catalog")
        if not catalog.searchResults(UID=brain.UID):
            new_node["Title"] = public_label(brain)
            new_node["Description"] = ""
        return new_node
