"""SÄHKE2 benchmark: the archival export of ``SIZE`` closed permanent cases.

The benchmark site (``records.records_site``) gets an archive creator of its
own, ``sahke2-bench`` (plan ``10 > 10.03 > 10.03.02``, registry prefix
``SBEN``), with ``SIZE`` cases (1 000; 2 in quick mode), each closed and kept
permanently, with a handling phase and one registered PDF statement (about
2 kB) that has a public rendition. Then, in process, as the Zope-root
Manager:

- row 1, ours: the SÄHKE2 metadata of all of them
  (``archive.sahke2.describe``: checks, SHA-256 of every file, one
  ``Metadata`` XML validated against the schema, serialised);
- row 2, ours: the whole transfer package (``sahke2_transfer.build_package``:
  the tar with ``sahke2.xml``, every file and ``manifest-sha256.txt``;
  nothing recorded, no case moves; the file is deleted after each run);
- stock, both rows: collective.exportimport 1.16's ``@@export_content`` of
  the same registry (types Case and CaseDocument, blobs as base-64, written to
  the server as one JSON file), the add-on's own export of the same content.

``KP_BENCH_SAHKE2_SIZE`` overrides the number of cases (e.g. a quick-mode run
at 200). MB/s (output size over the median time) is printed and kept in the JSON
(``mb_per_s_ours``, ``mb_per_s_stock``).
"""

from harness import login_admin
from harness import pick
from harness import timed
import os
import records
import tempfile
import transaction


SIZE = 1000
REPEAT = 3
CREATOR = "sahke2-bench"
CODES = (("10", "Maankäyttö"), ("10.03", "Rakentaminen"), ("10.03.02", "Luvat"))
CONTACT = {
    "contract": "AL/1/2026",
    "name": "Arkistonjohtaja",
    "address": "Kunnantie 1",
    "phone": "012 345 6789",
    "email": "arkisto@example.invalid",
}


def _creator(site):
    from plone import api

    if CREATOR in site.objectIds():
        return site[CREATOR]
    creator = api.content.create(
        container=site,
        type="ArchiveCreator",
        id=CREATOR,
        title="SÄHKE2-vertailukunta",
        code="SBEN",
    )
    plan = api.content.create(
        container=creator, type="ClassificationPlan", id="tos", title="TOS"
    )
    parent = plan
    for code, title in CODES:
        parent = api.content.create(
            container=parent, type="TaskClass", id=code, code=code, title=title
        )
    api.content.create(
        container=creator,
        type="Registry",
        id="kirjaamo",
        title="Kirjaamo",
        prefix="SBEN",
    )
    return creator


def _cases(creator, size):
    """``size`` closed permanent cases in ``creator``'s registry (made once)."""
    from municipality.policy.cases import phaselog
    from municipality.policy.documents.api import create_document
    from municipality.policy.documents.pdf import make_pdf
    from municipality.policy.registry.api import register_case
    from plone import api
    from plone.namedfile.file import NamedBlobFile

    registry = creator["kirjaamo"]
    have = [case for case in registry.objectValues() if case.portal_type == "Case"]
    original = make_pdf("Lausunto", ["Lausunto rakennusluvasta. " * 20])
    public = make_pdf("Lausunto", ["Peitetty lausunto. " * 20])
    for index in range(len(have), size):
        case = register_case(
            registry, title=f"Rakennuslupa {index}", task_class=CODES[-1][0]
        )
        case.retention_period = -1
        case.retention_reason = "KA/13089/07.01.01.03.01/2018"
        case.retention_start_rule = "case_closed"
        case.publicity_class = "public"
        case.personal_data = "personal"
        case.parties = [f"Hakija {index}"]
        phaselog.append(case, "valmistelu", "Lausunto pyydetty")
        document = create_document(
            case,
            title="Naapurin lausunto",
            file=(original, "lausunto.pdf"),
            record_type="Lausunto",
            direction="incoming",
            register=False,
        )
        document.public_rendition = NamedBlobFile(
            data=public, filename="lausunto-julkinen.pdf"
        )
        api.content.transition(obj=document, transition="register")
        for transition in ("prepare", "submit", "decide", "close"):
            api.content.transition(obj=case, transition=transition)
        have.append(case)
        if index % 100 == 99:
            transaction.commit()
    transaction.commit()
    return sorted(have, key=lambda case: case.diary_sequence or 0)[:size]


def bench_sahke2_export(app, report):
    """SÄHKE2 metadata and transfer package of SIZE cases against
    collective.exportimport's JSON export of the same cases."""
    from municipality.policy.archive import sahke2
    from municipality.policy.archive import sahke2_transfer
    from zope.component import getMultiAdapter

    size = int(os.environ.get("KP_BENCH_SAHKE2_SIZE") or pick(SIZE, 2))
    site = records.records_site(app)
    login_admin(app)
    creator = _creator(site)
    cases = _cases(creator, size)
    login_admin(app)
    contact = dict(sahke2.contact(creator), **CONTACT)
    sizes = {}

    def xml():
        root, _files, problems = sahke2.describe(
            cases, creator, "SBEN-BENCH", "Vertailu", contact
        )
        assert not problems, problems[:3]
        sizes["xml"] = len(sahke2.serialize(root))

    directory = tempfile.mkdtemp(prefix="kp-bench-sahke2-")

    def package():
        record = sahke2_transfer.build_package(
            creator, cases, CONTACT, directory=directory
        )
        sizes["package"] = record["size"]
        os.unlink(record["path"])

    registry_path = "/".join(creator["kirjaamo"].getPhysicalPath())
    export_dir = tempfile.mkdtemp(prefix="kp-bench-exportimport-")

    def stock():
        from collective.exportimport import config

        config.CENTRAL_DIRECTORY = export_dir
        request = site.REQUEST
        request.form["form.submitted"] = True
        request.form["filename"] = "sahke2-bench.json"
        view = getMultiAdapter((site, request), name="export_content")
        view(
            portal_type=["Case", "CaseDocument"],
            path=registry_path,
            include_blobs=1,
            download_to_server=True,
        )
        path = os.path.join(export_dir, "sahke2-bench.json")
        sizes["stock"] = os.path.getsize(path)
        os.unlink(path)

    ours_xml = timed(xml, repeat=REPEAT, warmup=1)
    ours_package = timed(package, repeat=REPEAT, warmup=1)
    stock_times = timed(stock, repeat=REPEAT, warmup=1)
    transaction.abort()
    baseline = (
        f"collective.exportimport JSON export of the {size} cases (blobs base-64)"
    )
    for label, ours, out in (
        (f"SÄHKE2 XML of {size} cases (s)", ours_xml, sizes["xml"]),
        (
            f"SÄHKE2 transfer package of {size} cases (s)",
            ours_package,
            sizes["package"],
        ),
    ):
        report.add(label, ours, stock_times, unit="s", baseline=baseline)
        row = report.rows[-1]
        row["mb_per_s_ours"] = out / 1e6 / row["ours_median"]
        row["mb_per_s_stock"] = sizes["stock"] / 1e6 / row["stock_median"]
        row["bytes_ours"], row["bytes_stock"] = out, sizes["stock"]
        print(
            f"    {out / 1e6:.1f} MB at {row['mb_per_s_ours']:.1f} MB/s; stock "
            f"{sizes['stock'] / 1e6:.1f} MB at {row['mb_per_s_stock']:.1f} MB/s",
            flush=True,
        )


BENCHMARKS = [bench_sahke2_export]
