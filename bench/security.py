"""Security benchmarks: the cost of the access log on a page view, and the
access log's own page.

Every view of a non-public record appends an access-log entry in the
request's transaction (Information Management Act §17). Reported twice:
against the same page with the append switched off (the log's own cost), and
against a stock Plone private page viewed by its owner (the stock figure).

``bench_access_log_listing``: the records manager's "Lokitiedot" page
(``@@access-log`` on the archive creator) with the log filled to 1 000, 10 000
and 100 000 entries, against the stock folder contents page.
"""

from harness import pick
from harness import timed
import base64
import records
import time
import transaction


REPEAT = 30
ACCESS_LOG_SIZES = (1_000, 10_000, 100_000)
ACCESS_LOG_PAGE_LIMIT = 20  # seconds for one GET before a 10 times larger log


def _secret_case(site):
    from plone import api

    for brain in api.content.find(context=site, portal_type="Case"):
        if brain.publicity_class == "secret":
            return brain.getObject()
    raise LookupError("the demo has no secret case")


def bench_access_log(app, report):
    """GET of a secret case page as staff with access, logged vs not logged."""
    from municipality.policy.security import accesslog
    from plone import api

    site = records.records_site(app)
    case = _secret_case(site)
    case_path = "/".join(case.getPhysicalPath())
    stock = site.stock
    if "private-page" not in stock:
        api.content.create(
            container=stock, type="Document", id="private-page", title="Yksityinen"
        )
    transaction.commit()
    browser, headers = _staff_browser()

    def get(path):
        def call():
            response = browser.get(path, headers=headers)
            assert response.status_int == 200

        return call

    before = accesslog.count(site)
    logged = timed(get(case_path), repeat=REPEAT, warmup=3)
    appended = accesslog.count(site) - before
    assert appended == len(logged) + pick(3, 0), appended  # every view was logged

    original = accesslog.append
    accesslog.append = lambda *args, **kwargs: None
    try:
        unlogged = timed(get(case_path), repeat=REPEAT, warmup=3)
    finally:
        accesslog.append = original
    stock_page = timed(get("/kp/stock/private-page"), repeat=REPEAT, warmup=3)
    report.add(
        "secret case page, access log vs none (ms)",
        logged,
        unlogged,
        baseline="same page, log off",
    )
    report.add(
        "secret case page (logged) vs stock private page (ms)", logged, stock_page
    )


def _staff_browser():
    from webtest import TestApp
    from ZPublisher.WSGIPublisher import publish_module

    browser = TestApp(publish_module)
    auth = "Basic " + base64.b64encode(b"admin:admin").decode()
    return browser, {"Accept-Language": "fi", "Authorization": auth}


def _fill_access_log(site, total):
    """Fill the access log to ``total`` entries through its one write API
    (``append``): views of the secret case by five users, a savepoint every
    10 000. Returns the count."""
    from municipality.policy.security import accesslog

    have = accesslog.count(site)
    case = _secret_case(site)
    users = ("sihteeri", "kirjaaja", "arkistonhoitaja", "valmistelija", "tarkastaja")
    for n in range(have, total):
        accesslog.append(case, "view", user=users[n % len(users)])
        if (n + 1) % 10_000 == 0:
            transaction.savepoint(optimistic=True)
            print(f"  access log: {n + 1} entries", flush=True)
    transaction.commit()
    return accesslog.count(site)


def bench_access_log_listing(app, report, sizes=None):
    """GET of the access log page (``@@access-log`` on the archive creator, no
    filter) at growing log sizes, against the stock folder contents page.

    A size is attempted only while the first GET at the size before took less
    than ``ACCESS_LOG_PAGE_LIMIT`` seconds (growth is at least linear while the
    page lists every entry); the sizes left out are named in the output."""
    from municipality.policy.demo.organisation import archive_creator
    from municipality.policy.security import accesslog

    sizes = sizes or pick(ACCESS_LOG_SIZES, (50, 100))
    site = records.records_site(app)
    log_path = "/".join(archive_creator(site).getPhysicalPath()) + "/@@access-log"
    browser, headers = _staff_browser()

    def get(path):
        def call():
            response = browser.get(path, headers=headers)
            assert response.status_int == 200

        return call

    transaction.commit()
    stock_page = None
    for index, size in enumerate(sizes):
        site = records.records_site(app)  # a request cleared the site and user
        entries = _fill_access_log(site, size)
        before = accesslog.count(site)
        start = time.perf_counter()
        response = browser.get(log_path, headers=headers)
        first = time.perf_counter() - start
        rows = response.text.count("<tr") - 1  # minus the header row
        print(
            f"  @@access-log at {entries} entries: {rows} rows on the page, "
            f"{len(response.body) / 1e6:.1f} MB, first GET {first:.1f} s",
            flush=True,
        )
        assert rows > 0, rows
        slow = first > 5
        ours = timed(get(log_path), repeat=3 if slow else 10, warmup=0 if slow else 1)
        assert accesslog.count(site) == before  # reading the log is not logged
        if stock_page is None:
            stock_page = timed(get("/kp/stock/folder_contents"), repeat=10, warmup=1)
        report.add(f"access log page at {entries} entries (ms)", ours, stock_page)
        if first > ACCESS_LOG_PAGE_LIMIT and index + 1 < len(sizes):
            print(
                f"  access log page: sizes {sizes[index + 1 :]} not attempted, "
                f"the first GET at {entries} took {first:.0f} s",
                flush=True,
            )
            break


BENCHMARKS = [bench_access_log, bench_access_log_listing]
