"""Records are not copied: a copy is never registered by accident.

A case (every case lives in a registry with its diary number) and a registered
case document (registered state or a SHA-256 taken) are final records.
Copying one would make a second case with a fresh diary number, or an
unregistered duplicate of a registered document, which then nobody may
delete. So ``refuse_copy`` (a subscriber of ``IObjectCopiedEvent``, fired for
each copied object and, through OFS, for everything inside a copied folder,
before the copy is added) raises a 403 ``Forbidden`` marked ``ICopyRefused``
for every channel: the Classic UI's paste (``browser/copy.py`` shows it as an
error message), plone.restapi ``@copy`` (a JSON 403), ``api.content.copy``,
``manage_pasteObjects`` and ``manage_clone`` (duplicate). A case is not
copied even without a diary number: pasted into a registry it would be given
one; a new case is registered with the registration form.

A draft document may be copied (within its case or into another one): the copy
is a new draft of the case it lands in, under that case's diary number, with
no checksum or version history of its own, and may be
deleted like any draft.

An import (a ZMI ``.zexp`` import adds the object without a copy event) that
would bring a case with a diary number already held by another case, or a
second copy of a registered document, is refused by ``refuse_duplicate``
(``IObjectAddedEvent``); a case imported from elsewhere keeps its own number.
"""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from municipality.policy import _
from municipality.policy.errors import IJSONError
from municipality.policy.errors import json_error
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from plone import api
from zExceptions import Forbidden
from zope.lifecycleevent.interfaces import IObjectCopiedEvent
import logging


logger = logging.getLogger("municipality.policy.copying")

REGISTERED = "registered"
#: annotations of a registration (documents.registration; read here by name
#: since documents sit above cases)
REGISTRATION_KEYS = (
    "municipality.policy.documents.snapshot",
    "municipality.policy.documents.hashes",
)


class ICopyRefused(IJSONError):
    """The copy of a record was refused (a ``Forbidden``)."""


MSG_CASE = _(
    "msg_case_not_copyable",
    default="Case ${number} is in the diary and cannot be copied: a copy would "
    "be a new case with a new diary number. Register a new case with the "
    "registration form.",
)
MSG_CASE_UNNUMBERED = _(
    "msg_case_unnumbered_not_copyable",
    default="A case cannot be copied: in the registry a copy would be given a "
    "diary number. Register a new case with the registration form.",
)
MSG_DOCUMENT = _(
    "msg_document_not_copyable",
    default="The document is registered and cannot be copied: a copy would be "
    "an unregistered duplicate of the record. Add the file to the case as a "
    "new document.",
)
MSG_NUMBER_TAKEN = _(
    "msg_case_number_taken",
    default="Diary number ${number} belongs to another case: a copy of the "
    "case cannot be added.",
)
MSG_DOCUMENT_DUPLICATE = _(
    "msg_document_duplicate",
    default="The registered document is already in the portal: a copy of it "
    "cannot be added.",
)


def _state(obj):
    """The workflow state stored on ``obj`` itself (a copy keeps its
    original's history until CMF's copy subscriber drops it)."""
    try:
        return api.content.get_state(obj, default=None)
    except Exception:  # a copy not yet in a container has no workflow tool
        history = getattr(aq_base(obj), "workflow_history", None) or {}
        for entries in history.values():
            if entries:
                return entries[-1].get("review_state")
        return None


def _registered_document(obj):
    base = aq_base(obj)
    return bool(getattr(base, "sha256", None)) or _state(obj) == REGISTERED


def refusal(obj, original=None):
    """The message refusing a copy of ``obj`` (or of ``original``), or None."""
    if ICase.providedBy(aq_base(obj)):
        number = getattr(aq_base(obj), "diary_number", None)
        if not number and original is not None:
            number = getattr(aq_base(original), "diary_number", None)
        if number:
            return _(MSG_CASE, default=MSG_CASE.default, mapping={"number": number})
        return MSG_CASE_UNNUMBERED
    if ICaseDocument.providedBy(aq_base(obj)):
        if _registered_document(obj) or (
            original is not None and _registered_document(original)
        ):
            return MSG_DOCUMENT
    return None


def _refuse(obj, message):
    logger.info(
        "Refused copy of %s (%s) by %s",
        getattr(aq_base(obj), "id", None),
        getattr(aq_base(obj), "portal_type", None),
        None if api.user.is_anonymous() else api.user.get_current().getId(),
    )
    raise json_error(Forbidden, message, marker=ICopyRefused)


def _case_around(obj):
    """The copied case ``obj`` (a copied folder's content) is in, if any:
    its refusal says more than that of a document inside it."""
    for item in aq_chain(aq_inner(obj)):
        if ICase.providedBy(aq_base(item)):
            return item
    return None


def refuse_copy(obj, event):
    """Subscriber (``IObjectCopiedEvent``): a record is not copied; a copied
    draft document starts without a registration of its own."""
    original = event.original if obj is event.object else None
    case = _case_around(obj) if original is None else None
    message = refusal(case if case is not None else obj, original)
    if message is not None:
        _refuse(obj, message)
    if ICaseDocument.providedBy(aq_base(obj)):
        base = aq_base(obj)
        if "sha256" in base.__dict__:
            del base.sha256
        annotations = getattr(base, "__annotations__", None)
        for key in REGISTRATION_KEYS:
            if annotations is not None and key in annotations:
                del annotations[key]


def _others(obj, **query):
    """Catalog paths of other objects than ``obj`` matching ``query``."""
    path = "/".join(obj.getPhysicalPath())
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain.getPath()
        for brain in catalog.unrestrictedSearchResults(**query)
        if brain.getPath() != path
    ]


def refuse_duplicate(obj, event):
    """Subscriber (``IObjectAddedEvent``): an object added without a copy
    event (an import) may not bring a second copy of a record."""
    if IObjectCopiedEvent.providedBy(event):
        return
    base = aq_base(obj)
    if ICase.providedBy(base):
        number = getattr(base, "diary_number", None)
        if number and _others(obj, portal_type="Case", diary_number=number):
            _refuse(
                obj,
                _(
                    MSG_NUMBER_TAKEN,
                    default=MSG_NUMBER_TAKEN.default,
                    mapping={"number": number},
                ),
            )
    elif ICaseDocument.providedBy(base) and getattr(base, "sha256", None):
        uid = getattr(base, "_plone.uuid", None)
        if uid and _others(obj, UID=uid):
            _refuse(obj, MSG_DOCUMENT_DUPLICATE)


def copy_refusal(obj):
    """The message refusing to copy ``obj`` or any record inside it, or None
    (asked before the clipboard is filled: the copy step says it at once)."""
    message = refusal(obj)
    if message is not None or not getattr(aq_base(obj), "isPrincipiaFolderish", 0):
        return message
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(obj.getPhysicalPath())
    for brain in catalog.unrestrictedSearchResults(
        path=path, portal_type=["Case", "CaseDocument"]
    ):
        if brain.getPath() == path:
            continue
        if brain.portal_type == "Case" or brain.review_state == REGISTERED:
            return refusal(brain._unrestrictedGetObject())
    return None
