"""The clock job: apply every time-based change of the public web due today.

Run inside Zope: ``bin/instance run instance/tick.py [--today YYYY-MM-DD]
[--site kunta]`` (``make tick [TODAY=YYYY-MM-DD]``; ``make run`` runs it once
at start; cron runs it daily, see README "Clock job"). Idempotent: a second
run on the same day changes nothing. ``--today`` tries a future day (the
default is today in Helsinki). Acts as the system user ``system`` (the
publication log's and the workflow history's agent) with the Manager role.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from datetime import date
from municipality.policy.base.dates import today as helsinki_today
from municipality.policy.publication import clock
from municipality.policy.publication import log
from municipality.policy.site import SITE_ID
from Testing.makerequest import makerequest
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import argparse
import json
import sys
import transaction


def parse(argv):
    parser = argparse.ArgumentParser(prog="tick", description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--site", default=SITE_ID)
    args, _unknown = parser.parse_known_args(argv)
    return args


def main(app, argv=None, commit=True):
    """Run the clock job on the site; returns its report (a dict)."""
    args = parse(sys.argv[1:] if argv is None else argv)
    site = app.unrestrictedTraverse(args.site)
    old_site, old_security = getSite(), getSecurityManager()
    setSite(site)
    user = UnrestrictedUser(log.SYSTEM, "", ["Manager"], [])
    newSecurityManager(None, user.__of__(site.acl_users))
    try:
        report = clock.tick(site, args.today or helsinki_today())
        if commit:
            transaction.commit()
    finally:
        setSecurityManager(old_security)
        setSite(old_site)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return report


if "app" in globals():  # `bin/instance run instance/tick.py` gives `app`
    main(makerequest(app, environ={"HTTP_ACCEPT_LANGUAGE": "fi"}))  # noqa: F821
