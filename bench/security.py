"""Security benchmarks: the cost of the access log on a page view, and the
access log's own page.

Every view of a non-public record appends an access-log entry in the
request's transaction (Information Management Act §17). Reported twice:
against the same page with the append switched off (the log's own cost), and
against a stock Plone private page viewed by its owner (the stock figure).

``bench_access_log_listing``: the records manager's "Lokitiedot" page
(``@@access-log`` on the archive creator) with the log filled to
``ACCESS_LOG_SIZE`` entries, against the stock folder contents page.
"""

from harness import pick
from harness import timed
import base64
import records
import transaction


REPEAT = 30
ACCESS_LOG_SIZE = 100_000


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
    """Fill the access log to ``total`` entries: one real entry (``append`` on
    the secret case), then copies of it under later keys in every shard, with
    the user, time and source varied. Writes the stored form directly, as
    ``append`` would (bench only: the module offers no bulk write)."""
    from datetime import datetime
    from datetime import timedelta
    from municipality.policy.security import accesslog
    import pytz
    import time

    have = accesslog.count(site)
    if have >= total:
        return have
    template = accesslog.append(_secret_case(site), "view", user="sihteeri")
    have += 1
    start_ns = time.time_ns() - (total - have) * 1_000_000_000
    start = datetime.now(pytz.utc) - timedelta(seconds=total - have)
    users = ("sihteeri", "kirjaaja", "arkistonhoitaja", "valmistelija", "tarkastaja")
    for n in range(total - have):
        entry = dict(
            template,
            user=users[n % len(users)],
            date=(start + timedelta(seconds=n)).isoformat(),
            source_ip=f"10.0.{n % 256}.{n // 256 % 256}",
        )
        key = accesslog.make_key(start_ns + n * 1_000_000_000)
        accesslog._shard(site, n % accesslog.SHARDS)[key] = entry
        if (n + 1) % 20_000 == 0:
            transaction.savepoint(optimistic=True)
    transaction.commit()
    return accesslog.count(site)


def bench_access_log_listing(app, report, size=None):
    """GET of the access log page (all entries) against stock folder contents."""
    from municipality.policy.demo.organisation import archive_creator
    from municipality.policy.security import accesslog
    from plone import api

    size = size or pick(ACCESS_LOG_SIZE, 100)
    site = records.records_site(app)
    stock = site.stock
    if "private-page" not in stock:
        api.content.create(
            container=stock, type="Document", id="private-page", title="Yksityinen"
        )
    entries = _fill_access_log(site, size)
    log_path = "/".join(archive_creator(site).getPhysicalPath()) + "/@@access-log"
    browser, headers = _staff_browser()
    before = accesslog.count(site)
    response = browser.get(log_path, headers=headers)
    rows = response.text.count("<tr>") - 1  # minus the header row
    assert rows == entries, (rows, entries)  # the page lists every entry

    def get(path):
        def call():
            response = browser.get(path, headers=headers)
            assert response.status_int == 200

        return call

    repeat = 5 if size >= 10_000 else 20
    ours = timed(get(log_path), repeat=repeat, warmup=1)
    assert accesslog.count(site) == before  # reading the log is not logged
    stock_page = timed(get("/kp/stock/folder_contents"), repeat=repeat, warmup=1)
    report.add(f"access log page at {entries} entries (ms)", ours, stock_page)


BENCHMARKS = [bench_access_log, bench_access_log_listing]
