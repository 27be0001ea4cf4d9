"""Breadcrumbs of a case never reveal a title the visitor may not see.

A public document of a partly secret case can be published while the case
itself stays restricted; the stock breadcrumbs would show the case's title
above the document. For a visitor without ``View`` on the case the entry
shows its public title (or diary number) instead.
"""

from Acquisition import aq_base
from Products.CMFCore.utils import _checkPermission
from Products.CMFPlone.browser.navigation import PhysicalNavigationBreadcrumbs


class CaseBreadcrumbs(PhysicalNavigationBreadcrumbs):
    def customize_entry(self, entry, context=None):
        case = context if context is not None else self.context
        if not _checkPermission("View", case):
            base = aq_base(case)
            entry["Title"] = (
                getattr(base, "public_title", None)
                or getattr(base, "diary_number", None)
                or case.getId()
            )
