"""Records in the diary are never deleted; only disposal may remove them.

A case with a diary number and a registered case document (registered state or
a SHA-256 taken) are final records. ``refuse_removal`` (a subscriber of
``IObjectWillBeRemovedEvent``, so renames and moves still work) raises a 403
``Forbidden`` marked ``IRemovalRefused`` for every channel: the Classic UI's
delete forms (``browser/delete.py`` shows it as an error message),
plone.restapi ``DELETE`` (a JSON 403) and ``api.content.delete``.

There is no disposal path yet (the archive process that removes records after
the ``dispose`` transition, ``Hävitetty``), so the refusal holds for everyone,
Manager included. Removing the whole site is not refused.
"""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy.errors import IJSONError
from municipality.policy.errors import json_error
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from OFS.interfaces import IApplication
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from zExceptions import Forbidden
import logging


logger = logging.getLogger("municipality.policy.removal")


class IRemovalRefused(IJSONError):
    """The removal of a record was refused (a ``Forbidden``)."""


MSG_CASE = _(
    "msg_case_not_deletable",
    default="Case ${number} is in the diary and cannot be deleted. Only disposal "
    "through the archive process may remove it.",
)
MSG_DOCUMENT = _(
    "msg_document_not_deletable",
    default="The document is registered and cannot be deleted. Only disposal "
    "through the archive process may remove it.",
)


def refusal(obj):
    """The message refusing the removal of ``obj``, or None if it may go."""
    base = aq_base(obj)
    if ICase.providedBy(base) and getattr(base, "diary_number", None):
        return _(
            MSG_CASE, default=MSG_CASE.default, mapping={"number": base.diary_number}
        )
    if ICaseDocument.providedBy(base) and (
        getattr(base, "sha256", None)
        or api.content.get_state(obj, default=None) == "registered"
    ):
        return MSG_DOCUMENT
    return None


def _site_removed(event):
    """The whole site (or the Zope root) is going: records go with it."""
    return IPloneSiteRoot.providedBy(event.object) or IApplication.providedBy(
        event.object
    )


def refuse_removal(obj, event):
    """Subscriber: a final record is not removed (see the module docstring)."""
    if _site_removed(event):
        return
    message = refusal(obj)
    if message is None:
        return
    logger.info(
        "Refused removal of %s (%s) by %s",
        "/".join(obj.getPhysicalPath()),
        obj.portal_type,
        api.user.get_current().getId(),
    )
    raise json_error(Forbidden, message, marker=IRemovalRefused)
