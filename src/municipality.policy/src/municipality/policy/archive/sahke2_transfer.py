"""Transfer packages: closed permanent cases to the archive (SÄHKE2).

``transfer(creator, cases, values, ...)`` is all-or-nothing:

1. every case is checked (``sahke2.case_problems``: closed ``paattynyt``,
   permanent, of this archive creator, the ``transfer`` transition available
   to the user, ...); any problem raises ``sahke2.TransferInvalid`` naming each
   case and field, and nothing is written;
2. the files are written into a tar (Python ``tarfile``, uncompressed) under
   ``files/<case id>/<document id>/<file name>`` (a public rendition under
   ``.../julkaisu/``), hashed while they are read; a SHA-256 that no longer
   matches the one taken at registration is a problem;
3. one ``sahke2.xml`` (one ``Metadata``: the transfer, its contact and every
   case) is built with those hashes and validated against the schema (it was
   validated once before the first file was written, with placeholder
   hashes: a package is never written from invalid XML); then
   ``manifest-sha256.txt`` (``<sha256>  <path>`` per file and for
   ``sahke2.xml``: ``sha256sum -c`` checks it after extracting);
4. only then the package is moved to its place (``package_dir()``), the
   transfer recorded on the archive creator (``TRANSFERS_KEY``: id, date
   (aware UTC), agent, diary numbers, UIDs, package name, size, file count,
   package SHA-256) and each case goes ``transfer`` -> ``siirretty`` (its
   handling-phase log entry written by the transition, as every transition's).

On any error the temporary package is deleted and the exception raised; the
caller's transaction (a request, or the command line) is not committed, so
no case moves.
"""

from App.config import getConfiguration
from datetime import UTC
from datetime import datetime
from municipality.policy import _
from municipality.policy.archive import sahke2
from municipality.policy.base.dates import helsinki
from municipality.policy.cases import removal
from pathlib import Path
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
import hashlib
import io
import os
import tarfile
import tempfile
import time


TRANSFERS_KEY = "municipality.policy.archive.sahke2.transfers"
TRANSITION = "transfer"
#: where packages are written: ``$KP_TRANSFER_DIR``, else ``<var>/siirrot``
ENVIRONMENT = "KP_TRANSFER_DIR"
XML_NAME = "sahke2.xml"
MANIFEST_NAME = "manifest-sha256.txt"


def package_dir():
    """The directory of transfer packages (created when missing)."""
    directory = os.environ.get(ENVIRONMENT)
    if not directory:
        home = getattr(getConfiguration(), "clienthome", None)
        directory = os.path.join(home or tempfile.gettempdir(), "siirrot")
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _may_transfer(wftool, case):
    """True when the current user may fire ``transfer`` on ``case`` within
    the transfer procedure (the guard's roles)."""
    with removal.procedure(case, TRANSITION):
        return TRANSITION in [t["id"] for t in wftool.getTransitionsFor(case)]


def transferable(creator):
    """Closed (``paattynyt``) permanent cases of ``creator`` not yet
    transferred, in diary order (objects)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case",
        review_state=sahke2.TRANSFERABLE_STATE,
        path="/".join(creator.getPhysicalPath()),
        sort_on="diary_sequence",
    )
    cases = []
    for brain in brains:
        case = brain._unrestrictedGetObject()
        if getattr(case, "retention_period", None) == sahke2.PERMANENT:
            cases.append(case)
    cases.sort(
        key=lambda case: (
            getattr(case, "diary_year", None) or 0,
            getattr(case, "diary_sequence", None) or 0,
        )
    )
    return cases


def transfers(creator):
    """The transfers recorded on ``creator`` (copies), newest first."""
    found = [dict(item) for item in IAnnotations(creator).get(TRANSFERS_KEY, ())]
    return list(reversed(found))


def find_transfer(creator, transfer_id):
    for item in transfers(creator):
        if item["id"] == transfer_id:
            return item
    return None


def package_path(record):
    path = package_dir() / record["filename"]
    return path if path.is_file() else None


class _Hashing(io.RawIOBase):
    """A read-only stream that hashes what is read through it."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _open(namedfile):
    blob = getattr(namedfile, "_blob", None)
    if blob is not None:
        return blob.open("r")
    return io.BytesIO(namedfile.data or b"")


def _add_bytes(tar, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def precheck(creator, cases):
    """Problems found without reading the files (``sahke2.Problem`` rows)."""
    problems = []
    if not cases:
        problems.append(
            sahke2.Problem(
                "-",
                "cases",
                _("msg_sahke2_problem_no_cases", default="No case was chosen."),
            )
        )
    wftool = api.portal.get_tool("portal_workflow")
    seen = set()
    for case in cases:
        number = sahke2.number_of(case)
        if case.UID() in seen:
            problems.append(
                sahke2.Problem(
                    number,
                    "cases",
                    _("msg_sahke2_problem_twice", default="The case was chosen twice."),
                )
            )
            continue
        seen.add(case.UID())
        found = sahke2.case_problems(case, creator)
        if sahke2.state_of(case) != sahke2.TRANSFERABLE_STATE:
            found = [p for p in found if p.field != "state"]
            found.append(sahke2.Problem(number, "state", sahke2.not_closed(case)))
        if getattr(case, "retention_period", None) != sahke2.PERMANENT:
            found.append(
                sahke2.Problem(
                    number,
                    "retention_period",
                    _(
                        "msg_sahke2_problem_not_permanent",
                        default="Only cases kept permanently are transferred.",
                    ),
                )
            )
        elif not _may_transfer(wftool, case):
            found.append(
                sahke2.Problem(
                    number,
                    "state",
                    _(
                        "msg_sahke2_problem_not_allowed",
                        default="You may not transfer this case to the archive.",
                    ),
                )
            )
        problems.extend(found)
    return problems


def build_package(creator, cases, values, progress=None, directory=None):
    """Write the package of ``cases`` (steps 1-3; nothing recorded, no case
    moves); returns the record without ``agent`` (a dict) whose ``path`` is
    the package. ``TransferInvalid`` (nothing written) when a case fails."""
    problems = precheck(creator, cases)
    if problems:
        raise sahke2.TransferInvalid(problems)
    now = datetime.now(UTC)
    local = helsinki(now)
    code = getattr(creator, "code", None) or "KP"
    transfer_id = f"{code}-SIIRTO-{local:%Y%m%dT%H%M%S}"
    title = f"{creator.Title()}: siirto arkistoon {local:%-d.%-m.%Y}"
    contact = dict(sahke2.contact(creator))
    contact.update({key: values.get(key) or "" for key in sahke2.CONTACT_FIELDS})
    contact["organisation"] = creator.Title()
    # the XML is valid before a byte of the package is written (the hashes
    # are placeholders here: the schema does not depend on their values)
    placeholders = {
        entry.path: getattr(entry.document, "sha256", None) or "0" * 64
        for case in cases
        for entry in sahke2.file_entries(case, [])
    }
    _root, _files, problems = sahke2.describe(
        cases, creator, transfer_id, title, contact, placeholders, verify=False
    )
    if problems:
        raise sahke2.TransferInvalid(problems)
    directory = Path(directory) if directory else package_dir()
    directory.mkdir(parents=True, exist_ok=True)
    filename = f"{transfer_id.lower()}.tar"
    handle, temporary = tempfile.mkstemp(
        prefix=".siirto-", suffix=".tar", dir=str(directory)
    )
    os.close(handle)
    mtime = int(time.time())
    try:
        hashed, manifest, count = {}, [], 0
        with tarfile.open(temporary, "w", format=tarfile.PAX_FORMAT) as tar:
            for done, case in enumerate(cases, start=1):
                for entry in sahke2.file_entries(case, []):
                    info = tarfile.TarInfo(entry.path)
                    info.size = entry.namedfile.getSize()
                    info.mtime = mtime
                    info.mode = 0o644
                    with _open(entry.namedfile) as stream:
                        reader = _Hashing(stream)
                        tar.addfile(info, reader)
                    hashed[entry.path] = reader.digest.hexdigest()
                    manifest.append((hashed[entry.path], entry.path))
                    count += 1
                if progress is not None:
                    progress(done, len(cases), sahke2.number_of(case))
            root, _files, problems = sahke2.describe(
                cases, creator, transfer_id, title, contact, hashed=hashed
            )
            if problems:
                raise sahke2.TransferInvalid(problems)
            xml = sahke2.serialize(root)
            _add_bytes(tar, XML_NAME, xml, mtime)
            manifest.append((hashlib.sha256(xml).hexdigest(), XML_NAME))
            lines = "".join(f"{digest}  {path}\n" for digest, path in manifest)
            _add_bytes(tar, MANIFEST_NAME, lines.encode("utf-8"), mtime)
        package_sha256 = sahke2.file_sha256(temporary)
        size = os.path.getsize(temporary)
        final = directory / filename
        os.replace(temporary, final)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return {
        "id": transfer_id,
        "date": now,
        "cases": [case.diary_number for case in cases],
        "uids": [case.UID() for case in cases],
        "filename": filename,
        "size": size,
        "files": count,
        "xml_size": len(xml),
        "sha256": package_sha256,
        "contract": contact.get("contract", ""),
        "path": final,
        "contact": contact,
    }


def transfer(creator, cases, values, agent=None, progress=None, directory=None):
    """Build the package of ``cases``, record it and move the cases to
    ``siirretty``; returns the transfer's record (a dict). ``values``: the
    contact details (``sahke2.CONTACT_FIELDS``); ``progress(done, total,
    label)`` is called per case while the files are written."""
    built = build_package(creator, cases, values, progress, directory)
    final = built.pop("path")
    contact = built.pop("contact")
    agent = agent or (
        None if api.user.is_anonymous() else api.user.get_current().getId()
    )
    record = dict(built, agent=agent)
    try:
        annotations = IAnnotations(creator)
        log = annotations.get(TRANSFERS_KEY)
        if log is None:
            log = annotations[TRANSFERS_KEY] = PersistentList()
        log.append(record)
        sahke2.save_contact(creator, contact)
        for case in cases:
            with removal.procedure(case, TRANSITION):
                api.content.transition(
                    obj=case,
                    transition=TRANSITION,
                    comment=f"Siirtopaketti {record['id']}, SHA-256 {record['sha256']}",
                )
    except BaseException:
        os.unlink(final)
        raise
    return dict(record)
