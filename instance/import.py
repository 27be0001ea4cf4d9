"""Bring a merging municipality's records in: its collective.exportimport
export as a new, closed archive creator (``archive.merger``).

Run inside Zope::

    bin/instance run instance/import.py --source DIR --code ENTI \\
        --id entinenkunta --title "Entinen kunta" --mapping roles.yaml [--batch 200]

(``make import SOURCE=DIR CODE=ENTI [ID=...] [TITLE=...] [MAPPING=...]``).
A progress line on stderr (count/total, rate, ETA); a commit per batch of
about ``--batch`` objects. Resumable: after a crash or ``kill -9`` the same
command continues after the last committed batch (the journal on the new
archive creator), never duplicating and never leaving a half case. The
report (``<report>.json`` and ``.txt``; default next to the source) lists
what was imported, skipped and why. Acts as the system user ``kuntaliitos``
with the Manager role.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from municipality.policy.archive.merger import importer
from municipality.policy.site import SITE_ID
from Testing.makerequest import makerequest
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import argparse
import sys


AGENT = "kuntaliitos"


def parse(argv):
    parser = argparse.ArgumentParser(prog="import", description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="export directory")
    parser.add_argument("--code", required=True, help="archive creator code, e.g. ENTI")
    parser.add_argument(
        "--id", default=None, help="id (default: the code in lower case)"
    )
    parser.add_argument("--title", default=None)
    parser.add_argument("--mapping", default=None, help="principal mapping (YAML/JSON)")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--report", default=None, help="report base path")
    parser.add_argument(
        "--blob-dir", default=None, help="source blobstorage (blob paths)"
    )
    parser.add_argument("--site", default=SITE_ID)
    args, _unknown = parser.parse_known_args(argv)
    return args


def main(app, argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    site = app.unrestrictedTraverse(args.site)
    old_site, old_security = getSite(), getSecurityManager()
    setSite(site)
    user = UnrestrictedUser(AGENT, "", ["Manager"], [])
    newSecurityManager(None, user.__of__(site.acl_users))
    try:
        report = importer.import_export(
            site,
            args.source,
            args.id or args.code.lower(),
            args.code,
            args.title or args.code,
            args.mapping,
            batch_size=args.batch,
            report=args.report,
            blob_dir=args.blob_dir,
        )
    except importer.MergerError as error:
        print(f"{error.field}: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        setSecurityManager(old_security)
        setSite(old_site)
    print(
        f"imported {report['imported_total']}, skipped {report['skipped_total']}, "
        f"unmapped principals {len(report['unmapped_principals'])}",
        flush=True,
    )
    return report


if "app" in globals():  # `bin/instance run instance/import.py` gives `app`
    main(makerequest(app, environ={"HTTP_ACCEPT_LANGUAGE": "fi"}))  # noqa: F821
