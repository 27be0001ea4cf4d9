"""Create the site ``kunta`` if missing and load (or complete) the demo municipality.

Run inside Zope: ``bin/instance run instance/setup_site.py`` (``app`` is given).
Idempotent: running it again keeps the data. ``--no-demo`` creates only the site.
"""

from AccessControl.SecurityManagement import newSecurityManager
from municipality.policy import demo
from municipality.policy.site import ensure_site
from Testing.makerequest import makerequest
import os
import sys
import transaction


ADMIN = os.environ.get("KP_ADMIN_USER", "admin")
ADMIN_PASSWORD = os.environ.get("KP_ADMIN_PASSWORD", "admin")


def main(app):
    # Texts written while loading (e.g. phase-log entries) are in Finnish.
    app = makerequest(app, environ={"HTTP_ACCEPT_LANGUAGE": "fi"})
    admin = app.acl_users.getUserById(ADMIN)
    if admin is None:  # a new database: the documented demo site manager
        app.acl_users._doAddUser(ADMIN, ADMIN_PASSWORD, ["Manager"], [])
        admin = app.acl_users.getUserById(ADMIN)
        transaction.commit()
    newSecurityManager(None, admin.__of__(app.acl_users))
    site, created = ensure_site(app)
    print("Site created" if created else "Site exists", flush=True)
    if "--no-demo" in sys.argv:
        return
    demo.load(site)
    transaction.commit()
    print("Demo municipality loaded", flush=True)


main(app)  # noqa: F821 - `app` is provided by `bin/instance run`
