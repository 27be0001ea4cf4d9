"""Configure sign-in through OpenID Connect (README "Kirjautuminen OpenID
Connectilla").

Run inside Zope::

    KP_OIDC_ISSUER=https://tunnistus.example.fi/realms/kunta \\
    KP_OIDC_CLIENT_ID=kuntaportaali KP_OIDC_CLIENT_SECRET=... \\
    bin/instance run instance/oidc.py [--site kunta] [--public-url URL]
        [--scope "openid profile email"] [--no-pkce] [--no-create-users]
        [--group-claim groups] [--group-map mapping.json]

- the issuer, client id and secret come from ``KP_OIDC_ISSUER``,
  ``KP_OIDC_CLIENT_ID``, ``KP_OIDC_CLIENT_SECRET`` (all three);
- ``--public-url``: the site's public address (behind a proxy), which makes
  the redirect URI ``<public url>/acl_users/oidc/callback`` (register it at
  the provider); default: the plugin's own URL;
- ``--group-map``: a JSON object ``{"<claim value>": "<Plone group id>"}``
  (e.g. Entra ID group object ids to the responsibility chain's groups),
  stored in the record ``municipality.signin.group_map``; ``--group-claim``
  names the claim (default ``groups``);
- ``--off``: sign-in through OpenID Connect off (local login only);
- ``--show``: print the settings (not the secret) and change nothing.

Idempotent. Acts as a Manager (``UnrestrictedUser``).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.users import UnrestrictedUser
from municipality.policy.eservices import setup as oidc_setup
from municipality.policy.security import signin
from municipality.policy.site import SITE_ID
from plone import api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
import argparse
import json
import sys
import transaction


def arguments(argv):
    parser = argparse.ArgumentParser(prog="instance/oidc.py")
    parser.add_argument("--site", default=SITE_ID)
    parser.add_argument("--public-url", default="")
    parser.add_argument("--scope", default="openid profile email")
    parser.add_argument("--no-pkce", action="store_true")
    parser.add_argument("--no-create-users", action="store_true")
    parser.add_argument("--group-claim", default=None)
    parser.add_argument("--group-map", default=None)
    parser.add_argument("--off", action="store_true")
    parser.add_argument("--show", action="store_true")
    args, _unknown = parser.parse_known_args(argv)
    return args


def show(site):
    plugin = signin.plugin(site)
    print(f"configured: {signin.configured(site)}")
    if plugin is not None:
        for prop in ("issuer", "client_id", "scope", "use_pkce", "create_user"):
            print(f"{prop}: {plugin.getProperty(prop)!r}")
        print(f"redirect URI: {plugin.get_redirect_uris()[0]}")
    print(f"group claim: {signin.group_claim()}")
    print(f"group map: {json.dumps(signin.group_map(), ensure_ascii=False)}")


def main(app, argv):
    args = arguments(argv)
    app = makerequest(app)
    site = app[args.site]
    setSite(site)
    user = UnrestrictedUser("system", "", ["Manager"], []).__of__(app.acl_users)
    newSecurityManager(None, user)
    oidc_setup.install(site)
    if args.show:
        show(site)
        transaction.abort()
        return 0
    if args.off:
        oidc_setup.unconfigure(site)
    else:
        settings = oidc_setup.from_environment()
        if not settings:
            print(
                "Set KP_OIDC_ISSUER, KP_OIDC_CLIENT_ID and KP_OIDC_CLIENT_SECRET",
                file=sys.stderr,
            )
            return 2
        redirect = (
            f"{args.public_url.rstrip('/')}/acl_users/{signin.PLUGIN_ID}/callback"
            if args.public_url
            else None
        )
        oidc_setup.configure(
            site,
            scope=args.scope.split(),
            use_pkce=not args.no_pkce,
            create_user=not args.no_create_users,
            redirect_uri=redirect,
            **settings,
        )
    if args.group_claim is not None:
        api.portal.set_registry_record(signin.GROUP_CLAIM_RECORD, args.group_claim)
    if args.group_map is not None:
        with open(args.group_map, encoding="utf-8") as source:
            mapping = json.load(source)
        if not isinstance(mapping, dict):
            print("--group-map: a JSON object is needed", file=sys.stderr)
            return 2
        api.portal.set_registry_record(
            signin.GROUP_MAP_RECORD,
            {str(key): str(value) for key, value in mapping.items()},
        )
    transaction.commit()
    show(site)
    return 0


if "app" in globals():  # `bin/instance run` gives `app`
    sys.exit(main(app, sys.argv[1:]))  # noqa: F821
