"""Records-core benchmarks: registration, diary lookup and search at scale.

Each reports our operation beside the stock-Plone operation of the same shape,
measured in the same run on the same database.
"""

from harness import login_admin
from harness import pick
from harness import timed
from urllib.parse import urlsplit
import base64
import cProfile
import harness
import io
import pstats
import random
import transaction


SITE = "kp"
PROFILE = False  # run.py --profile: print a cProfile of one registration
_pdf_cache = {}


def profile(label, func, lines=30):
    """Run ``func`` once under cProfile and print the top of both orderings."""
    profiler = cProfile.Profile()
    profiler.runcall(func)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(lines)
        print(f"--- profile: {label}, by {order} ---\n{out.getvalue()}", flush=True)


def one_mb_pdf():
    """A real PDF of about 1 MB (random words do not compress away); in quick
    mode a PDF of a few kilobytes."""
    if "pdf" not in _pdf_cache:
        from municipality.policy.documents.pdf import make_pdf

        rnd = random.Random(2026)
        letters = "abcdefghijklmnopqrstuvwxyzåäö"

        def word():
            return "".join(rnd.choice(letters) for _ in range(rnd.randint(3, 11)))

        paragraphs = []
        pdf = b""
        size, chunk = pick((1_000_000, 60), (5_000, 5))
        while len(pdf) < size:
            paragraphs.extend(
                " ".join(word() for _ in range(120)) for _ in range(chunk)
            )
            pdf = make_pdf("Benchmark asiakirja", paragraphs)
        _pdf_cache["pdf"] = pdf
    return _pdf_cache["pdf"]


def pdf_label():
    return pick("1 MB", "5 kB")


def records_site(app):
    """The benchmark site with the demo municipality (plan, registry) loaded."""
    from municipality.policy import demo
    from municipality.policy.site import ensure_site
    from plone import api
    from zope.component.hooks import setSite

    login_admin(app)  # a page benchmark before may have left another user
    site, created = ensure_site(app, site_id=SITE)
    setSite(site)
    if created:
        quick_demo(site) if harness.QUICK else demo.load(site)
        api.content.create(container=site, type="Folder", id="stock", title="Stock")
        transaction.commit()
    return site


#: Quick mode's plan: three classes in the Helsinki plan's CSV form.
QUICK_PLAN = "00,Hallintoasiat\n00 00,Hallintoasioiden ohjaus\n00 00 01,Vaalit\n"


def quick_demo(site):
    """Quick mode: the demo's organisation and registry, a three-class plan
    imported with the product's importer, and one secret case. The full demo
    (593 task classes to index, users whose grants reindex them, 50 cases with
    PDFs) costs about 30 s of CPU more; the benchmarks act as the Zope-root
    Manager anyway."""
    from municipality.policy.classification import importer
    from municipality.policy.demo import cases
    from municipality.policy.demo import organisation
    from municipality.policy.registry.api import register_case
    from plone.dexterity.utils import createContentInContainer

    organisation.load(site)
    creator = organisation.archive_creator(site)
    plan = createContentInContainer(
        creator, "ClassificationPlan", id="tos", title="Tiedonohjaussuunnitelma"
    )
    importer.import_data(plan, QUICK_PLAN.encode(), "csv")
    registry = cases.ensure_registry(creator)
    register_case(
        registry,
        title="Salainen asia",
        public_title="Salassa pidettävä asia",
        task_class=_task_class(site),
        sub_archive_creator="kunnanhallitus",
        deciding_body="kunnanhallitus",
        publicity_class="secret",
        security_reasons=["24.1.25"],
        secrecy_period=100,
        personal_data="sensitive",
        protection_level="IV",
        restriction_reason="Sosiaalihuollon asiakirja (JulkL 24.1 § 25 k).",
    )


def _task_class(site):
    from plone import api

    brain = api.content.find(context=site, portal_type="TaskClass", sort_on="path")[-1]
    return brain.getObject().code


def _registry(site):
    from plone import api

    return api.content.find(context=site, portal_type="Registry")[0].getObject()


def bench_register_case_pdf(app, report, count=10):
    """Register a case with a 1 MB PDF: in process, against creating a stock File."""
    from municipality.policy.documents.api import create_document
    from municipality.policy.registry.api import register_case
    from plone import api
    from plone.namedfile.file import NamedBlobFile

    site = records_site(app)
    registry, code, pdf = _registry(site), _task_class(site), one_mb_pdf()

    def ours():
        case = register_case(registry, title="Benchmark-asia", task_class=code)
        create_document(
            case,
            title="Saapunut hakemus",
            file=(pdf, "hakemus.pdf"),
            record_type="Hakemus",
            direction="incoming",
        )
        transaction.commit()

    def stock():
        api.content.create(
            container=site["stock"],
            type="File",
            title="Stock file",
            file=NamedBlobFile(data=pdf, filename="hakemus.pdf"),
        )
        transaction.commit()

    report.add(
        f"register case + {pdf_label()} PDF, in process (ms)",
        timed(ours, count, 1),
        timed(stock, count, 1),
    )
    if PROFILE:
        profile("register case + PDF, in process", ours)
        profile("stock File + PDF, in process", stock)


def bench_register_case_pdf_rest(app, report, count=10):
    """The same over plone.restapi (WSGI publisher, JSON with base64 file)."""
    from webtest import TestApp
    from ZPublisher.WSGIPublisher import publish_module

    site = records_site(app)
    registry, code = _registry(site), _task_class(site)
    data = base64.b64encode(one_mb_pdf()).decode()
    browser = TestApp(publish_module)
    browser.authorization = ("Basic", ("admin", "admin"))
    headers = {"Accept": "application/json"}
    registry_path = "/".join(registry.getPhysicalPath())
    upload = {
        "data": data,
        "encoding": "base64",
        "filename": "hakemus.pdf",
        "content-type": "application/pdf",
    }

    def ours():
        case = browser.post_json(
            registry_path,
            {"@type": "Case", "title": "REST-asia", "task_class": code},
            headers=headers,
        ).json
        browser.post_json(
            urlsplit(case["@id"]).path,
            {
                "@type": "CaseDocument",
                "title": "Hakemus",
                "file": upload,
                "record_type": "Hakemus",
                "direction": "incoming",
            },
            headers=headers,
        )

    def stock():
        browser.post_json(
            f"/{SITE}/stock",
            {"@type": "File", "title": "Stock file", "file": upload},
            headers=headers,
        )

    report.add(
        f"register case + {pdf_label()} PDF, REST (ms)",
        timed(ours, count, 1),
        timed(stock, count, 1),
    )
    if PROFILE:
        profile("register case + PDF, REST", ours)
        profile("stock File + PDF, REST", stock)


class _Row:
    """A catalog row of a synthetic case (only the attributes indexes read)."""

    def __init__(self, number, code, state, subject):
        self.portal_type = "Case"
        self.diary_number = f"ESIM/{number}/{code}/2026"
        self.diary_year = 2026
        self.task_class = code
        self.review_state = state
        self.Subject = (subject,)
        self.UID = f"synthetic{number:08d}"
        self.allowedRolesAndUsers = ("Manager",)
        self.is_default_page = False

    def getPhysicalPath(self):
        return ("", SITE, "synthetic", self.UID)


STATES = ("vireilla", "valmistelussa", "ratkaistavana", "paatetty", "paattynyt")
CLASSES = ("00.01.00", "02.05.01", "05.01.02", "10.03.00", "12.01.01")


def _fill_catalog(site, total):
    """Add synthetic case rows until the catalog holds ``total`` of them."""
    catalog = site.portal_catalog._catalog
    have = getattr(site, "_bench_rows", 0)
    for number in range(have + 1, total + 1):
        row = _Row(
            number, CLASSES[number % 5], STATES[number % 5], f"aihe{number % 50}"
        )
        catalog.catalogObject(row, "/".join(row.getPhysicalPath()))
        if number % 10000 == 0:
            transaction.savepoint(optimistic=True)
            print(f"  catalogued {number} synthetic cases", flush=True)
    site._bench_rows = total


def bench_diary_lookup(app, report, sizes=None, repeat=200):
    """Diary-number lookup (our index) against a UID lookup (stock), by size."""
    from municipality.policy.registry.api import get_case_by_diary_number

    sizes = sizes or pick((1000, 100_000), (100,))
    site = records_site(app)
    catalog = site.portal_catalog
    rnd = random.Random(1)
    for size in sizes:
        _fill_catalog(site, size)

        def ours(size=size):
            number = rnd.randint(1, size)
            catalog.unrestrictedSearchResults(
                diary_number=f"ESIM/{number}/{CLASSES[number % 5]}/2026"
            )[0]

        def stock(size=size):
            number = rnd.randint(1, size)
            catalog.unrestrictedSearchResults(UID=f"synthetic{number:08d}")[0]

        report.add(
            f"diary lookup at {size} cases (ms)",
            timed(ours, repeat, 5),
            timed(stock, repeat, 5),
        )
    assert get_case_by_diary_number("ESIM/0/none/2026") is None


def bench_search_class_status(app, report, size=None, repeat=50):
    """Class + status search (ours) against a Subject + state search (stock shape)."""
    size = size or pick(100_000, 100)
    site = records_site(app)
    _fill_catalog(site, size)
    catalog = site.portal_catalog

    def ours():
        results = catalog.unrestrictedSearchResults(
            portal_type="Case",
            task_class="02.05.01",
            review_state="valmistelussa",
            sort_on="diary_number",
            sort_limit=25,
        )
        assert len(results)

    def stock():
        results = catalog.unrestrictedSearchResults(
            portal_type="Case",
            Subject="aihe11",
            review_state="valmistelussa",
            sort_on="sortable_title",
            sort_limit=25,
        )
        len(results)

    report.add(
        f"search class+status at {size} cases (ms)",
        timed(ours, repeat, 3),
        timed(stock, repeat, 3),
    )


BENCHMARKS = [
    bench_register_case_pdf,
    bench_register_case_pdf_rest,
    bench_diary_lookup,
    bench_search_class_status,
]
