"""Leak test of the records search (issue 15): ``@@records-search``, its CSV
and ``GET @records-search`` over real HTTP, with the records and probes of
``test_leak``: a secret case's real title, description and documents, a
partly secret case's secret document and the special-category case never
reach the public, staff of the sector without a role on them, staff of
another sector or an elected official, neither as rows nor as facet values
and counts."""

from municipality.policy.demo.users import DEMO_PASSWORD
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from test_leak import JSON
from test_leak import PROBES
from test_leak import PUBLIC_WORD
from test_leak import SECRET_WORDS
from test_leak import fetch
from test_leak import leaks
from test_leak import world  # noqa: F401 (the fixture)
import pytest
import requests
import transaction


#: a preparer only the secret case has: a facet value that must not show
SECRET_PREPARER = "ZEBRAKALA-valmistelija"


@pytest.fixture
def records_world(world):  # noqa: F811
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        secret = world["secret"]
        secret.preparer = SECRET_PREPARER
        secret.reindexObject()
    transaction.commit()
    return world


def urls(w):
    site = w["portal"].absolute_url()
    reg = w["registry"].absolute_url()
    out = []
    for query in (
        "",
        "?b_size=500",
        "?type=case&b_size=500&sort_on=title",
        "?type=document&b_size=500&sort_on=date",
        "?publicity_class=secret",
        "?publicity_class=partly_secret",
        "?task_class=00.01.00&b_size=500",
        "?review_state=paatetty&b_size=500",
        "?sub_archive_creator=sivistyslautakunta&b_size=500",
        *[
            f"?q={word}"
            for word in [w.lower() for w in SECRET_WORDS]
            + ["oppilashuoltoasia", "rakennuslupa-asia"]
        ],
    ):
        out += [
            reg + "/@@records-search" + query,
            reg + "/@@records-search.csv" + query,
            reg + "/@@records-search" + (query + "&" if query else "?") + "format=csv",
            site + "/@records-search" + query,
        ]
    return out


@pytest.mark.parametrize("user", PROBES)
def test_records_search_leaks_nothing(records_world, user):
    found = []
    for url in urls(records_world):
        headers = JSON if "/@records-search" in url else {}
        response, body = fetch("GET", url, user, headers=headers)
        if leaks(body, user):
            found.append((url, response.status_code, leaks(body, user)))
    assert not found, found


def facet_values(site, user):
    response = requests.get(
        f"{site}/@records-search?b_size=1",
        auth=(user, DEMO_PASSWORD),
        headers=JSON,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    return {f["name"]: f["values"] for f in response.json()["facets"]}


def test_facets_count_only_what_the_reader_may_see(records_world):
    """The probe is real: the secret case's preparer is a facet value for a
    role holder; for staff of the same sector without a role it is neither
    offered nor counted, and the secret publicity class counts no record
    they may not read."""
    site = records_world["portal"].absolute_url()
    # the page answers the probe with rows (a 403 would prove nothing)
    page = (
        records_world["registry"].absolute_url() + "/@@records-search?q=julkinenkoala"
    )
    response, body = fetch("GET", page, "sivistys-henkilosto")
    assert response.status_code == 200 and PUBLIC_WORD in body.decode()
    holder = facet_values(site, "sivistys-valmistelija")
    assert SECRET_PREPARER in {v["value"] for v in holder["preparer"]}
    staff = facet_values(site, "sivistys-henkilosto")
    assert SECRET_PREPARER not in {v["value"] for v in staff["preparer"]}
    holder_secret = {v["value"]: v["count"] for v in holder["publicity_class"]}.get(
        "secret", 0
    )
    staff_secret = {v["value"]: v["count"] for v in staff["publicity_class"]}.get(
        "secret", 0
    )
    # the secret case and the two secret documents the holder reads
    assert holder_secret >= staff_secret + 3
