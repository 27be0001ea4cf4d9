"""E-services benchmark: concurrent anonymous submissions with a 1 MB
attachment against concurrent stock File POSTs, over real HTTP.

The records site (``records.records_site``) is served by waitress on
127.0.0.1 (a free port, ``THREADS`` worker threads, the in-memory database of
the run) and ``COUNT`` client threads send at once:

- ours: anonymous ``POST @submissions`` (feedback, JSON) each with one
  attachment of ``SIZE`` bytes (a PNG by its signature; base64 in the JSON):
  a registered case with the form as a PDF/A and the attachment as a
  registered CaseDocument, a diary number, a tracking code;
- stock: ``POST`` of a stock File with the same ``SIZE`` bytes (base64) into
  a folder over plone.restapi, as the Zope-root Manager.

Reported: the median and p95 latency of a request and the throughput
(requests/s over the wall time of the burst), and how many times
``intake.submit`` ran (the publisher retries a request whose commit met
another registration's diary counter). The bench ASSERTS every
submission answered 201 and that the diary numbers are unique and gap-free
(the running numbers follow the registry's last one without a hole).

Explicit settings for the run (restored afterwards): the e-services' per-
address rate limit is lifted (``abuse.LIMIT``; every client is 127.0.0.1);
the publisher retries a ConflictError up to 10 times (``max-conflict-retries``
of buildout.cfg; Zope's default is 3) as simultaneous registrations conflict
on the diary counter; Zope's ``form-memory-limit`` is raised to 8 MB for the
stock POSTs (plone.restapi reads ``request["BODY"]``, which refuses a body
over 1 MB; ``@submissions`` reads the body file and needs no change). No
receipt mail is sent (the submissions give no e-mail address).
"""

from concurrent.futures import ThreadPoolExecutor
from harness import login_admin
from harness import pick
import base64
import records
import threading
import time
import transaction


COUNT = 50
SIZE = 1024 * 1024
THREADS = 4
FOLDER = "stock-files"


def _png(size, seed):
    """``size`` bytes that sniff as PNG (signature and IHDR), the rest noise."""
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)
    body = (seed.to_bytes(4, "big") * (size // 4 + 1))[: max(0, size - len(head))]
    return head + body


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _serve():
    """waitress serving the Zope publisher on 127.0.0.1; ``(server, base URL)``."""
    from waitress.server import create_server
    from ZPublisher.WSGIPublisher import publish_module

    server = create_server(
        publish_module, host="127.0.0.1", port=0, threads=pick(THREADS, 2)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def _burst(call, count):
    """``count`` calls at once; (latencies in s, wall time in s, results)."""
    latencies = [0.0] * count
    results = [None] * count

    def one(index):
        start = time.perf_counter()
        results[index] = call(index)
        latencies[index] = time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(count)))
    return latencies, time.perf_counter() - start, results


def _task_class(site, registry):
    """A task class the feedback form can use on this site."""
    from Acquisition import aq_parent
    from municipality.policy.eservices import intake
    from plone import api

    if intake.task_class_for("feedback", registry) is None:
        # a class of the registry's own archive creator's plan (the merger
        # benchmark may have brought another creator's plan in before)
        brain = api.content.find(
            context=aq_parent(registry), portal_type="TaskClass", sort_on="path"
        )[-1]
        api.portal.set_registry_record(
            "municipality.eservices.feedback_task_class", brain.getObject().code
        )
    return intake.task_class_for("feedback", registry)


def bench_eservices_submissions(app, report):
    """50 concurrent submissions with a 1 MB attachment vs 50 stock File POSTs."""
    from datetime import datetime
    from municipality.policy.eservices import abuse
    from municipality.policy.publication.accessibility import feedback_registry
    from municipality.policy.registry import numbering
    from plone import api
    from zoneinfo import ZoneInfo
    from ZPublisher import HTTPRequest
    import requests

    count, size = pick(COUNT, 3), pick(SIZE, 5_000)
    site = records.records_site(app)
    login_admin(app)
    registry = feedback_registry()
    assert registry is not None, "no registry for the e-services"
    assert _task_class(site, registry), "no task class for feedback"
    if FOLDER not in site.objectIds():
        api.content.create(container=site, type="Folder", id=FOLDER, title="Files")
    year = datetime.now(ZoneInfo("Europe/Helsinki")).year
    last = numbering.last_number(registry, year)
    transaction.commit()
    site_path = "/".join(site.getPhysicalPath())

    saved = (
        abuse.LIMIT,
        HTTPRequest.HTTPRequest.retry_max_count,
        HTTPRequest.FORM_MEMORY_LIMIT,
    )
    abuse.LIMIT = 10**9  # every client is 127.0.0.1: no rate limit here
    abuse.reset()
    HTTPRequest.HTTPRequest.retry_max_count = 10
    HTTPRequest.FORM_MEMORY_LIMIT = 8 * 1024 * 1024
    from municipality.policy.eservices import intake

    real_submit = intake.submit
    attempts = []

    def counted(*args, **kw):  # attempts: 1 + the ConflictError retries
        attempts.append(1)
        return real_submit(*args, **kw)

    intake.submit = counted
    server, base = _serve()
    try:
        files = [base64.b64encode(_png(size, i)).decode() for i in range(count)]

        def submit(index):
            response = requests.post(
                f"{base}{site_path}/@submissions",
                json={
                    "kind": "feedback",
                    "subject": f"Palaute {index}",
                    "message": "Koivikon leikkipuiston keinu on rikki.",
                    "name": "Maija Meikäläinen",
                    "attachments": [
                        {"filename": f"kuva-{index}.png", "data": files[index]}
                    ],
                },
                headers={
                    "Accept": "application/json",
                    "Accept-Language": "fi",
                    "Connection": "close",
                },
                timeout=600,
            )
            assert response.status_code == 201, (
                response.status_code,
                response.text[:300],
            )
            return response.json()["diary_number"]

        def stock(index):
            response = requests.post(
                f"{base}{site_path}/{FOLDER}",
                json={
                    "@type": "File",
                    "title": f"Tiedosto {index}",
                    "file": {
                        "data": files[index],
                        "encoding": "base64",
                        "filename": f"kuva-{index}.png",
                        "content-type": "image/png",
                    },
                },
                headers={"Accept": "application/json", "Connection": "close"},
                auth=("admin", "admin"),
                timeout=600,
            )
            assert response.status_code == 201, (
                response.status_code,
                response.text[:300],
            )
            return response.json()["@id"]

        ours, ours_wall, numbers = _burst(submit, count)
        theirs, stock_wall, ids = _burst(stock, count)
    finally:
        intake.submit = real_submit
        server.task_dispatcher.shutdown()
        server.close()
        abuse.LIMIT, HTTPRequest.HTTPRequest.retry_max_count = saved[:2]
        HTTPRequest.FORM_MEMORY_LIMIT = saved[2]
        abuse.reset()
    # every diary number unique and gap-free after the registry's last one
    running = sorted(int(number.split("/")[1]) for number in numbers)
    assert len(set(numbers)) == count, f"duplicate diary numbers: {numbers}"
    assert running == list(range(last + 1, last + count + 1)), f"gaps: {running}"
    assert len(set(ids)) == count
    transaction.begin()
    assert numbering.last_number(registry, year) == last + count
    label = f"{count} concurrent submissions + {pick('1 MB', '5 kB')} attachment"
    stock_label = f"{count} concurrent stock File POSTs"
    report.add(f"{label}, p50 (ms)", ours, theirs, baseline=stock_label)
    report.add(f"{label}, p95 (ms)", [_p95(ours)], [_p95(theirs)], baseline=stock_label)
    report.add(
        f"{label}, throughput (req/s)",
        [count / ours_wall],
        [count / stock_wall],
        unit="req/s",
        baseline=stock_label,
    )
    print(
        f"  diary numbers {last + 1}..{last + count}: unique and gap-free; "
        f"wall {ours_wall:.1f} s (stock {stock_wall:.1f} s); "
        f"{len(attempts)} attempts for {count} submissions (ConflictError retries "
        "on the diary counter)",
        flush=True,
    )
    login_admin(app)


BENCHMARKS = [bench_eservices_submissions]
