"""Records in the diary are never deleted; only disposal may remove them.

A case with a diary number and a registered case document (registered state or
a SHA-256 taken) are final records. ``refuse_removal`` (a subscriber of
``IObjectWillBeRemovedEvent``, so renames and moves still work) raises a 403
``Forbidden`` marked ``IRemovalRefused`` for every channel: the Classic UI's
delete forms (``browser/delete.py`` shows it as an error message),
plone.restapi ``DELETE`` (a JSON 403) and ``api.content.delete``.

The refusal holds for everyone, Manager included. The one exception is
disposal: inside ``disposing(case, authority)``, entered only by the execution
of an approved disposal list (``archive.disposal``) that includes the case,
the case's documents (never the case itself) may be removed; each removal is
logged. Removing the whole site is not refused.

The case's own end-of-life transitions (``PROCEDURE_TRANSITIONS``: ``dispose``
and ``transfer``) carry a guard expression (``procedure_open``): they are
offered and fire only inside ``procedure(case, transition)``, which the
execution of a disposal list (through ``disposing``) and the SÄHKE2 transfer
enter. Neither the state menu nor ``@workflow`` can end a case by hand.
"""

from AccessControl import ModuleSecurityInfo
from Acquisition import aq_base
from contextlib import contextmanager
from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.errors import IJSONError
from municipality.policy.errors import json_error
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import IDisposalList
from OFS.interfaces import IApplication
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from zExceptions import Forbidden
import logging
import threading


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


#: paths of the cases whose documents the running disposal may remove
_DISPOSING = threading.local()

MSG_NOT_AUTHORISED = _(
    "msg_disposal_not_authorised",
    default="Only an approved disposal list that includes the case may remove "
    "its documents.",
)


def _disposing():
    if not hasattr(_DISPOSING, "paths"):
        _DISPOSING.paths = set()
    return _DISPOSING.paths


@contextmanager
def disposing(case, authority):
    """The one exception: while inside, the documents of ``case`` may be
    removed. ``authority`` is the disposal list being executed: it must be
    an approved ``IDisposalList`` that ``includes(case)``; otherwise a
    ``Forbidden`` (``IRemovalRefused``) is raised and nothing is allowed."""
    if not (
        IDisposalList.providedBy(authority)
        and api.content.get_state(authority, default=None) == "approved"
        and authority.includes(case)
    ):
        raise json_error(Forbidden, MSG_NOT_AUTHORISED, marker=IRemovalRefused)
    path = case.getPhysicalPath()
    paths = _disposing()
    paths.add(path)
    try:
        with procedure(case, "dispose"):
            yield
    finally:
        paths.discard(path)


#: the case's transitions only an archive procedure fires -> the procedure
PROCEDURE_TRANSITIONS = {
    "dispose": "an approved disposal list (archive.disposal)",
    "transfer": "a SÄHKE2 transfer (archive.sahke2_transfer)",
}
_PROCEDURES = threading.local()


def _open_procedures():
    if not hasattr(_PROCEDURES, "open"):
        _PROCEDURES.open = set()
    return _PROCEDURES.open


@contextmanager
def procedure(case, transition):
    """While inside, ``transition`` (one of ``PROCEDURE_TRANSITIONS``) is open
    on ``case`` for the roles of its guard; entered by the procedures only."""
    if transition not in PROCEDURE_TRANSITIONS:
        raise ValueError(transition)
    key = (case.getPhysicalPath(), transition)
    opened = _open_procedures()
    already = key in opened
    opened.add(key)
    try:
        yield
    finally:
        if not already:
            opened.discard(key)


def procedure_open(case, transition):
    """The guard expression of the procedure transitions: True only inside
    ``procedure(case, transition)``."""
    return (case.getPhysicalPath(), transition) in _open_procedures()


ModuleSecurityInfo("municipality.policy.cases.removal").declarePublic("procedure_open")


def is_disposing(case):
    """True inside ``disposing(case, ...)``: the case is being disposed of."""
    return case.getPhysicalPath() in _disposing()


def _disposed(obj):
    """True when ``obj`` is a document of a case being disposed of."""
    if not ICaseDocument.providedBy(obj):
        return False
    case = parent_case(obj)
    return case is not None and is_disposing(case)


def refuse_removal(obj, event):
    """Subscriber: a final record is not removed (see the module docstring)."""
    if _site_removed(event):
        return
    message = refusal(obj)
    if message is None:
        return
    if _disposed(obj):
        logger.info(
            "Disposal removes %s (%s) by %s",
            "/".join(obj.getPhysicalPath()),
            obj.portal_type,
            api.user.get_current().getId(),
        )
        return
    logger.info(
        "Refused removal of %s (%s) by %s",
        "/".join(obj.getPhysicalPath()),
        obj.portal_type,
        api.user.get_current().getId(),
    )
    raise json_error(Forbidden, message, marker=IRemovalRefused)
