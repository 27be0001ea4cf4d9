"""Marker interfaces of municipality.policy: the browser layer and one marker
per content type.

Code asks ``ICase.providedBy(obj)``, never ``obj.portal_type == "Case"``. The
markers live here, below every subpackage, so that a lower layer (e.g. the
classification's inheritance, which knows that a case inherits from its task
class) can recognise a type defined above it. Each type's schema (``ICase`` in
``cases.content``, ...) extends its marker, so its content class provides it.
"""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IMunicipalityPolicyLayer(IDefaultBrowserLayer):
    """Browser layer installed with municipality.policy:default."""


class IArchiveCreator(Interface):
    """Marker: an ArchiveCreator (arkistonmuodostaja)."""


class ISubArchiveCreator(Interface):
    """Marker: a SubArchiveCreator (osa-arkistonmuodostaja, a body or sector)."""


class IClassificationPlan(Interface):
    """Marker: a ClassificationPlan (tehtäväluokitus / TOS)."""


class ITaskClass(Interface):
    """Marker: a TaskClass (tehtäväluokka) of a plan."""


class IRegistry(Interface):
    """Marker: a Registry (kirjaamo), the diary of one archive creator."""


class ICase(Interface):
    """Marker: a Case (asia) of the diary."""


class ICaseDocument(Interface):
    """Marker: a CaseDocument (asiakirja) in a case."""
