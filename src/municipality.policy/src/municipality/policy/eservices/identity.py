"""The sender of a submission made while signed in (issue 13).

``stamp(registry, case, code)`` is called by ``intake.submit`` right after
the tracking record is stored. When the request's user is signed in (and
the request is not cross-site: a cookie-authenticated POST from another
site's page would otherwise file in the user's name, since ``POST
@submissions`` has no CSRF token), it records:

- on the case, the annotation ``KEY``: ``user_id``, ``verified`` (True when
  the user signed in through OpenID Connect: ``security.signin.identity``),
  ``issuer``, ``sub``, ``name``, ``acr`` (the level of assurance, when the
  provider gives it) and ``stamped`` (aware UTC). A personal identity code
  is NOT recorded (data minimisation: handling a submission does not need
  it; ``security.signin`` never stores it; a case that needs it asks for it
  through the registry);
- in the tracking record (``tracking.KEY``), ``user_id``;
- in the registry's annotation ``HISTORY_KEY`` (``OOBTree`` user id ->
  tuple of the tracking records' SHA-256 keys), the transaction history
  read by ``history``.

Sign-in is required for no kind (``SIGN_IN_REQUIRED`` is empty): feedback
and information requests may be anonymous (JulkL 13 §: the requester need
not give a name unless the document is secret), an initiative, an
application and a rectification claim carry the sender's name and contact
in the form (HL 19 §, SähkAsL 9 §: an electronic message with the sender's
details needs no signature). ``SIGN_IN_REQUIRED`` names the kinds that
would need it; nothing reads it yet (a kind added there needs the service
and the form page to refuse an anonymous sender).
"""

from BTrees.OOBTree import OOBTree
from datetime import UTC
from datetime import datetime
from municipality.policy.eservices import tracking
from municipality.policy.security import signin
from plone import api
from urllib.parse import urlsplit
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
import logging


logger = logging.getLogger("municipality.policy.eservices.identity")

KEY = "municipality.policy.eservices.identity"
HISTORY_KEY = "municipality.policy.eservices.history"
#: kinds that require signing in (none: see the module)
SIGN_IN_REQUIRED = frozenset()


def signed_in_user_id(request=None):
    """The id of the request's signed-in user, or None (anonymous)."""
    request = request if request is not None else getRequest()
    user = request.get("AUTHENTICATED_USER") if request is not None else None
    if user is None:
        return None
    user_id = user.getId()
    if not user_id or user.getUserName() == "Anonymous User":
        return None
    return user_id


def _origin(url):
    parts = urlsplit(url or "")
    return (parts.scheme, parts.netloc) if parts.netloc else None


def cross_site(request):
    """True when the browser says the request comes from another site."""
    fetch_site = (request.get_header("Sec-Fetch-Site") or "").strip().lower()
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return True
    origin = (request.get_header("Origin") or "").strip()
    if origin and origin != "null":
        return _origin(origin) != _origin(api.portal.get().absolute_url())
    return origin == "null"


def stamp(registry, case, code, request=None):
    """Record the signed-in sender of ``case`` (see the module); returns the
    stamp, or None for an anonymous (or cross-site) submission."""
    request = request if request is not None else getRequest()
    user_id = signed_in_user_id(request)
    if user_id is None:
        return None
    if cross_site(request):
        logger.warning("Cross-site submission by %s filed as anonymous", user_id)
        return None
    verified = signin.identity(user_id) or {}
    data = {
        "user_id": user_id,
        "verified": bool(verified),
        "issuer": verified.get("issuer"),
        "sub": verified.get("sub"),
        "name": verified.get("name"),
        "acr": verified.get("acr"),
        "stamped": datetime.now(UTC),
    }
    IAnnotations(case)[KEY] = data
    annotations = IAnnotations(registry)
    hashed = tracking.digest(code)
    codes = annotations.get(tracking.KEY)
    if codes is not None and hashed in codes:
        codes[hashed] = {**codes[hashed], "user_id": user_id}
    index = annotations.get(HISTORY_KEY)
    if index is None:
        index = annotations[HISTORY_KEY] = OOBTree()
    index[user_id] = (*index.get(user_id, ()), hashed)
    return dict(data)


def sender_of(case):
    """The stamp of ``case`` (a copy), or None (an anonymous submission)."""
    found = IAnnotations(case).get(KEY)
    return dict(found) if found is not None else None


def _registries():
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Registry"):
        yield brain._unrestrictedGetObject()


def records_of(user_id):
    """The tracking records (copies) of every submission ``user_id`` made
    while signed in, newest first."""
    if not user_id:
        return []
    found = []
    for registry in _registries():
        annotations = IAnnotations(registry)
        index = annotations.get(HISTORY_KEY)
        codes = annotations.get(tracking.KEY)
        if index is None or codes is None:
            continue
        for hashed in index.get(user_id, ()):
            record = codes.get(hashed)
            # the record names its sender too: both must agree
            if record is not None and record.get("user_id") == user_id:
                found.append(dict(record))
    found.sort(key=lambda record: record["arrival"], reverse=True)
    return found
