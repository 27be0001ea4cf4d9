"""Plone's toolbar with keyboard-operable pin controls (WCAG 2.1.1, 4.1.2).

plone.app.layout's ``viewlets/toolbar.pt`` makes "Unpin" and "Pin" ``<a>``
elements without ``href``: not focusable, and an ``aria-label`` on a generic
element (axe ``aria-prohibited-attr``). Our copy of the template makes them
``<button type="button">`` with translated labels; the classes stay (the
toolbar pattern of plone.staticresources binds its clicks to
``.toolbar-collapse`` and ``.toolbar-expand``; their look is in the theme's
``kuntaportaali.css``). Registered for ``IMunicipalityPolicyLayer`` as the
``plone.toolbar`` viewlet manager (``accessibility.zcml``).
"""

from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class AccessibleToolbarViewletManager(ToolbarViewletManager):
    custom_template = ViewPageTemplateFile("toolbar.pt")
