"""Tracking codes of submissions.

A code is ``secrets.token_urlsafe(24)`` (192 bits), given once to the
sender and never stored: the registry keeps, in an annotation (``KEY``), an
``OOBTree`` from the code's SHA-256 (hex) to a record ``{"sha256", "uid",
"kind", "arrival"}`` (the case's UID, the form, the aware UTC arrival time).
``find(code)`` looks the hash up in every registry and compares it again in
constant time (``hmac.compare_digest``); a wrong and an unknown code are the
same None.

A code expires ``settings.TRACKING_MONTHS_AFTER_CLOSING`` (12) months after
its case was closed (``CLOSED_STATES``: the time of the last transition into
them, from the case's workflow history); ``expired(case)`` is then True and
``status.status`` answers None: the same 404 as a wrong code. A reopened
case's code works again.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from datetime import UTC
from datetime import datetime
from dateutil.relativedelta import relativedelta
from municipality.policy.eservices import settings
from municipality.policy.interfaces import IRegistry
from plone import api
from zope.annotation.interfaces import IAnnotations
import hashlib
import hmac
import re
import secrets


KEY = "municipality.policy.eservices.tracking"
#: the characters of ``token_urlsafe`` (anything else is not a code)
CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


#: the states of a closed case (ended, transferred to the archive, disposed)
CLOSED_STATES = ("paattynyt", "siirretty", "havitetty")


def digest(code):
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def new_code():
    return secrets.token_urlsafe(24)


def store(registry, code, case, kind, arrival):
    """Remember ``code`` (hashed) for ``case`` in ``registry``."""
    annotations = IAnnotations(registry)
    codes = annotations.get(KEY)
    if codes is None:
        codes = annotations[KEY] = OOBTree()
    hashed = digest(code)
    codes[hashed] = {
        "sha256": hashed,
        "uid": case.UID(),
        "kind": kind,
        "arrival": arrival,
    }


def _registries():
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Registry"):
        registry = brain._unrestrictedGetObject()
        if IRegistry.providedBy(registry):
            yield registry


def find(code):
    """The record of ``code`` (a copy), or None for a wrong or unknown code."""
    if not isinstance(code, str) or not CODE.match(code):
        return None
    hashed = digest(code)
    for registry in _registries():
        record = (IAnnotations(registry).get(KEY) or {}).get(hashed)
        if record is not None and hmac.compare_digest(record["sha256"], hashed):
            return dict(record)
    return None


def closed_at(case):
    """When ``case`` was last closed (aware UTC), or None while it is open."""
    history = getattr(aq_base(case), "workflow_history", None) or {}
    closed = None
    for rows in history.values():
        before = None
        for row in rows:
            state = row.get("review_state")
            if state in CLOSED_STATES and before not in CLOSED_STATES:
                stamp = row.get("time")
                closed = stamp.asdatetime().astimezone(UTC) if stamp else None
            elif state not in CLOSED_STATES:
                closed = None
            before = state
    return closed


def expires(case):
    """When the code of ``case`` stops answering (aware UTC), or None."""
    closed = closed_at(case)
    if closed is None:
        return None
    return closed + relativedelta(months=settings.TRACKING_MONTHS_AFTER_CLOSING)


def expired(case, now=None):
    end = expires(case)
    return end is not None and (now or datetime.now(UTC)) >= end
