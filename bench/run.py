"""Run the benchmarks: ``make bench`` (``bin/zopepy bench/run.py``).

Each benchmark reports our figure beside the stock-Plone figure measured in the
same run, and the ratio. Results are also written to bench/results/latest.json.
"""

import os
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import ROOT
from harness import Report
from harness import environment
from harness import timed
from harness import zope_app
import records
import security
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
    report.add("site creation (s)", ours, stock, unit="s")


def bench_front_page(app, report):
    """Anonymous front page over the WSGI publisher (WebTest, no network)."""
    from webtest import TestApp
    from ZPublisher.WSGIPublisher import publish_module

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
]


def main(argv):
    selected = set(argv[1:])
    report = Report()
    print(f"Kuntaportaali benchmarks {environment()}", flush=True)
    with zope_app() as app:
        for bench in BENCHMARKS:
            if selected and bench.__name__ not in selected:
                continue
            bench(app, report)
    report.save(ROOT / "bench" / "results" / "latest.json")


if __name__ == "__main__":
    main(sys.argv)
