"""Event subscribers of CaseDocument: registration, immutability, restriction."""

from municipality.policy.base.content import parent_case
from municipality.policy.cases import restrictionlog
from municipality.policy.classification.inheritance import without_secrecy
from municipality.policy.documents.registration import Immutable
from municipality.policy.documents.registration import after_transition  # noqa: F401
from municipality.policy.documents.registration import check_modified  # noqa: F401
from municipality.policy.documents.restriction import current
from municipality.policy.documents.restriction import inherited
from municipality.policy.documents.restriction import looser
from zope.container.interfaces import IContainerModifiedEvent
from zope.lifecycleevent.interfaces import IObjectAddedEvent


class LooserThanCase(Immutable):
    """A document's restriction looser than its secret case."""


def check_restriction(obj, event):
    """Refuse a document that is looser than its secret case (any channel).

    When added, restriction values left empty are inherited from the case.
    """
    if IContainerModifiedEvent.providedBy(event):
        return
    case = parent_case(obj)
    if case is not None and IObjectAddedEvent.providedBy(event):
        values = without_secrecy(inherited(case), getattr(obj, "publicity_class", None))
        for name, value in values.items():
            if getattr(obj, name, None) is None:
                setattr(obj, name, value)
        restrictionlog.remember(obj)
    errors = looser(case, current(obj))
    if errors:
        field, message = errors[0]
        raise LooserThanCase(field, message)
