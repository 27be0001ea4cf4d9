"""HTTP caching benchmark: a full GET against a 304 revalidation.

On the meetings benchmark's site (``meetings.meeting_site``: a body's checked
40-§ meeting; 4 in quick mode), anonymous over the WSGI publisher, with the
product's plone.app.caching settings (``publication.caching``):

- the public minutes page (``@@minutes``) and the front page, each fetched in
  full (200, rendered) and revalidated with ``If-None-Match`` (304: the ETag is
  computed after traversal and the page is not rendered);
- against a stock Plone page (Document) holding the minutes' HTML, under the
  same caching settings, in full and revalidated;
- and the minutes page's 304 against its own full GET (what revalidation saves).
"""

from harness import pick
from harness import timed
from webtest import TestApp
import meetings


REPEAT = 20
HEADERS = {"Accept-Language": "fi"}


def _etag(browser, path):
    response = browser.get(path, headers=HEADERS)
    assert response.status_int == 200, (path, response.status)
    etag = response.headers.get("ETag")
    assert etag, f"no ETag on {path}: {dict(response.headers)}"
    return etag


def _full(browser, path):
    def call():
        response = browser.get(path, headers=HEADERS)
        assert response.status_int == 200, (path, response.status)

    return call


def _revalidate(browser, path, etag):
    def call():
        response = browser.get(path, headers={**HEADERS, "If-None-Match": etag})
        assert response.status_int == 304, (path, response.status)

    return call


def bench_http_caching(app, report):
    """Full GET and 304 revalidation of the minutes and front pages vs a stock page."""
    from ZPublisher.WSGIPublisher import publish_module

    site, meeting = meetings.meeting_site(app)
    browser = TestApp(publish_module)
    minutes = "/".join(meeting.getPhysicalPath()) + "/@@minutes"
    front = "/".join(site.getPhysicalPath())
    html = browser.get(minutes, headers=HEADERS).text
    stock = meetings._stock_page(site, "stock-minutes-cache", meetings._main(html))
    etags = {path: _etag(browser, path) for path in (minutes, front, stock)}
    size = pick("40 §", "4 §")

    def both(label, ours_path, revalidate):
        make = (
            (lambda path: _revalidate(browser, path, etags[path]))
            if revalidate
            else (lambda path: _full(browser, path))
        )
        ours = timed(make(ours_path), repeat=REPEAT, warmup=2)
        base = timed(make(stock), repeat=REPEAT, warmup=2)
        report.add(label, ours, base)
        return ours

    minutes_full = both(f"minutes page {size}, full GET (ms)", minutes, False)
    minutes_304 = both(f"minutes page {size}, 304 revalidation (ms)", minutes, True)
    both("front page, full GET (ms)", front, False)
    both("front page, 304 revalidation (ms)", front, True)
    report.add(
        f"minutes page {size}, 304 vs its full GET (ms)",
        minutes_304,
        minutes_full,
        baseline="the same page, full GET",
    )


BENCHMARKS = [bench_http_caching]
