"""A use of a non-public record that cannot be written to the access log is
refused (906/2019 §17), and the failure is reported: at ERROR in the event log
with the record's UID and the user, and on the access log page.

Over real HTTP, with the log's storage write made to fail (``accesslog._put``).
Before: the hook swallowed the error and served the record unlogged."""

from builders import make_case
from builders import make_registry
from municipality.policy.demo.users import DEMO_PASSWORD
from municipality.policy.security import accesslog
from municipality.policy.security import logfailures
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ZODB.POSException import ConflictError
import logging
import pytest
import requests
import transaction


JSON = {"Accept": "application/json"}
SIV = "sivistyslautakunta"
USER = "sivistys-valmistelija"
SECRET_TITLE = "Oppilashuolto ZEBRAKALA"
SECRET_BODY = b"MARSUTEKSTI sisalto"
#: the Finnish refusal (the site's language)
REFUSAL = "Käytöstä ei voitu tallentaa lokitietoa"


def auth(user):
    return (user, DEMO_PASSWORD)


def get(url, user, **kwargs):
    return requests.get(url, auth=auth(user), timeout=60, **kwargs)


@pytest.fixture
def world(demo_rest_portal):
    from municipality.policy.documents.api import create_document
    from municipality.policy.documents.vocabularies import record_types

    with api.env.adopt_user(username=SITE_OWNER_NAME):  # guards: a real user
        registry = make_registry(demo_rest_portal)
        secret = make_case(registry, SECRET_TITLE, "secret")
        doc = create_document(
            secret,
            title="Muistio ZEBRAKALA",
            file=(SECRET_BODY, "muistio.txt"),
            record_type=next(iter(record_types(secret))).value,
            direction="incoming",
        )
        public = make_case(registry, "Julkinen asia", "public")
    transaction.commit()
    return {"portal": demo_rest_portal, "secret": secret, "doc": doc, "public": public}


@pytest.fixture
def broken_log(monkeypatch):
    """The access log's storage write fails."""

    def fail(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(accesslog, "_put", fail)


def registered_failures():
    transaction.begin()
    return logfailures.failures()


def test_the_record_is_served_and_logged_normally(world):
    """The control: with a working log the same requests succeed."""
    response = get(world["secret"].absolute_url(), USER)
    assert response.status_code == 200
    assert "ZEBRAKALA" in response.text
    response = get(world["doc"].absolute_url() + "/@@download/file", USER)
    assert response.content == SECRET_BODY
    assert registered_failures() == (0, [])


@pytest.mark.parametrize(
    "suffix,headers",
    (("", {}), ("/@@download/file", {}), ("", JSON), ("/@@download/file", JSON)),
    ids=("page", "download", "rest", "rest-download"),
)
def test_unloggable_disclosure_is_refused(world, broken_log, caplog, suffix, headers):
    record = world["doc"] if "download" in suffix else world["secret"]
    with caplog.at_level(logging.ERROR, logger="municipality.policy"):
        response = get(record.absolute_url() + suffix, USER, headers=headers)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "ZEBRAKALA" not in response.text  # neither content nor title
    assert b"MARSUTEKSTI" not in response.content
    if headers:
        body = response.json()
        assert body["type"] == "ServiceUnavailable"
        assert body["message"].startswith(REFUSAL)
    else:
        assert REFUSAL in response.text
    # reported: at ERROR, with the record's UID and the user ...
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        record.UID() in r.getMessage() and USER in r.getMessage() for r in errors
    ), [r.getMessage() for r in errors]
    # ... and in the failure register the access log page shows
    count, latest = registered_failures()
    assert count == 1
    assert (latest[0]["uid"], latest[0]["user"]) == (record.UID(), USER)
    assert latest[0]["sector"] == SIV
    assert "No space left" in latest[0]["error"]


def test_public_record_needs_no_log(world, broken_log):
    response = get(world["public"].absolute_url(), USER)
    assert response.status_code == 200
    assert registered_failures() == (0, [])


def test_chief_records_officer_sees_the_failures(world, broken_log, monkeypatch):
    get(world["secret"].absolute_url(), USER)
    get(world["doc"].absolute_url() + "/@@download/file", USER)
    monkeypatch.undo()  # the log works again
    creator = world["portal"]["esimerkkikunta"]
    response = get(creator.absolute_url() + "/@@access-log", "arkistojohtaja")
    assert response.status_code == 200
    text = response.text
    assert "Lokitietoa ei voitu tallentaa" in text
    assert "kp-accesslog-failures" in text
    assert world["secret"].diary_number in text
    assert USER in text
    # the sector records manager of the sector sees them on the sector's page
    sector = creator[SIV]
    response = get(sector.absolute_url() + "/@@access-log", "sivistys-vastuuhenkilo")
    assert "kp-accesslog-failures" in response.text
    # ... but the other sector's manager does not
    other = creator["tekninen-lautakunta"]
    response = get(other.absolute_url() + "/@@access-log", "tekninen-vastuuhenkilo")
    assert response.status_code == 200
    assert "kp-accesslog-failures" not in response.text


def test_no_notice_without_failures(world):
    creator = world["portal"]["esimerkkikunta"]
    response = get(creator.absolute_url() + "/@@access-log", "arkistojohtaja")
    assert response.status_code == 200
    assert "kp-accesslog-failures" not in response.text


def test_a_conflict_is_retried_not_refused(world, monkeypatch):
    """A database conflict is no failure of the log: the request is retried."""
    calls = []
    put = accesslog._put

    def conflict_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConflictError()
        return put(*args, **kwargs)

    monkeypatch.setattr(accesslog, "_put", conflict_once)
    response = get(world["secret"].absolute_url(), USER)
    assert response.status_code == 200 and "ZEBRAKALA" in response.text
    assert len(calls) == 2
    assert registered_failures() == (0, [])


def test_first_refused_access_is_answered_not_a_500(world):
    """The refused entry is written after the request's transaction was
    aborted. Written on the request's own connection, the first one (which
    creates the log's trees) let the cache's garbage collection ghost the site's
    component registry, and closing the request then answered 500
    (ConnectionStateError). Now it has a connection of its own."""
    catalog = api.portal.get_tool("portal_catalog")
    brain = catalog.unrestrictedSearchResults(
        portal_type="Case", sub_archive_creator=SIV, publicity_class="secret"
    )[0]
    for user in ("sivistys-luottamushenkilo", "tekninen-henkilosto"):
        response = requests.get(
            brain.getURL(),
            auth=auth(user),
            allow_redirects=False,
            headers={"Accept": "text/html"},
            timeout=60,
        )
        assert response.status_code == 302, response.text[-500:]
    transaction.begin()
    refused = accesslog.search(case=brain.UID, outcome="refused")
    assert {e["user"] for e in refused} == {
        "sivistys-luottamushenkilo",
        "tekninen-henkilosto",
    }
