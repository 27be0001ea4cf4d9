"""Event subscribers of CaseDocument: registration, immutability, restriction."""

from municipality.policy.documents.registration import Immutable
from municipality.policy.documents.registration import after_transition  # noqa: F401
from municipality.policy.documents.registration import case_of
from municipality.policy.documents.registration import check_modified  # noqa: F401
from municipality.policy.documents.restriction import current
from municipality.policy.documents.restriction import looser
from zope.container.interfaces import IContainerModifiedEvent


class LooserThanCase(Immutable):
    """A document's restriction looser than its secret case."""


def check_restriction(obj, event):
    """Refuse a document that is looser than its secret case (any channel)."""
    if IContainerModifiedEvent.providedBy(event):
        return
    errors = looser(case_of(obj), current(obj))
    if errors:
        field, message = errors[0]
        raise LooserThanCase(field, message)
