"""Diary numbers under concurrency over HTTP: two Zope processes on RelStorage.

16 clients, each with its own HTTP session and alternating between the two
processes of ``relstorage_cluster``, POST a Case to one registry at the same
moment, as users of plone.restapi do. Every registration must succeed (the
server retries its conflicts itself) and the numbers must be 1..16 with no
gap and no duplicate.

The losers of a conflict on the diary counter are retried by ZPublisher, up to
``max-conflict-retries`` (buildout.cfg); each retry is logged in the
process's log, and the test prints how many there were.
"""

from cluster import ADMIN
from cluster import eventually
from datetime import datetime
from zoneinfo import ZoneInfo
import os
import pytest
import re
import requests
import threading
import time


pytestmark = pytest.mark.relstorage
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
CLIENTS = 16
CREATOR = "rinnakkaiskunta"
PREFIX = "RINN"
TASK_CLASS = "00.01.00"


def post(url, data):
    response = requests.post(url, json=data, headers=JSON, auth=ADMIN, timeout=300)
    assert response.status_code == 201, (url, response.status_code, response.text)
    return response.json()


def create_registry(site):
    """An archive creator with a plan (task class 00.01.00) and a registry, over REST.

    Returns the registry's path.
    """
    post(
        site,
        {"@type": "ArchiveCreator", "id": CREATOR, "title": "Rinnakkaiskunta"}
        | {"code": PREFIX},
    )
    creator = f"{site}/{CREATOR}"
    post(creator, {"@type": "ClassificationPlan", "id": "tos", "title": "TOS"})
    parent = f"{creator}/tos"
    for code, title in (
        ("00", "Hallinto"),
        ("00.01", "Yleishallinto"),
        (TASK_CLASS, "Hallinnon yleiset asiat"),
    ):
        # The id is given: a name chosen from the code would be normalised
        # ("00-01.00"), and the plan's vocabulary is keyed by id.
        post(parent, {"@type": "TaskClass", "id": code, "code": code, "title": title})
        parent = f"{parent}/{code}"
    post(
        creator,
        {"@type": "Registry", "id": "kirjaamo", "title": "Kirjaamo", "prefix": PREFIX},
    )
    return f"/kunta/{CREATOR}/kirjaamo"


@pytest.fixture(scope="module")
def registry_path(relstorage_cluster):
    return create_registry(relstorage_cluster[0].url + "/kunta")


def diary_numbers(process, registry_path):
    """The diary numbers of the registry's cases, read through ``process``."""
    response = requests.get(
        f"{process.url}{registry_path}/@search",
        params={
            "portal_type": "Case",
            "metadata_fields": "diary_number",
            "b_size": 1000,
        },
        headers=JSON,
        auth=ADMIN,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    return sorted(item["diary_number"] for item in response.json()["items"])


def conflict_log(process, offset):
    """The retried conflicts ``process`` logged after byte ``offset``.

    Products.SiteErrorLog logs each retry at INFO ("ConflictError at <path>:
    ... Request will be retried."); instance/serve.py logs INFO to the log.
    """
    with open(process.log.name, "rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", "replace")
    return [
        line
        for line in text.splitlines()
        if "[Zope.SiteErrorLog" in line and "will be retried" in line
    ]


def register_at_once(processes, registry_path):
    """``CLIENTS`` threads, each with its own session, POST a Case together.

    Client ``i`` talks to ``processes[i % 2]``. Returns the responses (or the
    exceptions) in client order.
    """
    barrier = threading.Barrier(CLIENTS)
    results = [None] * CLIENTS

    def client(index):
        process = processes[index % len(processes)]
        try:
            with requests.Session() as session:
                session.auth = ADMIN
                session.headers.update(JSON)
                # Connect before the start line so that the POSTs leave together.
                session.get(f"{process.url}/kunta/@site", timeout=120)
                barrier.wait(timeout=120)
                results[index] = session.post(
                    process.url + registry_path,
                    json={
                        "@type": "Case",
                        "title": f"Rinnakkainen asia {index}",
                        "task_class": TASK_CLASS,
                    },
                    timeout=900,
                )
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            barrier.abort()
            results[index] = exc

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(1200)
    return results


def test_concurrent_registrations_over_http_are_gap_free(
    relstorage_cluster, registry_path
):
    offsets = [os.path.getsize(p.log.name) for p in relstorage_cluster]
    started = time.monotonic()
    results = register_at_once(relstorage_cluster, registry_path)
    elapsed = time.monotonic() - started
    log = [
        line
        for process, offset in zip(relstorage_cluster, offsets, strict=True)
        for line in conflict_log(process, offset)
    ]
    print(
        f"\n{CLIENTS} concurrent registrations over HTTP in {elapsed:.1f}s, "
        f"{len(log)} conflict retries"
    )

    failures = [
        (index, getattr(result, "status_code", None), getattr(result, "text", result))
        for index, result in enumerate(results)
        if getattr(result, "status_code", None) != 201
    ]
    assert failures == [], (failures, log)

    year = datetime.now(ZoneInfo("Europe/Helsinki")).year
    number = re.compile(rf"{PREFIX}/(\d+)/{re.escape(TASK_CLASS)}/{year}")
    returned = [result.json()["diary_number"] for result in results]
    assert all(number.fullmatch(value) for value in returned), returned
    sequences = sorted(int(number.fullmatch(value).group(1)) for value in returned)
    assert sequences == list(range(1, CLIENTS + 1)), returned

    # What the catalog holds, read back through either process.
    expected = sorted(f"{PREFIX}/{n}/{TASK_CLASS}/{year}" for n in sequences)
    for process in relstorage_cluster:
        found = eventually(lambda p=process: diary_numbers(p, registry_path), expected)
        assert found == expected, (process.name, found)
