"""E-services ``@submissions`` (issue 13) over real HTTP, anonymous.

Each form's submission becomes a registered case (gap-free diary numbers,
the task class, personal data, the due date counted by hand, the form as a
registered incoming PDF/A); schema errors name the field and write nothing;
the honeypot, the rate limit and the body size limit; tracking by code (the
same 404 for a wrong and an unknown code); the case itself stays closed to
the anonymous sender.
"""

from builders import make_registry
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from jsonschema import Draft202012Validator
from municipality.policy.cases import phaselog
from municipality.policy.eservices import abuse
from municipality.policy.eservices import services
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from ZODB.POSException import ConflictError
from zoneinfo import ZoneInfo
import io
import pypdf
import pytest
import requests
import time
import transaction


FI = {"Accept": "application/json", "Accept-Language": "fi"}

VALID = {
    "feedback": {
        "subject": "Leikkipuisto",
        "message": "Koivikon leikkipuiston keinu on rikki.",
        "name": "Maija Meikäläinen",
        "email": "maija@example.fi",
    },
    "information_request": {
        "documents": "Tekninen lautakunta 12.3.2026 § 45 liitteineen",
        "delivery": "email",
        "email": "pyytaja@example.fi",
    },
    "initiative": {
        "title": "Lähiliikuntapaikka Koivikkoon",
        "proposal": "Rakennetaan lähiliikuntapaikka Koivikon koulun viereen.",
        "name": "Matti Virtanen",
        "email": "matti@example.fi",
    },
    "application": {
        "subject": "Poikkeamislupa",
        "description": "Haen lupaa rakentaa aitta ranta-alueelle.",
        "name": "Liisa Laine",
        "address": "Rantatie 1, 12345 Esimerkkilä",
    },
    "rectification_claim": {
        "decision": "Sivistyslautakunta 12.3.2026 § 45",
        "claim": "Päätös on oikaistava ja koulukuljetus myönnettävä.",
        "grounds": "Koulumatka on yli viisi kilometriä.",
        "name": "Emma Laaksonen",
        "email": "emma@example.fi",
    },
}
#: days to the due date, by hand: the law's 14 days, the settings' defaults
DAYS = {
    "feedback": 14,
    "information_request": 14,
    "initiative": 180,
    "application": 30,
    "rectification_claim": 30,
}
#: the plan of the builders has none of the demo plan's classes but
#: 00.01.00; the application's is set in the registry below
TASK_CLASSES = {
    "feedback": "00.01.00",
    "information_request": "00.01.00",
    "initiative": "00.01.00",
    "application": "10.03.02",
    "rectification_claim": "00.01.00",
}
RECORD_TYPES = {
    "feedback": "Kirje",
    "information_request": "Pyyntö",
    "initiative": "Aloite",
    "application": "Hakemus",
    "rectification_claim": "Oikaisuvaatimus",
}
#: a bad submission per form, the field named and (part of) the Finnish message
BAD = {
    "feedback": ({"name": "Maija"}, "message", "Palaute: pakollinen tieto puuttuu"),
    "information_request": (
        {"documents": "Pöytäkirja 3/2026", "delivery": "email"},
        "email",
        "Sähköposti: pakollinen tieto puuttuu",
    ),
    "initiative": (
        {**VALID["initiative"], "name": "x" * 201},
        "name",
        "enintään 200 merkkiä",
    ),
    "application": (
        {k: v for k, v in VALID["application"].items() if k != "address"},
        "email",
        "Sähköposti, Postiosoite",
    ),
    "rectification_claim": (
        {**VALID["rectification_claim"], "email": "ei-osoite"},
        "email",
        "ei ole sähköpostiosoite",
    ),
}


@pytest.fixture
def site(rest_portal):
    with api.env.adopt_roles(["Manager"]):
        make_registry(rest_portal)
        api.portal.set_registry_record(
            "municipality.eservices.application_task_class", "10.03.02"
        )
    transaction.commit()
    abuse.reset()
    yield rest_portal
    abuse.reset()


def url(portal, *parts):
    return "/".join([portal.absolute_url(), "@submissions", *parts])


def submit(portal, kind, data, headers=FI):
    return requests.post(
        url(portal), json={"kind": kind, **data}, headers=headers, timeout=60
    )


def cases(portal):
    transaction.begin()  # see what the server committed
    catalog = portal.portal_catalog
    return {
        brain.diary_number: brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="Case")
    }


def helsinki_today():
    return datetime.now(ZoneInfo("Europe/Helsinki")).date()


def test_schemas_are_published(site):
    listing = requests.get(url(site, "schemas"), headers=FI, timeout=30)
    assert listing.status_code == 200
    items = {item["kind"]: item for item in listing.json()["items"]}
    assert list(items) == list(VALID)
    assert items["information_request"]["title"] == "Tietopyyntö"
    for kind in VALID:
        schema = requests.get(items[kind]["schema"], headers=FI, timeout=30).json()
        Draft202012Validator.check_schema(schema)
        assert schema["$id"] == url(site, "schemas", kind)
        assert Draft202012Validator(schema).is_valid(VALID[kind])
    schema = requests.get(
        url(site, "schemas", "rectification_claim"), headers=FI, timeout=30
    )
    assert schema.json()["title"] == "Oikaisuvaatimus"
    assert "23.59.59" in schema.json()["description"]
    assert set(schema.json()["required"]) == {"decision", "claim", "grounds", "name"}
    missing = requests.get(url(site, "schemas", "lomake"), headers=FI, timeout=30)
    assert missing.status_code == 404


def test_each_form_becomes_a_registered_case(site):
    before = datetime.now(UTC).replace(microsecond=0)
    answers = {}
    for kind, data in VALID.items():
        response = submit(site, kind, data)
        assert response.status_code == 201, response.text
        answers[kind] = response.json()
    after = datetime.now(UTC)
    found = cases(site)
    assert len(found) == 5
    year = helsinki_today().year
    # gap-free, in the order sent: ESIM/<n>/<class>/<year>
    numbers = [answers[kind]["diary_number"] for kind in VALID]
    assert [n.split("/")[1] for n in numbers] == ["1", "2", "3", "4", "5"]
    for kind, answer in answers.items():
        case = found[answer["diary_number"]]
        assert (
            answer["diary_number"]
            == f"ESIM/{numbers.index(answer['diary_number']) + 1}/{TASK_CLASSES[kind]}/{year}"
        )
        assert case.task_class == TASK_CLASSES[kind]
        assert case.personal_data == "personal"
        assert case.due_date == helsinki_today() + timedelta(days=DAYS[kind])
        assert answer["due_date"] == case.due_date.isoformat()
        arrival = datetime.fromisoformat(answer["arrival"])
        assert arrival.utcoffset() in (timedelta(hours=2), timedelta(hours=3))
        assert before <= arrival <= after
        assert len(answer["tracking_code"]) == 32
        assert answer["status_url"] == url(site, answer["tracking_code"])
        name = VALID[kind].get("name")
        assert list(case.parties or []) == ([name] if name else [])
        documents = [o for o in case.objectValues() if o.portal_type == "CaseDocument"]
        assert len(documents) == 1
        document = documents[0]
        assert document.record_type == RECORD_TYPES[kind]
        assert document.direction == "incoming"
        assert api.content.get_state(document) == "registered"
        assert document.file.contentType == "application/pdf"
        assert document.file.data[:5] == b"%PDF-"
        reader = pypdf.PdfReader(io.BytesIO(document.file.data))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b'pdfaid:part="2"' in xmp
        text = reader.pages[0].extract_text()
        assert f"Saapunut sähköisesti: {helsinki_today():%-d.%-m.%Y} klo" in text
        for value in VALID[kind].values():
            if value not in ("email", "post"):
                assert " ".join(value.split()[:2]) in text
    # the anonymous information request has no party
    assert (
        list(found[answers["information_request"]["diary_number"]].parties or []) == []
    )


@pytest.mark.parametrize("kind", list(BAD))
def test_schema_error_names_the_field_and_writes_nothing(site, kind):
    data, field, words = BAD[kind]
    count = len(cases(site))
    response = submit(site, kind, data)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"] == "BadRequest"
    assert body["field"] == field
    assert words in body["message"]
    assert body["errors"][0]["field"] == field
    assert body["errors"][0]["pointer"] == f"/{field}"
    assert len(cases(site)) == count


def test_other_bad_requests(site):
    count = len(cases(site))
    unknown = submit(site, "lomake", {"message": "x"})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "kind")
    extra = submit(site, "feedback", {"message": "Hei", "salainen": "x"})
    assert (extra.status_code, extra.json()["field"]) == (400, "salainen")
    broken = requests.post(url(site), data=b"{kind:", headers=FI, timeout=30)
    assert (broken.status_code, broken.json()["field"]) == (400, "body")
    deep = requests.post(url(site), data=b"[" * 60000, headers=FI, timeout=30)
    assert (deep.status_code, deep.json()["field"]) == (400, "body")
    listed = requests.post(url(site), json=["feedback"], headers=FI, timeout=30)
    assert (listed.status_code, listed.json()["field"]) == (400, "body")
    big = submit(site, "feedback", {"message": "x" * (70 * 1024)})
    assert big.status_code == 413
    assert big.json()["field"] == "body"
    swedish = submit(
        site,
        "feedback",
        {},
        headers={"Accept": "application/json", "Accept-Language": "sv"},
    )
    assert swedish.status_code == 400
    assert "obligatorisk" in swedish.json()["message"]
    assert len(cases(site)) == count


def test_honeypot_looks_accepted_but_writes_nothing(site):
    count = len(cases(site))
    response = submit(site, "feedback", {**VALID["feedback"], "website": "http://x"})
    assert response.status_code == 201
    assert set(response.json()) >= {"diary_number", "tracking_code", "status_url"}
    assert len(cases(site)) == count
    status = requests.get(response.json()["status_url"], headers=FI, timeout=30)
    assert status.status_code == 404


def test_rate_limit_per_address(site, monkeypatch):
    monkeypatch.setattr(abuse, "LIMIT", 2)
    for _ in range(2):
        assert submit(site, "feedback", {}).status_code == 400  # counted too
    refused = submit(site, "feedback", VALID["feedback"])
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= abuse.WINDOW + 1
    assert refused.json()["type"] == "TooManyRequests"
    assert str(wait) in refused.json()["message"]
    assert len(cases(site)) == 0


def test_tracking_shows_status_and_nothing_else(site):
    answer = submit(site, "information_request", VALID["information_request"]).json()
    code = answer["tracking_code"]
    response = requests.get(answer["status_url"], headers=FI, timeout=30)
    assert response.status_code == 200
    status = response.json()
    assert status["diary_number"] == answer["diary_number"]
    assert status["status"] == "Vireillä"
    assert status["due_date"] == (helsinki_today() + timedelta(days=14)).isoformat()
    assert status["decisions"] == []
    texts = [phase["text"] for phase in status["phases"]]
    assert (
        f"Asia kirjattiin vireille diaarinumerolla {answer['diary_number']}." in texts
    )
    assert "Asiakirja kirjattu." in texts  # the form, untitled (personal data)
    assert set(status) == {
        "diary_number",
        "kind",
        "arrival",
        "state",
        "status",
        "due_date",
        "phases",
        "decisions",
    }
    assert "pyytaja@example.fi" not in response.text
    assert "Pöytäkirja" not in response.text and "Tekninen" not in response.text
    # a wrong code (one character changed) and an unknown one: the same 404
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    responses = [
        requests.get(url(site, c), headers=FI, timeout=30)
        for c in (wrong, "x" * 32, "lyhyt")
    ]
    assert {r.status_code for r in responses} == {404}
    assert len({r.text for r in responses}) == 1
    # the code is stored hashed only
    transaction.begin()
    registry = site["esimerkkikunta"]["kirjaamo"]
    assert code not in repr(dict(registry.__annotations__).values())


def test_anonymous_cannot_read_the_case(site):
    answer = submit(site, "feedback", VALID["feedback"]).json()
    case = cases(site)[answer["diary_number"]]
    for path in (case.absolute_url(), case.objectValues()[0].absolute_url()):
        response = requests.get(
            path, headers={"Accept": "application/json"}, timeout=30
        )
        assert response.status_code in (401, 404)
        assert "Koivikon" not in response.text


def test_tracking_follows_the_handling_to_the_decision(site):
    answer = submit(site, "rectification_claim", VALID["rectification_claim"]).json()
    case = cases(site)[answer["diary_number"]]
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        api.content.transition(case, "prepare")
        phaselog.append(
            case, "valmistelu", "Selvitys pyydetty koululta.", note="SISÄINEN HUOMIO"
        )
        phaselog.add(
            case,
            phaselog.DECISION,
            "paatoksenteko",
            data={
                "body": "Sivistyslautakunta",
                "number": 45,
                "resolution": "as_proposed",
                "date": "2026-03-12",
            },
        )
    transaction.commit()
    response = requests.get(answer["status_url"], headers=FI, timeout=30)
    status = response.json()
    assert status["status"] == "Valmistelussa"
    texts = [phase["text"] for phase in status["phases"]]
    assert "Tila: Valmistelussa." in texts
    assert "Selvitys pyydetty koululta." in texts
    assert [d["text"] for d in status["decisions"]] == [
        "Sivistyslautakunta päätti 12.3.2026, 45 §: Hyväksyttiin ehdotuksen mukaisesti"
    ]
    assert "SISÄINEN" not in response.text
    assert "asiointipalvelu" not in response.text  # no agents
    assert "Emma" not in response.text and "koulukuljetus" not in response.text
    assert "no-store" in response.headers["Cache-Control"]
    swedish = requests.get(
        answer["status_url"],
        headers={"Accept": "application/json", "Accept-Language": "sv"},
        timeout=30,
    )
    assert swedish.json()["status"] == "Under beredning"


def test_a_signed_in_sender_needs_no_csrf_token(site):
    response = requests.post(
        url(site),
        json={"kind": "feedback", **VALID["feedback"]},
        headers=FI,
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert response.json()["diary_number"] in cases(site)


def test_a_retried_request_keeps_its_arrival_and_counts_once(site, monkeypatch):
    real = services.intake.submit
    calls = []

    def conflicting(kind, data, arrival, attachments=()):
        calls.append(datetime.now(UTC))
        if len(calls) == 1:
            time.sleep(1.1)
            raise ConflictError("the diary counter was taken")
        return real(kind, data, arrival, attachments)

    monkeypatch.setattr(services.intake, "submit", conflicting)
    response = submit(site, "feedback", VALID["feedback"])
    assert response.status_code == 201, response.text
    assert len(calls) == 2  # the publisher retried once
    arrival = datetime.fromisoformat(response.json()["arrival"])
    assert arrival <= calls[0] < calls[1] - timedelta(seconds=1)
    assert [len(stamps) for stamps in abuse.HITS.values()] == [1]
    number = response.json()["diary_number"]
    assert number.split("/")[1] == "1"  # the failed attempt used no number
    assert list(cases(site)) == [number]
