"""Marker interfaces of municipality.policy."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IMunicipalityPolicyLayer(IDefaultBrowserLayer):
    """Browser layer installed with municipality.policy:default."""
