"""Marker interfaces of municipality.theme."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IMunicipalityThemeLayer(IDefaultBrowserLayer):
    """Browser layer installed with municipality.theme:default."""
