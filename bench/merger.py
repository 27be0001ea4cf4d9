"""Merger import: 2 000 cases with a document each (a one-page PDF), imported from
one collective.exportimport JSON export.

Ours: ``archive.merger.importer.import_export`` into the Kuntaportaali site
(a new closed archive creator: the original diary numbers, SHA-256 verified,
states and phases set, catalogued, a commit per 200 objects). Stock:
collective.exportimport's own ``@@import_content`` of the same JSON into a
stock Classic site, committing per 200 objects; a stock site has no Case or
CaseDocument, so its ``global_dict_hook`` maps the records' types onto
Folder and File (what a plain collective.exportimport migration does).
Figures per object (a case or a document). Our catalog also extracts each
PDF's text and indexes it on the Finnish and Swedish lexicon (Voikko); the
stock site's File gets whatever its transforms give.

The export is generated (items as collective.exportimport writes them, with
our hooks' ``kuntaportaali`` key), so building 2 000 registered cases first
does not dominate the run.
"""

from harness import login_admin
from harness import pick
from harness import timed
from records import records_site
import base64
import hashlib
import json
import tempfile
import transaction
import uuid


SOURCE = "http://nohost/lahdekunta/lahdekunta"
TYPE_MAP = {
    "ArchiveCreator": "Folder",
    "Registry": "Folder",
    "ClassificationPlan": "Folder",
    "TaskClass": "Folder",
    "Case": "Folder",
    "CaseDocument": "File",
}


def _item(path, type_, parent_path, parent_type, uid, parent_uid, **fields):
    return {
        "@id": f"{SOURCE}{path}",
        "id": path.rsplit("/", 1)[-1] or "lahdekunta",
        "@type": type_,
        "UID": uid,
        "parent": {
            "@id": f"{SOURCE}{parent_path}".rstrip("/")
            if parent_type != "Plone Site"
            else "http://nohost/lahdekunta",
            "@type": parent_type,
            "UID": parent_uid,
        },
        "created": "2020-03-02T08:00:00+00:00",
        "modified": "2020-03-02T08:00:00+00:00",
        **fields,
    }


def _history(*states):
    return [
        {
            "action": None if n == 0 else action,
            "actor": "kirjaaja",
            "comments": "",
            "review_state": state,
            "time": f"2020-03-0{n + 2}T08:00:00+00:00",
        }
        for n, (action, state) in enumerate(states)
    ]


def make_export(directory, cases):
    """Write ``content.json`` of ``cases`` cases, a PDF each; return the item count."""
    from municipality.policy.documents.pdf import make_pdf

    text = (
        "Kunnanhallitus päättää hyväksyä hankintasopimuksen liitteen mukaisesti "
        "ja valtuuttaa kunnanjohtajan allekirjoittamaan sen. Päätös annetaan "
        "tiedoksi asianosaisille, ja siihen saa hakea oikaisua kirjallisesti. "
    )
    pdf = make_pdf("Päätös", [text * 4] * 3)  # one page, about 300 words
    data = base64.b64encode(pdf).decode()
    digest = hashlib.sha256(pdf).hexdigest()
    uids = {}

    def uid(key):
        return uids.setdefault(key, uuid.uuid4().hex)

    items = [
        _item(
            "",
            "ArchiveCreator",
            "",
            "Plone Site",
            uid(""),
            None,
            title="Lähdekunta",
            code="LAHDE",
        ),
        _item(
            "/tos",
            "ClassificationPlan",
            "",
            "ArchiveCreator",
            uid("tos"),
            uid(""),
            title="TOS",
        ),
        _item(
            "/tos/00",
            "TaskClass",
            "/tos",
            "ClassificationPlan",
            uid("00"),
            uid("tos"),
            title="Hallinto",
            code="00",
        ),
        _item(
            "/kirjaamo",
            "Registry",
            "",
            "ArchiveCreator",
            uid("kirjaamo"),
            uid(""),
            title="Kirjaamo",
            prefix="LAHDE",
            kuntaportaali={"counters": {"2020": cases}},
        ),
    ]
    for n in range(1, cases + 1):
        case_path = f"/kirjaamo/asia-{n}"
        number = f"LAHDE/{n}/00/2020"
        items.append(
            _item(
                case_path,
                "Case",
                "/kirjaamo",
                "Registry",
                uid(case_path),
                uid("kirjaamo"),
                title=f"Asia {n}",
                diary_number=number,
                task_class="00",
                initiated="2020-03-02",
                publicity_class="public",
                review_state="valmistelussa",
                workflow_history={
                    "municipality_case_workflow_public": _history(
                        (None, "vireilla"), ("prepare", "valmistelussa")
                    )
                },
                kuntaportaali={
                    "diary": {
                        "number": number,
                        "year": 2020,
                        "sequence": n,
                        "task_class": "00",
                        "registered": "2020-03-02",
                    }
                },
            )
        )
        items.append(
            _item(
                f"{case_path}/paatos",
                "CaseDocument",
                case_path,
                "Case",
                uid(case_path + "/d"),
                uid(case_path),
                title="Päätös",
                record_type="Päätös",
                direction="outgoing",
                registration_date="2020-03-03",
                sha256=digest,
                review_state="registered",
                file={
                    "filename": "paatos.pdf",
                    "content-type": "application/pdf",
                    "data": data,
                    "encoding": "base64",
                },
                workflow_history={
                    "municipality_document_workflow_public": _history(
                        (None, "draft"), ("register", "registered")
                    )
                },
                kuntaportaali={"sha256": digest},
            )
        )
    with open(f"{directory}/content.json", "w", encoding="utf-8") as stream:
        json.dump(items, stream)
    return items


def _stock_site(app):
    from plone.distribution.api import site as site_api

    for site_id in ("stock0", "stockmerger"):  # run.py's stock site when made
        if site_id in app.objectIds():
            return app[site_id]
    site = site_api.create(
        app,
        "classic",
        {
            "site_id": "stockmerger",
            "title": "Stock",
            "default_language": "fi",
            "portal_timezone": "Europe/Helsinki",
            "setup_content": False,
        },
    )
    transaction.commit()
    return site


def _stock_import(site, items):
    from collective.exportimport.import_content import ImportContent
    from zope.component.hooks import setSite

    class StockImport(ImportContent):
        def global_dict_hook(self, item):
            item = dict(item)
            item["@type"] = TYPE_MAP.get(item["@type"], item["@type"])
            item.pop("kuntaportaali", None)
            item.pop("workflow_history", None)  # other workflows' states
            return item

    setSite(site)
    request = site.REQUEST
    request.form["form.submitted"] = True
    request.form["commit"] = "200"
    request.other["commit"] = "200"
    view = StockImport(site, request)
    view(iterator=iter(json.loads(json.dumps(items))), return_json=True)
    transaction.commit()


def bench_merger_import(app, report):
    """2 000 cases + 2 000 documents: our merger import vs stock @@import_content."""
    from municipality.policy.archive.merger import importer
    from zope.component.hooks import setSite

    cases = pick(2000, 5)
    with tempfile.TemporaryDirectory(prefix="kp-merger-") as directory:
        items = make_export(directory, cases)
        objects = 2 * cases
        site = records_site(app)

        def ours():
            login_admin(app)
            setSite(site)
            result = importer.import_export(
                site,
                directory,
                "lahdekunta",
                "LAHDE",
                "Lähdekunta",
                None,
                batch_size=200,
                report=False,
                progress=False,
            )
            assert result["imported"]["Case"] == cases, result["skipped"][:3]

        stock = _stock_site(app)
        ours_time = timed(ours)
        login_admin(app)

        def stock_run():
            _stock_import(stock, items)

        stock_time = timed(stock_run)
        assert len(stock["lahdekunta"]["kirjaamo"].objectIds()) == cases
        login_admin(app)
        setSite(site)
    report.add(
        f"merger import, per object ({objects} objects)",
        [t / objects for t in ours_time],
        [t / objects for t in stock_time],
    )
    report.add(
        f"merger import, total ({objects} objects)", ours_time, stock_time, unit="s"
    )


BENCHMARKS = [bench_merger_import]
