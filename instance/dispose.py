"""Execute an approved disposal list (hävittämisluettelo) from the command line.

Run inside Zope: ``bin/instance run instance/dispose.py --list
esimerkkikunta/havittamisluettelo-2026 --user arkistojohtaja [--site kunta]``.
Runs ``archive.disposal.execute`` as ``--user`` (who must be allowed to fire
the list's ``execute``: the chief records officer or the sector records
manager of its scope), commits and prints the execution report as JSON. A
list that is not approved, or a refusal, prints the error and exits 1 with
nothing written.
"""

from municipality.policy.archive import disposal
from municipality.policy.site import SITE_ID
from Products.CMFCore.WorkflowCore import WorkflowException
from Testing.makerequest import makerequest
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import argparse
import json
import sys
import transaction


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="dispose", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--list", required=True, help="path of the list in the site")
    parser.add_argument("--user", required=True, help="the executing user's id")
    parser.add_argument("--site", default=SITE_ID)
    args, _unknown = parser.parse_known_args(argv)
    return args


def main(app, argv=None, commit=True):
    """Execute the list; returns the report (a dict), or None on a refusal."""
    args = parse(sys.argv[1:] if argv is None else argv)
    site = app.unrestrictedTraverse(args.site)
    old_site = getSite()
    setSite(site)
    try:
        dlist = site.unrestrictedTraverse(args.list.strip("/"))
        try:
            report = disposal.execute(dlist, userid=args.user)
        except WorkflowException as error:
            if commit:  # else the caller owns the transaction
                transaction.abort()
            print(json.dumps({"error": str(error)}, ensure_ascii=False), flush=True)
            return None
        if commit:
            transaction.commit()
    finally:
        setSite(old_site)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return report


if "app" in globals():  # `bin/instance run instance/dispose.py` gives `app`
    sys.exit(0 if main(makerequest(app)) is not None else 1)  # noqa: F821
