"""Sign-in through OpenID Connect on a site (``install(portal)``, idempotent:
the profile's post-install handler on a new site, upgrade step 1013 on an
existing one; ``configure`` also from ``instance/oidc.py``).

- pas.plugins.oidc's profile is installed if it is not (a dependency of our
  profile on a new site);
- its plugin ``acl_users/oidc`` becomes a ``security.signin.
  MunicipalityOIDCPlugin`` (properties kept) with our defaults the first
  time: scopes ``openid profile email``, PKCE, users created at sign-in,
  no groups created from claims (``security.signin`` maps them), the
  ``__ac`` ticket, the user id from ``sub``;
- its challenge is switched off: Plone's own login form stays the challenge
  and offers the identification ("Tunnistaudu") when configured, so local
  accounts (the demo's) work as before;
- ``configure(...)`` sets the provider: issuer, client id and secret,
  scopes, PKCE, user creation and a redirect URI; ``install`` calls it with
  ``KP_OIDC_ISSUER``, ``KP_OIDC_CLIENT_ID``, ``KP_OIDC_CLIENT_SECRET`` when
  set (``from_environment``). Without them nothing changes.
"""

from Acquisition import aq_base
from municipality.policy.security import signin
from pas.plugins.oidc.plugins import OIDCPlugin
from Products.CMFPlone.utils import get_installer
from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin
import logging
import os


logger = logging.getLogger("municipality.policy.eservices.setup")

PRODUCT = "pas.plugins.oidc"
DEFAULTS = {
    "title": "OpenID Connect",
    "scope": ("openid", "profile", "email"),
    "use_pkce": True,
    "create_user": True,
    "create_groups": False,
    "create_ticket": True,
    "create_restapi_ticket": False,
    "user_property_as_userid": "sub",
    "use_session_data_manager": False,
}
#: environment variable -> plugin property
ENVIRONMENT = {
    "KP_OIDC_ISSUER": "issuer",
    "KP_OIDC_CLIENT_ID": "client_id",
    "KP_OIDC_CLIENT_SECRET": "client_secret",
}


def install(portal):
    installer = get_installer(portal)
    if not installer.is_product_installed(PRODUCT):
        installer.install_product(PRODUCT)
    plugin = ensure_plugin(portal)
    if plugin is None:
        return
    settings = from_environment()
    if settings:
        configure(portal, **settings)


def ensure_plugin(portal):
    """``acl_users/oidc`` as our plugin class (created or converted, its
    properties kept), challenge off. Returns it (None without the add-on's
    plugin, e.g. a foreign object of that id)."""
    pas = portal.acl_users
    old = pas.get(signin.PLUGIN_ID)
    if old is not None and not isinstance(old, OIDCPlugin):
        logger.warning("acl_users/%s is not an OIDC plugin: left alone", old.getId())
        return None
    if type(aq_base(old)) is not signin.MunicipalityOIDCPlugin:
        active = _active_interfaces(pas, signin.PLUGIN_ID) if old is not None else None
        plugin = signin.MunicipalityOIDCPlugin(signin.PLUGIN_ID, DEFAULTS["title"])
        if old is not None:
            for prop in old.propertyIds():
                setattr(plugin, prop, old.getProperty(prop))
            pas._delObject(signin.PLUGIN_ID)
        for prop, value in DEFAULTS.items():
            if old is None or prop in ("create_groups", "create_restapi_ticket"):
                setattr(plugin, prop, value)
        if old is not None and tuple(old.getProperty("scope") or ()) == (
            "profile",
            "email",
            "phone",
        ):  # the add-on's default: ask for the OpenID scope, not the phone
            plugin.scope = DEFAULTS["scope"]
            plugin.use_pkce = True
        pas._setObject(signin.PLUGIN_ID, plugin)
        plugin = pas[signin.PLUGIN_ID]
        _activate(pas, plugin, active)
        logger.info("acl_users/%s is a MunicipalityOIDCPlugin", signin.PLUGIN_ID)
    plugin = pas[signin.PLUGIN_ID]
    _challenge_off(pas)
    return plugin


def _active_interfaces(pas, plugin_id):
    plugins = pas.plugins
    return [
        info["id"]
        for info in plugins.listPluginTypeInfo()
        if plugin_id in plugins.listPluginIds(info["interface"])
    ]


def _activate(pas, plugin, active):
    names = [
        info["id"]
        for info in pas.plugins.listPluginTypeInfo()
        if plugin.testImplements(info["interface"])
        and (active is None or info["id"] in active)
    ]
    plugin.manage_activateInterfaces(names)


def _challenge_off(pas):
    plugins = pas.plugins
    if signin.PLUGIN_ID in plugins.listPluginIds(IChallengePlugin):
        plugins.deactivatePlugin(IChallengePlugin, signin.PLUGIN_ID)


def from_environment(environ=None):
    """The plugin properties given by ``KP_OIDC_*`` (all three or nothing)."""
    environ = os.environ if environ is None else environ
    found = {
        prop: environ.get(name, "").strip()
        for name, prop in ENVIRONMENT.items()
        if environ.get(name, "").strip()
    }
    if found and set(found) != set(ENVIRONMENT.values()):
        missing = sorted(n for n, p in ENVIRONMENT.items() if p not in found)
        logger.warning("OpenID Connect not configured: %s missing", ", ".join(missing))
        return {}
    return found


def configure(
    portal,
    issuer,
    client_id,
    client_secret="",
    scope=None,
    use_pkce=None,
    create_user=None,
    redirect_uri=None,
):
    """Point the plugin at a provider. ``redirect_uri`` defaults to
    ``<site>/acl_users/oidc/callback`` (register it at the provider)."""
    plugin = ensure_plugin(portal)
    if plugin is None:
        raise ValueError("acl_users/oidc is not an OIDC plugin")
    plugin.issuer = issuer.strip()
    plugin.client_id = client_id.strip()
    plugin.client_secret = client_secret.strip()
    if scope is not None:
        plugin.scope = tuple(s for s in scope if s)
    if use_pkce is not None:
        plugin.use_pkce = bool(use_pkce)
    if create_user is not None:
        plugin.create_user = bool(create_user)
    plugin.redirect_uris = (redirect_uri,) if redirect_uri else ()
    return plugin


def unconfigure(portal):
    """Switch sign-in through OpenID Connect off (local login only)."""
    plugin = signin.plugin(portal)
    if plugin is not None:
        plugin.issuer = ""
        plugin.client_id = ""
        plugin.client_secret = ""


def redirect_uri(portal):
    plugin = signin.plugin(portal)
    if plugin is None:
        return f"{portal.absolute_url()}/acl_users/{signin.PLUGIN_ID}/callback"
    return plugin.get_redirect_uris()[0]
