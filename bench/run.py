"""Run the benchmarks: ``make bench`` (``bin/zopepy bench/run.py``).

Each benchmark reports our figure beside the stock-Plone figure measured in the
same run, and the ratio. Results are also written to bench/results/latest.json.

    bin/zopepy bench/run.py [--quick] [--output PATH] [--profile] [bench_name ...]

``--quick`` (or ``KP_BENCH_QUICK=1``): every benchmark end to end with tiny sizes
and one repeat (``make bench-quick``, tests/test_bench_quick.py); the figures mean
nothing. ``--output``: where the JSON goes. ``--profile``: also print a cProfile
of one registration of a case with its PDF (in process and over REST).
A benchmark that raises is reported and the run exits 1.
"""

import os
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import ROOT
from harness import Report
from harness import environment
from harness import login_admin
from harness import timed
from harness import zope_app
import argparse
import caching
import eservices
import harness
import meetings
import merger
import oparl
import records
import sahke2
import search
import security
import time
import traceback
import transaction


REPEAT_PAGE = 30


def stock_site(app, site_id):
    from plone.distribution.api import site as site_api

    return site_api.create(
        app,
        "classic",
        {
            "site_id": site_id,
            "title": "Stock",
            "default_language": "fi",
            "portal_timezone": "Europe/Helsinki",
            "setup_content": False,
        },
    )


def bench_site_creation(app, report):
    from municipality.policy.site import ensure_site

    counter = iter(range(1000))
    ours = timed(lambda: ensure_site(app, site_id=f"kunta{next(counter)}"), repeat=3)
    stock_counter = iter(range(1000))
    stock = timed(lambda: stock_site(app, f"stock{next(stock_counter)}"), repeat=3)
    transaction.commit()
    report.add("site creation (s)", ours, stock, unit="s")


def bench_front_page(app, report):
    """Anonymous front page over the WSGI publisher (WebTest, no network)."""
    from municipality.policy.site import ensure_site
    from webtest import TestApp
    from ZPublisher.WSGIPublisher import publish_module

    if "kunta0" not in app.objectIds():  # run alone, without bench_site_creation
        ensure_site(app, site_id="kunta0")
    if "stock0" not in app.objectIds():
        stock_site(app, "stock0")
    transaction.commit()
    browser = TestApp(publish_module)

    def get(path):
        def call():
            response = browser.get(path, headers={"Accept-Language": "fi"})
            assert response.status_int == 200

        return call

    ours = timed(get("/kunta0"), repeat=REPEAT_PAGE, warmup=3)
    stock = timed(get("/stock0"), repeat=REPEAT_PAGE, warmup=3)
    report.add("anonymous front page (ms)", ours, stock)


BENCHMARKS = [
    bench_site_creation,
    bench_front_page,
    *records.BENCHMARKS,
    *security.BENCHMARKS,
    *meetings.BENCHMARKS,
    *caching.BENCHMARKS,
    *search.BENCHMARKS,
    *oparl.BENCHMARKS,
    *sahke2.BENCHMARKS,
    *eservices.BENCHMARKS,
    *merger.BENCHMARKS,
]


def parse(argv):
    parser = argparse.ArgumentParser(prog="bench/run.py")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run")
    parser.add_argument(
        "--output", help="JSON path (default bench/results/latest.json)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one case registration"
    )
    return parser.parse_args(argv[1:])


def main(argv):
    args = parse(argv)
    if args.quick:
        harness.QUICK = True
    records.PROFILE = args.profile
    known = {bench.__name__ for bench in BENCHMARKS}
    unknown = set(args.names) - known
    if unknown:
        print(f"unknown benchmarks: {sorted(unknown)}", file=sys.stderr)
        return 2
    output = args.output or ROOT / "bench" / "results" / "latest.json"
    report = Report()
    mode = "quick" if harness.QUICK else "full"
    print(f"Kuntaportaali benchmarks ({mode}) {environment()}", flush=True)
    started = time.perf_counter()
    with zope_app() as app:
        for bench in BENCHMARKS:
            if args.names and bench.__name__ not in args.names:
                continue
            report.current = bench.__name__
            report.benchmarks.append(bench.__name__)
            login_admin(app)
            bench_start, bench_cpu = time.perf_counter(), time.process_time()
            try:
                bench(app, report)
            except Exception:
                transaction.abort()
                report.failed.append(bench.__name__)
                print(f"FAILED {bench.__name__}", flush=True)
                traceback.print_exc()
            took = time.perf_counter() - bench_start
            cpu = time.process_time() - bench_cpu
            print(f"  ({bench.__name__}: {took:.1f} s, CPU {cpu:.1f} s)", flush=True)
    report.save(output)
    took, cpu = time.perf_counter() - started, time.process_time()
    print(f"{mode} run: {took:.1f} s (CPU {cpu:.1f} s); results in {output}")
    if report.failed:
        print(f"failed: {', '.join(report.failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
