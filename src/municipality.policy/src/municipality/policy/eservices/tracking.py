"""Tracking codes of submissions.

A code is ``secrets.token_urlsafe(24)`` (192 bits), given once to the
sender and never stored: the registry keeps, in an annotation (``KEY``), an
``OOBTree`` from the code's SHA-256 (hex) to a record ``{"sha256", "uid",
"kind", "arrival"}`` (the case's UID, the form, the aware UTC arrival time).
``find(code)`` looks the hash up in every registry and compares it again in
constant time (``hmac.compare_digest``); a wrong and an unknown code are the
same None.
"""

from BTrees.OOBTree import OOBTree
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
