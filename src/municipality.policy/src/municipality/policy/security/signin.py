"""Sign-in through OpenID Connect (pas.plugins.oidc): who signed in, and the
directory's groups mapped to the responsibility chain's Plone groups.

The PAS plugin ``acl_users/oidc`` is a ``MunicipalityOIDCPlugin``: the
add-on's ``OIDCPlugin`` with two additions at every sign-in, before the
login events fire (so that the intranet's ``henkilosto`` sync at login sees
the new groups):

- ``remember``: the verified identity of the user, by data minimisation only
  ``KEPT_CLAIMS`` (issuer, ``sub``, name, ``acr``) and the times of the first
  and the last sign-in, in the site's annotation ``IDENTITIES_KEY``
  (``OOBTree`` user id -> dict). A personal identity code (``hetu``) or any
  other claim is never stored (the plugin itself keeps only the e-mail and
  the full name as member properties).
- ``apply_group_map``: the record ``municipality.signin.group_map`` (claim
  value -> Plone group id) over the claim named by
  ``municipality.signin.group_claim`` (default ``groups``, e.g. Entra ID
  group object ids): the user joins every mapped group whose value is in the
  claim and leaves every mapped group whose values are all missing; groups
  not in the mapping are never touched, a mapped group that does not exist is
  skipped (nothing is created).

A provider's ``sub`` that names an existing account which did not come from
this issuer (a local account, e.g. ``admin``) is refused: an identity
provider cannot take over a local account. A callback whose ``state`` is not
the one the browser's login started with is refused (``state_matches``).

A user created at sign-in without a mapped group is a resident: no role of
the chain, not in ``henkilosto`` (staff are that group's members, never
``Authenticated``). Nothing here knows the e-services (layer 6).
"""

from AccessControl.class_init import InitializeClass
from BTrees.OOBTree import OOBTree
from datetime import UTC
from datetime import datetime
from functools import partial
from pas.plugins.oidc.plugins import OIDCPlugin
from pas.plugins.oidc.plugins import safe_write
from pas.plugins.oidc.session import Session
from plone import api
from zExceptions import Unauthorized
from zope.annotation.interfaces import IAnnotations
import hmac
import logging


logger = logging.getLogger("municipality.policy.signin")

PLUGIN_ID = "oidc"
#: the site's annotation: user id -> verified identity
IDENTITIES_KEY = "municipality.policy.signin.identities"
#: the request key of the claims of the sign-in being handled (transient)
CLAIMS_KEY = "municipality.policy.signin.claims"
GROUP_CLAIM_RECORD = "municipality.signin.group_claim"
GROUP_MAP_RECORD = "municipality.signin.group_map"
DEFAULT_GROUP_CLAIM = "groups"
#: the claims of a verified identity that are kept (data minimisation)
KEPT_CLAIMS = ("sub", "name", "given_name", "family_name", "acr")


def plugin(portal=None):
    """The site's OIDC plugin (``acl_users/oidc``), or None."""
    portal = portal if portal is not None else api.portal.get()
    found = portal.acl_users.get(PLUGIN_ID)
    return found if isinstance(found, OIDCPlugin) else None


def configured(portal=None):
    """True when sign-in through OpenID Connect is configured (an issuer and
    a client id): the login page then offers it."""
    found = plugin(portal)
    return bool(
        found is not None
        and found.getProperty("issuer")
        and found.getProperty("client_id")
    )


def _identities(create=False):
    annotations = IAnnotations(api.portal.get())
    found = annotations.get(IDENTITIES_KEY)
    if found is None and create:
        found = annotations[IDENTITIES_KEY] = OOBTree()
    return found


def identity(user_id):
    """The verified identity of ``user_id`` (a copy), or None for an account
    that never signed in through OpenID Connect."""
    found = _identities()
    record = found.get(user_id) if found is not None and user_id else None
    return dict(record) if record is not None else None


def display_name(claims):
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return str(name or "").strip()


def remember(user_id, claims, issuer):
    """Store the verified identity of ``user_id`` (``KEPT_CLAIMS`` only)."""
    identities = _identities(create=True)
    now = datetime.now(UTC)
    old = identities.get(user_id) or {}
    record = {
        key: str(claims[key])
        for key in KEPT_CLAIMS
        if claims.get(key) not in (None, "")
    }
    record.update(
        user_id=user_id,
        issuer=issuer,
        name=display_name(claims),
        first_login=old.get("first_login", now),
        last_login=now,
    )
    identities[user_id] = record
    return dict(record)


def group_claim():
    name = api.portal.get_registry_record(GROUP_CLAIM_RECORD, default=None)
    return (name or "").strip() or DEFAULT_GROUP_CLAIM


def group_map():
    """The mapping claim value -> Plone group id (empty when unset)."""
    mapping = api.portal.get_registry_record(GROUP_MAP_RECORD, default=None) or {}
    return {
        str(key).strip(): str(value).strip()
        for key, value in mapping.items()
        if str(key).strip() and str(value).strip()
    }


def claim_values(claims, name=None):
    values = claims.get(name or group_claim())
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return set()
    return {str(value) for value in values}


def apply_group_map(user_id, claims, mapping=None):
    """Join the mapped groups in the claim, leave those not in it; returns
    ``(joined, left)`` (sorted group ids)."""
    mapping = group_map() if mapping is None else mapping
    if not mapping:
        return [], []
    values = claim_values(claims)
    wanted = {group for value, group in mapping.items() if value in values}
    managed = set(mapping.values())
    groups_tool = api.portal.get_tool("portal_groups")
    user = api.portal.get().acl_users.getUserById(user_id)
    current = set(user.getGroups()) if user is not None else set()
    joined, left = [], []
    for group_id in sorted(managed):
        if groups_tool.getGroupById(group_id) is None:
            if group_id in wanted:
                logger.warning("Mapped group %s does not exist: skipped", group_id)
            continue
        if group_id in wanted and group_id not in current:
            groups_tool.addPrincipalToGroup(user_id, group_id)
            joined.append(group_id)
        elif group_id not in wanted and group_id in current:
            groups_tool.removePrincipalFromGroup(user_id, group_id)
            left.append(group_id)
    if joined or left:
        logger.info("Sign-in of %s: joined %s, left %s", user_id, joined, left)
    return joined, left


def claims_of(userinfo):
    """The claims of ``userinfo`` (an oic ``OpenIDSchema`` or a dict)."""
    if hasattr(userinfo, "to_dict"):
        return userinfo.to_dict()
    return dict(userinfo)


class MunicipalityOIDCPlugin(OIDCPlugin):
    """pas.plugins.oidc's plugin, remembering the verified identity and
    applying the group mapping at every sign-in (see the module)."""

    def get_oauth2_client(self):
        """The add-on's client, asking the user info with the access token
        in the ``Authorization`` header (GET): OIDC Core 5.3.1 makes every
        provider accept it, the form-body token the add-on sends by default
        (POST) only some (the tests' oidc-provider-mock refuses it)."""
        client = super().get_oauth2_client()
        client.do_user_info_request = partial(client.do_user_info_request, method="GET")
        return client

    def state_matches(self):
        """The callback's ``state`` is the one this browser's login session
        started with. The add-on only logs a mismatch; refusing it stops a
        login CSRF (a victim signed in as the attacker, whose history would
        then list the victim's submissions) also without PKCE."""
        request = self.REQUEST
        session = Session(request, self.getProperty("use_session_data_manager"))
        expected = session.get("state")
        given = request.form.get("state")
        return (
            isinstance(expected, str)
            and isinstance(given, str)
            and bool(expected)
            and hmac.compare_digest(expected.encode(), given.encode())
        )

    def rememberIdentity(self, userinfo):
        if not self.state_matches():
            logger.warning("Refused a sign-in whose state is not this browser's")
            raise Unauthorized("The sign-in did not start here.")
        claims = claims_of(userinfo)
        user_id = claims.get(self.getProperty("user_property_as_userid") or "sub")
        if not isinstance(user_id, str) or not user_id.strip():
            raise Unauthorized("No subject")
        pas = self._getPAS()
        known = identity(user_id)
        issuer = self.getProperty("issuer")
        if pas.getUserById(user_id) is not None and (
            known is None or known.get("issuer") != issuer
        ):
            logger.warning(
                "Refused the sign-in of %r from %s: a local account or another "
                "issuer's user has that id",
                user_id,
                issuer,
            )
            raise Unauthorized("The account cannot be signed in here.")
        self.REQUEST.set(CLAIMS_KEY, claims)
        return super().rememberIdentity(userinfo)

    def _update_user(self, user, userinfo, first_login):
        claims = claims_of(userinfo)
        user_id = user.getId()
        with safe_write(self.REQUEST):
            remember(user_id, claims, self.getProperty("issuer"))
            joined, left = apply_group_map(user_id, claims)
        if joined or left:
            # the login events see the groups of this sign-in
            user = self._getPAS().getUserById(user_id) or user
        return super()._update_user(user, userinfo, first_login)


InitializeClass(MunicipalityOIDCPlugin)
