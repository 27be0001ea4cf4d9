"""Transfer closed permanent cases to the archive as a SÄHKE2 package.

Run inside Zope: ``bin/instance run instance/transfer.py [--site kunta]
[--creator esimerkkikunta] [--case NUMBER ...] [--contract ID --name NAME
--address ADDRESS --phone PHONE --email EMAIL] [--dry-run] [--user ID]``
(``make transfer``). Without ``--case`` every closed permanent case not yet
transferred (what ``@@archival-transfer`` lists) goes. Contact details not
given are those saved at the archive creator's last transfer. Prints one
progress line per case, then the transfer's record as JSON. All or nothing:
a case the archive would refuse is named with its field, nothing is
written, and the exit status is 1. ``--dry-run`` builds and checks the
package and throws it away (nothing recorded, no case moves). The package is
written under ``$KP_TRANSFER_DIR`` (default ``var/siirrot``). Acts as
``--user`` (default ``system``) with the Manager role: the handling-phase
log's agent.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from municipality.policy.archive import sahke2
from municipality.policy.archive import sahke2_transfer
from municipality.policy.site import SITE_ID
from Testing.makerequest import makerequest
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import argparse
import json
import os
import sys
import time
import transaction


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="transfer", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--site", default=SITE_ID)
    parser.add_argument("--creator", default=None, help="archive creator id")
    parser.add_argument("--case", action="append", default=[], help="diary number")
    for key in sahke2.CONTACT_FIELDS:
        parser.add_argument(f"--{key}", default=None)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--user", default="system")
    args, _unknown = parser.parse_known_args(argv)
    return args


def _creator(site, creator_id):
    if creator_id:
        return site[creator_id]
    brains = site.portal_catalog.unrestrictedSearchResults(
        portal_type="ArchiveCreator", sort_on="path"
    )
    return brains[0]._unrestrictedGetObject()


def progress(done, total, label):
    print(f"[{done}/{total}] {label}", flush=True)


def main(app, argv=None, commit=True):
    """Run the transfer; returns the record (a dict) or None on failure."""
    args = parse(sys.argv[1:] if argv is None else argv)
    site = app.unrestrictedTraverse(args.site)
    old_site, old_security = getSite(), getSecurityManager()
    setSite(site)
    user = UnrestrictedUser(args.user, "", ["Manager"], [])
    newSecurityManager(None, user.__of__(site.acl_users))
    started = time.perf_counter()
    try:
        creator = _creator(site, args.creator)
        cases = sahke2_transfer.transferable(creator)
        if args.case:
            by_number = {case.diary_number: case for case in cases}
            missing = [number for number in args.case if number not in by_number]
            if missing:
                print(
                    f"not closed permanent cases awaiting transfer: {missing}",
                    file=sys.stderr,
                )
                return None
            cases = [by_number[number] for number in args.case]
        values = sahke2.contact(creator)
        for key in sahke2.CONTACT_FIELDS:
            if getattr(args, key) is not None:
                values[key] = getattr(args, key)
        print(f"{len(cases)} cases of {creator.Title()}", flush=True)
        try:
            record = sahke2_transfer.transfer(
                creator, cases, values, agent=args.user, progress=progress
            )
        except sahke2.TransferInvalid as error:
            transaction.abort()
            for problem in error.problems:
                print(f"REFUSED {problem}", file=sys.stderr)
            return None
        if args.dry_run:
            transaction.abort()
            path = sahke2_transfer.package_dir() / record["filename"]
            if path.exists():
                os.unlink(path)
            print("dry run: the package was valid; nothing kept", flush=True)
        elif commit:
            transaction.commit()
    finally:
        setSecurityManager(old_security)
        setSite(old_site)
    record = dict(record, date=record["date"].isoformat())
    record["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


if "app" in globals():  # `bin/instance run instance/transfer.py` gives `app`
    result = main(makerequest(app, environ={"HTTP_ACCEPT_LANGUAGE": "fi"}))  # noqa: F821
    sys.exit(0 if result is not None else 1)
