"""``GET @openapi`` (issue 13): the OpenAPI 3.1 document of the portal's own
REST services, its completeness against the component registry, and a
schemathesis run against a site with content (anonymous and signed in) with no
server error and nothing half-written afterwards.

All on ``rest_portal`` with a few objects of each kind the services are
for (a registry with its plan, cases, a document, a body with a meeting and
an agenda item; the builders'): the path parameters of content objects are
narrowed to their paths (and one that does not exist), so the generated
requests reach the services' code, not only Zope's 404.
"""

from builders import make_case
from builders import make_registry
from builders import make_statement
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings
from hypothesis.errors import Unsatisfiable
from meeting_builders import PASSWORD
from meeting_builders import SECRETARY
from meeting_builders import as_manager
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from meeting_builders import publish_chain
from municipality.policy.eservices import abuse
from municipality.policy.eservices import tracking
from municipality.policy.openapi import document
from municipality.policy.registry import numbering
from plone import api
from plone.app.testing import logout
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from zope.annotation.interfaces import IAnnotations
import copy
import pytest
import requests
import schemathesis
import time
import transaction


JSON = {"Accept": "application/json"}
#: the staff user of the run: the test body's secretary, also chief records
#: officer of the archive creator (grants, records search, extracts, plan
#: import, the meeting's agenda and minutes)
STAFF = SECRETARY
#: examples per operation and identity (the run stays well under a minute)
MAX_EXAMPLES = 4
#: valid requests, then invalid ones (wrong types, missing fields, bad JSON)
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
#: a path below the site that is nothing
NOTHING = "ei-ole-olemassa"


def url(portal, *parts):
    return "/".join([portal.absolute_url(), *parts])


@pytest.fixture
def site(rest_portal):
    abuse.reset()
    yield rest_portal
    abuse.reset()


@pytest.fixture
def content(site):
    """Objects of each kind the services are for, committed."""
    as_manager(site)
    registry = make_registry(site)
    creator = registry.aq_parent
    public = make_case(registry, "Koulukuljetus", "public")
    make_statement(public)
    make_case(registry, "Oppilashuolto", "secret")
    body = make_body(site)
    publish_chain(body)
    meeting = make_meeting(body)
    item = make_item(site)
    api.user.grant_roles(username=STAFF, obj=creator, roles=["ChiefRecordsOfficer"])
    logout()
    transaction.commit()
    return {"meeting": meeting, "item": item, "case": public}


def fetch(portal, headers=JSON):
    response = requests.get(url(portal, "@openapi"), headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    return response


# ------------------------------------------------------------------ the document


def test_document_is_valid_openapi_3_1(site):
    doc = fetch(site).json()
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [
        {"url": site.absolute_url(), "description": "This portal (the Plone site)."}
    ]
    assert doc["info"]["title"] == "Kuntaportaali REST API"
    assert doc["info"]["version"] == "1.0.0.dev0"
    assert "diaarinumero" in doc["info"]["description"]
    # schemathesis validates it against the official OpenAPI 3.1 meta-schema
    schema = schemathesis.openapi.from_dict(copy.deepcopy(doc))
    schema.validate()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 60
    # the shared error shape and the e-service forms' own schemas
    error = doc["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"type", "message", "field", "errors"}
    feedback = doc["components"]["schemas"]["Submission_feedback"]
    assert feedback["properties"]["kind"] == {
        "const": "feedback",
        "description": "The form.",
    }
    assert feedback["properties"]["message"]["title"] == "Palaute"
    assert feedback["required"] == ["kind", "message"]
    post = doc["paths"]["/@submissions"]["post"]
    assert set(post["responses"]) == {"201", "400", "404", "413", "429"}
    assert "Retry-After" in doc["components"]["responses"]["TooManyRequests"]["headers"]
    assert set(doc["components"]["securitySchemes"]) == {"basicAuth", "bearerAuth"}
    assert doc["paths"]["/{meeting}/@agenda"]["get"]["tags"] == ["meetings"]
    assert "OParlMeeting" in doc["components"]["schemas"]
    assert "Paatoscase" in doc["components"]["schemas"]


def test_document_is_served_to_anyone_with_cors_also_without_accept(site):
    with_json = fetch(site)
    assert with_json.headers["Access-Control-Allow-Origin"] == "*"
    plain = fetch(site, headers={})
    assert plain.headers["Content-Type"].startswith("application/json")
    assert plain.headers["Access-Control-Allow-Origin"] == "*"
    assert plain.json() == with_json.json()
    assert requests.get(url(site, "@openapi", "x"), timeout=30).status_code == 404


def test_every_registered_custom_service_is_documented(site):
    registered = document.registered_services()
    # the registry really is read: services of several subpackages, by interface
    names = {(method, name) for method, name, _iface in registered}
    for expected in (
        ("POST", "@submissions"),
        ("GET", "@phases"),
        ("DELETE", "@grants"),
        ("PUT", "@attendance"),
        ("POST", "@tos"),
        ("GET", "@openapi"),
    ):
        assert expected in names
    assert len([n for n in names if n == ("POST", "@decide")]) == 1
    assert len([r for r in registered if r[:2] == ("POST", "@decide")]) == 2
    documented = document.services_documented(fetch(site).json())

    def label(rows):
        return sorted(f"{m} {n} for {i.__identifier__}" for m, n, i in rows)

    assert label(registered - documented) == [], "registered but not in @openapi"
    assert label(documented - registered) == [], "in @openapi but not registered"


# -------------------------------------------------------------- schemathesis


def _paths(portal, portal_type, limit=3):
    catalog = portal.portal_catalog
    brains = catalog.unrestrictedSearchResults(portal_type=portal_type, sort_on="path")
    root = "/".join(portal.getPhysicalPath()) + "/"
    return [brain.getPath()[len(root) :] for brain in brains[:limit]]


def _uids(portal, portal_type, limit=3):
    catalog = portal.portal_catalog
    brains = catalog.unrestrictedSearchResults(portal_type=portal_type, sort_on="path")
    return [brain.UID for brain in brains[:limit]]


def _paatos_ids(portal):
    ids = []
    for kind in ("case", "action", "organization", "event"):
        response = requests.get(
            url(portal, "@paatos", "v1", kind, ""),
            params={"limit": 2},
            headers=JSON,
            timeout=60,
        )
        ids += [row["id"] for row in response.json().get("results", [])]
    return [int(i) for i in ids if str(i).isdigit()]


def site_values(portal):
    """Path parameter name -> paths of the site's objects (and one that is not)."""
    meetings = _paths(portal, "Meeting", 4)
    items = _paths(portal, "AgendaItem", 3)
    decisions = _paths(portal, "OfficeHolderDecision", 2)
    cases = _paths(portal, "Case", 3)
    values = {
        "archive_creator": _paths(portal, "ArchiveCreator", 1),
        "unit": _paths(portal, "ArchiveCreator", 1)
        + _paths(portal, "SubArchiveCreator", 1),
        "disposal_list": _paths(portal, "DisposalList", 1),
        "plan": _paths(portal, "ClassificationPlan", 1),
        "case": cases,
        "place": _paths(portal, "Registry", 1)
        + _paths(portal, "SubArchiveCreator", 1)
        + cases[:1],
        "meeting": meetings,
        "item": items,
        "decision": decisions,
        "record": items + decisions,
        "board": _paths(portal, "NoticeBoard", 1),
        "body": _uids(portal, "ArchiveCreator", 1),
        "organization": _uids(portal, "Body", 2),
    }
    for found in values.values():
        found.append(NOTHING)
    # OParl objects by UID (meetings, items, cases), and 6Aika integer ids
    values["id"] = (
        _uids(portal, "Meeting", 2) + _uids(portal, "AgendaItem", 2) + [NOTHING]
    )
    return values


def narrowed(doc, values, paatos_ids):
    """``doc`` with the path parameters limited to ``values`` (6Aika: ids)."""
    doc = copy.deepcopy(doc)
    parameters = doc["components"]["parameters"]
    for url_, item in doc["paths"].items():
        for method in document.METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter:
                    parameter = parameters[parameter["$ref"].rsplit("/", 1)[1]]
                if parameter["in"] != "path":
                    continue
                if url_.startswith("/@paatos/"):
                    parameter["schema"] = {"enum": [*paatos_ids, 1]}
                elif parameter["name"] in values:
                    parameter["schema"] = {"enum": values[parameter["name"]]}
    return doc


def run(doc, base_url, auth, max_examples=MAX_EXAMPLES):
    """Every operation with schemathesis' generated cases; the server errors
    found (``[(operation, curl, answer)]``) and the answers of POST
    @submissions."""
    schema = schemathesis.openapi.from_dict(doc)
    failures = []
    submitted = []
    session = requests.Session()
    session.headers.update(JSON)
    if auth:
        session.auth = auth

    def checker(operation, mode):
        @settings(
            max_examples=max_examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            response = case.call(base_url=base_url, session=session, timeout=60)
            if operation.label == "POST /@submissions":
                submitted.append(response)
            try:
                case.validate_response(response, checks=[not_a_server_error])
            except FailureGroup:
                failures.append(
                    (operation.label, case.as_curl_command(), response.text[:3000])
                )

        return check

    for mode in MODES:
        for result in schema.get_all_operations():
            try:
                checker(result.ok(), mode)()
            except Unsatisfiable:  # nothing to make invalid (no parameters)
                assert mode == GenerationMode.NEGATIVE
    return failures, submitted


def integrity(portal):
    """Half-written objects of the site (a list of what is wrong)."""
    transaction.begin()  # what the server committed
    catalog = portal.portal_catalog
    wrong = []
    cases = []
    for brain in catalog.unrestrictedSearchResults(portal_type="Case"):
        case = brain._unrestrictedGetObject()
        cases.append(case)
        if not case.diary_number or brain.diary_number != case.diary_number:
            wrong.append(f"case without its diary number: {brain.getPath()}")
    for registry in (
        b._unrestrictedGetObject()
        for b in catalog.unrestrictedSearchResults(portal_type="Registry")
    ):
        path = "/".join(registry.getPhysicalPath()) + "/"
        mine = [c for c in cases if "/".join(c.getPhysicalPath()).startswith(path)]
        years = {c.diary_year for c in mine} | set(numbering.counters(registry))
        for year in years:
            taken = sorted(c.diary_sequence for c in mine if c.diary_year == year)
            last = numbering.last_number(registry, year)
            if taken != list(range(1, last + 1)):
                wrong.append(f"diary {path} {year}: counter {last}, numbers {taken}")
        for key, record in IAnnotations(registry).get(tracking.KEY, {}).items():
            with api.env.adopt_roles(["Manager"]):
                found = api.content.get(UID=record["uid"])
            if found is None:
                wrong.append(f"tracking code {key[:8]} of no case")
            elif not found.objectIds():
                wrong.append(f"submission without its form: {found.diary_number}")
    for brain in catalog.unrestrictedSearchResults(portal_type="CaseDocument"):
        doc = brain._unrestrictedGetObject()
        if doc.file is None or not doc.file.getSize():
            wrong.append(f"document without a file: {brain.getPath()}")
    return wrong


def test_schemathesis_finds_no_server_error_and_nothing_half_written(
    site, content, monkeypatch
):
    # the rate limit of @submissions is not what is tested here
    monkeypatch.setattr(abuse, "LIMIT", 10**6)
    started = time.monotonic()
    doc = fetch(site).json()
    assert integrity(site) == []
    cases_before = len(
        site.portal_catalog.unrestrictedSearchResults(portal_type="Case")
    )
    doc = narrowed(doc, site_values(site), _paatos_ids(site))
    base_url = site.absolute_url()
    failures, submitted = run(doc, base_url, None)
    staff_failures, staff_submitted = run(doc, base_url, (STAFF, PASSWORD))
    failures += staff_failures
    report = "\n\n".join(f"{label}\n{curl}\n{text}" for label, curl, text in failures)
    assert failures == [], f"{len(failures)} server errors:\n{report}"
    assert integrity(site) == []
    registered = [
        r
        for r in submitted + staff_submitted
        if r.status_code == 201 and r.json().get("diary_number")
    ]
    cases_after = len(site.portal_catalog.unrestrictedSearchResults(portal_type="Case"))
    assert cases_after - cases_before == len(registered)
    assert time.monotonic() - started < 120


# ---------------------------------------------- regressions of what it found


def test_extracts_post_with_a_body_that_is_not_json_is_a_400(site, content):
    item = content["item"]
    response = requests.post(
        url(site, *item.getPhysicalPath()[2:], "@extracts"),
        data=b"\x1a\xff%S not json",
        headers={**JSON, "Content-Type": "application/json"},
        auth=(STAFF, PASSWORD),
        timeout=60,
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "body"
    assert response.json()["type"] == "BadRequest"
    transaction.begin()
    assert not getattr(item, "deliveries", None)


def test_disposal_lists_post_with_a_body_that_is_not_json_is_a_400(site, content):
    creator = content["case"].aq_parent.aq_parent
    response = requests.post(
        url(site, creator.getId(), "@disposal-lists"),
        data=b"\xff,w not json",
        headers={**JSON, "Content-Type": "application/json"},
        auth=(STAFF, PASSWORD),
        timeout=60,
    )
    assert response.status_code == 400, response.text


def test_a_submission_with_an_attachment_as_documented_is_registered(site, content):
    """The documented ``Submission_feedback`` (with ``attachments``) is what
    the service takes: a body valid against it is a 201 with the file kept."""
    import base64
    import jsonschema

    schema = fetch(site).json()["components"]["schemas"]["Submission_feedback"]
    png = (  # a 1x1 PNG: the type is sniffed from these bytes
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08"
        b"\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00"
        b"\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    body = {
        "kind": "feedback",
        "message": "Katuvalo on rikki, kuva liitteenä.",
        "attachments": [
            {"filename": "katuvalo.txt", "data": base64.b64encode(png).decode()}
        ],
    }
    jsonschema.Draft202012Validator(schema).validate(body)
    assert schema["properties"]["attachments"]["maxItems"] >= 1
    abuse.reset()
    response = requests.post(
        url(site, "@submissions"),
        json=body,
        headers=JSON,
        timeout=120,
    )
    assert response.status_code == 201, response.text
    transaction.begin()
    number = response.json()["diary_number"]
    brain = site.portal_catalog.unrestrictedSearchResults(
        portal_type="Case", diary_number=number
    )[0]
    files = [
        doc.file
        for doc in brain._unrestrictedGetObject().objectValues()
        if getattr(doc, "file", None) is not None
    ]
    assert png in [f.data for f in files]
    assert "katuvalo.png" in [f.filename for f in files]  # named by its content
