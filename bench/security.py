"""Security benchmarks: the cost of the access log on a page view.

Every view of a non-public record appends an access-log entry in the
request's transaction (Information Management Act §17). Reported twice:
against the same page with the append switched off (the log's own cost), and
against a stock Plone private page viewed by its owner (the stock figure).
"""

from harness import timed
import base64
import records
import transaction


REPEAT = 30


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
    from webtest import TestApp
    from ZPublisher.WSGIPublisher import publish_module

    site = records.records_site(app)
    case = _secret_case(site)
    case_path = "/".join(case.getPhysicalPath())
    stock = site.stock
    if "private-page" not in stock:
        api.content.create(
            container=stock, type="Document", id="private-page", title="Yksityinen"
        )
    transaction.commit()
    browser = TestApp(publish_module)
    auth = "Basic " + base64.b64encode(b"admin:admin").decode()
    headers = {"Accept-Language": "fi", "Authorization": auth}

    def get(path):
        def call():
            response = browser.get(path, headers=headers)
            assert response.status_int == 200

        return call

    before = accesslog.count(site)
    logged = timed(get(case_path), repeat=REPEAT, warmup=3)
    appended = accesslog.count(site) - before
    assert appended == REPEAT + 3, appended  # every view was logged

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


BENCHMARKS = [bench_access_log]
