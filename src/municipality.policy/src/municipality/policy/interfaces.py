"""Marker interfaces of municipality.policy: the browser layer, one marker per
content type and the markers several types share (``IRolePlace``,
``IResponsibilityUnit``, ``IRecord``: a view is registered once for them).

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


# What several types share (a view or adapter is registered once for these).


class IRolePlace(Interface):
    """Marker: a place where roles are granted and delegated with causes
    (archive creator, sub-archive creator, registry, case)."""


class IResponsibilityUnit(Interface):
    """Marker: a unit of the responsibility chain with its own access log
    (archive creator, sub-archive creator)."""


class IRecord(Interface):
    """Marker: a record with a restriction, a workflow variant and an access
    log (case, case document)."""


# One marker per content type.


class IArchiveCreator(IRolePlace, IResponsibilityUnit):
    """Marker: an ArchiveCreator (arkistonmuodostaja)."""


class ISubArchiveCreator(IRolePlace, IResponsibilityUnit):
    """Marker: a SubArchiveCreator (osa-arkistonmuodostaja, a body or sector)."""


class IClassificationPlan(Interface):
    """Marker: a ClassificationPlan (tehtäväluokitus / TOS)."""


class ITaskClass(Interface):
    """Marker: a TaskClass (tehtäväluokka) of a plan."""


class IRegistry(IRolePlace):
    """Marker: a Registry (kirjaamo), the diary of one archive creator."""


class ICase(IRolePlace, IRecord):
    """Marker: a Case (asia) of the diary."""


class ICaseDocument(IRecord):
    """Marker: a CaseDocument (asiakirja) in a case."""


# Meetings and decisions (``meetings``).


class IBody(Interface):
    """Marker: a Body (toimielin): council, board, committee, division or
    board of directors, with its members for one term."""


class IMeeting(Interface):
    """Marker: a Meeting (kokous) of a body."""


class IDecisionRecord(IRecord):
    """Marker: a record of decision-making kept in its case: an agenda item
    or an office-holder decision (restriction from the case, workflow
    variant, access log)."""


class IAgendaItem(IDecisionRecord):
    """Marker: an AgendaItem (asiakohta; a § of the minutes once decided)."""


class IOfficeHolderDecision(IDecisionRecord):
    """Marker: an OfficeHolderDecision (viranhaltijapäätös)."""


# The official notice board (``publication``).


class INoticeBoard(Interface):
    """Marker: a NoticeBoard (ilmoitustaulu) of an archive creator."""


class INotice(Interface):
    """Marker: a Notice (kuulutus or ilmoitus) on a notice board."""


# The staff intranet (``intranet``).


class IIntranet(Interface):
    """Marker: the Intranet root, the staff-only folder."""


class IIntranetContent(Interface):
    """Marker: a page or news item of the intranet (staff only)."""


class IIntranetPage(IIntranetContent):
    """Marker: an IntranetPage (guidance page, a section of the manual)."""


class IIntranetNews(IIntranetContent):
    """Marker: an IntranetNews item."""


# The archive: records' end of life (``archive``).


class IDisposalList(Interface):
    """Marker: a DisposalList (hävittämisluettelo) of an archive creator."""
