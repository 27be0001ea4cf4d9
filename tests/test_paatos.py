"""The 6Aika decision API (issue 13) at ``<site>/@paatos/v1/``: a crawler walks
every list (following ``meta.next``) and every object URL, validates each
object against the swagger's definitions (6Aika api-paatos, copied in
``opendata/schemas``), and probes for the secret § and for personal data after
the clock job scrubbed it.

The minutes are published on Tue 4.12.2035 (as in test_publication_clock): the
last day of the rectification claim is Thu 27.12.2035 (Christmas), the marked
personal data leaves the web on Fri 28.12.2035.
"""

from builders import make_statement
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from jsonschema import Draft4Validator
from meeting_builders import HELSINKI
from meeting_builders import MEMBERS
from meeting_builders import SECRETARY
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from meeting_builders import publish_chain
from municipality.policy.meetings.localroles import reindex_item_security
from municipality.policy.publication import clock
from plone import api
from plone.app.textfield.value import RichTextValue
import pathlib
import pytest
import requests
import transaction
import yaml


SWAGGER = (
    pathlib.Path(__file__).parents[1]
    / "src/municipality.policy/src/municipality/policy/opendata/schemas"
    / "6aika-paatos.swagger.yaml"
)
SURNAME = "Kuusinenberg"
PERSON_HTML = f'<span class="kp-personal">Aapeli {SURNAME}</span>'
SECRET = "Oppilashuollon salainen asia Zyxwv"
SECRET_TEXT = "Salainen esittely Qwerty"
PUBLISHED = datetime(2035, 12, 4, 10, 0, tzinfo=HELSINKI).astimezone(UTC)
SCRUB_DAY = date(2035, 12, 28)
#: kind -> the swagger definition of one object
DEFINITIONS = {
    "case": "case",
    "action": "action",
    "event": "Event",
    "organization": "Organization",
    "post": "Post",
    "person": "Person",
    "membership": "Membership",
    "function": "function",
}


def rich(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


JSON = {"Accept": "application/json"}


def get(url, **params):
    return requests.get(url, params=params, headers=JSON, timeout=120)


@pytest.fixture(scope="module")
def swagger():
    with SWAGGER.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def validator(swagger, definition):
    """Draft 4 (Swagger 2.0's definitions) over the swagger's definitions."""
    schema = {"definitions": swagger["definitions"]}
    schema["$ref"] = f"#/definitions/{definition}"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def decide(item, number, decision_html):
    item.number = number
    item.resolution = "as_proposed"
    item.decision = rich(decision_html)
    api.content.transition(obj=item, transition="decide")


@pytest.fixture
def world(rest_portal):
    portal = rest_portal
    body = make_body(portal)
    publish_chain(body)
    meeting = make_meeting(body, days_ahead=-7)
    public = make_item(
        portal,
        title="Avustushakemus",
        personal_data="personal",
        presentation=rich(f"<p>Hakija {PERSON_HTML} hakee avustusta.</p>"),
        proposal=rich(f"<p>Myönnetään {PERSON_HTML} avustus.</p>"),
    )
    secret = make_item(
        portal,
        title=SECRET,
        publicity="secret",
        presentation=rich(f"<p>{SECRET_TEXT}</p>"),
        proposal=rich(f"<p>{SECRET_TEXT}</p>"),
    )
    shown = make_statement(public.aq_parent)
    hidden = make_statement(public.aq_parent)
    hidden.setTitle("Lääkärinlausunto Hidden")
    public.attachments = [
        {"uid": shown.UID(), "public": True, "ground": None},
        {"uid": hidden.UID(), "public": False, "ground": "JulkL 24.1 § 25 k"},
    ]
    secret_doc = make_statement(secret.aq_parent)
    secret.attachments = [{"uid": secret_doc.UID(), "public": True, "ground": None}]
    items = (public, secret)
    for item in items:
        item.meeting = meeting.UID()
        api.content.transition(obj=item, transition="approve")
        api.content.transition(obj=item, transition="schedule")
        reindex_item_security(item)
    meeting.agenda = [item.UID() for item in items]
    meeting.notice_published = meeting.start - timedelta(days=10)
    api.content.transition(obj=meeting, transition="convene")
    for item in items:
        api.content.transition(obj=item, transition="publish")
    api.content.transition(obj=meeting, transition="hold")
    common = {"deputy_for": None, "remote": False}
    common.update({"arrived_before": None, "left_after": None})
    meeting.participants = [
        {"userid": userid, "name": name, "capacity": "member", **common}
        for userid, (name, _function) in MEMBERS.items()
    ] + [{"userid": SECRETARY, "name": "Sihteeri", "capacity": "secretary", **common}]
    public.proposals = [
        {"id": "p1", "by": "jasen-3", "supported_by": ["jasen-4"], "text": "Hylätään."}
    ]
    public.votes = [
        {
            "kind": "open",
            "question": "",
            "proposal": "p1",
            "jaa": "",
            "ei": "Hylätään.",
            "ballots": {},
            "counts": {"jaa": 5, "ei": 2, "tyhja": 0, "poissa": 0},
            "result": "jaa",
            "by_lot": False,
            "by_chair": False,
        }
    ]
    public.dissents = [{"userid": "jasen-3", "text": "Eriävä mielipide."}]
    decide(public, 1, f"<p>Myönnetään {PERSON_HTML} 500 euron avustus.</p>")
    decide(secret, 2, f"<p>{SECRET_TEXT} päätös</p>")
    meeting.opened = meeting.start
    meeting.closed = meeting.start + timedelta(hours=1)
    api.content.transition(obj=meeting, transition="sign")
    meeting.minutes_published = PUBLISHED
    api.content.transition(obj=meeting, transition="check")
    for item in items:
        api.content.transition(obj=item, transition="check")
    decision = api.content.create(
        container=public.aq_parent,
        type="OfficeHolderDecision",
        title="Avustuspäätös",
        decider=SECRETARY,
        post="sivistysjohtaja",
        delegation="Hallintosääntö 42 §",
        text=rich(f"<p>Myönnetään {PERSON_HTML} koulukyyti.</p>"),
        appeal_type="rectification",
        publish_online=True,
    )
    decision.number = 7
    decision.decision_date = date(2035, 12, 4)
    api.content.transition(obj=decision, transition="decide")
    transaction.commit()
    return {
        "portal": portal,
        "base": f"{portal.absolute_url()}/@paatos/v1",
        "public": public,
        "shown": shown,
        "hidden": hidden,
        "secret_doc": secret_doc,
    }


def crawl(base, swagger, limit=2):
    """Every object by kind (id -> JSON), from the lists (paged by ``limit``,
    following ``meta.next``) and again from its own URL; the raw texts too."""
    root = get(f"{base}/")
    assert root.status_code == 200
    assert root.headers["Access-Control-Allow-Origin"] == "*"
    endpoints = root.json()["endpoints"]
    assert sorted(endpoints) == sorted(DEFINITIONS)
    found, texts = {}, [root.text]
    for kind, url in endpoints.items():
        check = validator(swagger, DEFINITIONS[kind])
        vote_check = validator(swagger, "Vote_event")
        objects, pages, next_url = {}, 0, f"{url}?limit={limit}"
        while next_url:
            response = requests.get(next_url, headers=JSON, timeout=120)
            assert response.status_code == 200, (next_url, response.text)
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            texts.append(response.text)
            page = response.json()
            assert page["results"] == page["objects"]
            assert page["count"] == page["meta"]["total_count"]
            assert len(page["objects"]) <= limit
            for obj in page["objects"]:
                check.validate(obj)
                for vote in obj.get("votes", ()):
                    vote_check.validate(vote)
                assert obj["id"] not in objects, (kind, obj["id"])
                objects[obj["id"]] = obj
            next_url = page["meta"].get("next")
            assert next_url == page.get("next")
            pages += 1
        assert len(objects) == page["count"]
        for key, obj in objects.items():
            response = get(obj["url"])
            assert response.status_code == 200
            texts.append(response.text)
            detail = response.json()
            check.validate(detail)
            assert detail == obj
            assert obj["url"] == f"{url}{key}/"
        found[kind] = objects
    return found, "\n".join(texts)


def links(found):
    """Every object URL named in any object: it must be one of the crawled."""
    known = {obj["url"] for objects in found.values() for obj in objects.values()}
    named = set()
    for objects in found.values():
        for obj in objects.values():
            for key in ("case", "event", "post", "organization", "parent", "function"):
                value = obj.get(key)
                if isinstance(value, str):
                    named.add(value)
                elif isinstance(value, dict):
                    named.add(value["url"])
            for key in ("actions", "events", "posts"):
                named.update(obj.get(key) or ())
    return named, known


def test_crawl_validate_and_leak_probe(world, swagger):
    base = world["base"]
    found, text = crawl(base, swagger)
    named, known = links(found)
    assert named <= known

    # two §s and the office-holder decision; the secret § by its public title only
    actions = {obj["title"]: obj for obj in found["action"].values()}
    assert sorted(actions) == [
        "Avustushakemus",
        "Avustuspäätös",
        "Salassa pidettävä asia",
    ]
    hidden = actions["Salassa pidettävä asia"]
    assert hidden["public"] is False
    assert hidden["contents"] == [] and hidden["attachments"] == []
    assert hidden["article_number"] == "2"
    for probe in (SECRET, SECRET_TEXT, world["secret_doc"].absolute_url()):
        assert probe not in text, probe

    shown = actions["Avustushakemus"]
    types = [c["type"] for c in shown["contents"]]
    assert types == ["proposal", "proceedings", "decision"]
    proceedings = shown["contents"][1]["hypertext"]
    assert "Jaana Jäsen: Hylätään." in proceedings
    assert "Jaana Jäsen: Eriävä mielipide." in proceedings
    assert "500 euron avustus" in shown["contents"][2]["hypertext"]
    assert SURNAME in shown["contents"][2]["hypertext"]  # until the scrub day
    assert shown["votes"] == [
        {
            "identifier": "1",
            "result": "jaa",
            "counts": [
                {"option": "jaa", "value": 5},
                {"option": "ei", "value": 2},
                {"option": "tyhja", "value": 0},
                {"option": "poissa", "value": 0},
            ],
        }
    ]
    first, second = shown["attachments"]
    assert first["origin_id"] == world["shown"].UID()
    assert second == {"public": False, "confidentiality_reason": "JulkL 24.1 § 25 k"}
    assert "Lääkärinlausunto Hidden" not in text
    assert world["hidden"].absolute_url() not in text
    assert shown["event"] in {e["url"] for e in found["event"].values()}

    office = actions["Avustuspäätös"]
    assert "event" not in office
    post = found["post"][office["post"].rstrip("/").rsplit("/", 1)[1]]
    assert post["label"] == "sivistysjohtaja"

    # one case (the public § and the decision share it), the secret §'s case
    cases = {obj["register_id"]: obj for obj in found["case"].values()}
    assert len(cases) == 2
    titles = sorted(obj["title"] for obj in cases.values())
    # the secret § 's case by its diary number (no public title given)
    assert titles[0] == "Avustushakemus" and titles[1].startswith("ESIM/")
    assert {obj["register_id"] for obj in cases.values()} == set(titles[1:]) | {
        world["public"].aq_parent.diary_number
    }
    # the registered statement is not open to Anonymous yet: no URL to a 401
    assert first == {
        "public": True,
        "name": "Lausunto",
        "origin_id": first["origin_id"],
    }
    # the archive creator and the body; 7 members and 7 deputies
    classes = sorted(o["classification"] for o in found["organization"].values())
    assert classes == ["archive_creator", "lautakunta"]
    names = {obj["name"] for obj in found["person"].values()}
    assert "Paula Puheenjohtaja" in names and "Vara Paula Puheenjohtaja" in names
    assert len(found["person"]) == 14 and len(found["membership"]) == 14
    roles = sorted(m["role"] for m in found["membership"].values())
    assert roles.count("chair") == 1 and roles.count("deputy_member") == 7

    # the clock job scrubs the marked personal data: gone everywhere
    before = datetime.now(UTC)
    clock.tick(world["portal"], SCRUB_DAY)
    transaction.commit()
    found, text = crawl(base, swagger, limit=50)
    assert SURNAME not in text
    assert "500 euron avustus" in text
    changed = get(f"{base}/action/", modified_since=before.isoformat()).json()
    assert sorted(o["title"] for o in changed["objects"]) == [
        "Avustushakemus",
        "Avustuspäätös",
    ]

    # the online period ends (24 months from 4.12.2035): the meeting is
    # withdrawn, the decision leaves the list; the bodies stay
    clock.tick(world["portal"], date(2037, 12, 4))
    transaction.commit()
    found, text = crawl(base, swagger, limit=50)
    assert found["event"] == {} and found["action"] == {} and found["case"] == {}
    assert len(found["organization"]) == 2


def test_paging_filters_and_bad_parameters(world):
    base = world["base"]
    first = get(f"{base}/person/", limit=5).json()
    assert first["meta"]["total_count"] == 14
    assert len(first["objects"]) == 5 and "previous" not in first["meta"]
    third = get(f"{base}/person/", limit=5, offset=10).json()
    assert len(third["objects"]) == 4 and "next" not in third["meta"]
    assert "offset=5" in third["meta"]["previous"]
    paged = get(f"{base}/person/", page=3, page_size=5).json()
    assert paged["objects"] == third["objects"]

    events = get(f"{base}/event/").json()["objects"]
    assert len(events) == 1
    event = events[0]
    body = int(event["organization"].rstrip("/").rsplit("/", 1)[1])
    on_body = get(f"{base}/action/", organization=body).json()
    assert on_body["count"] == 2
    assert get(f"{base}/action/", event=event["id"]).json()["count"] == 2
    assert get(f"{base}/event/", organization=body + 1).json()["count"] == 0

    for params, name in (
        ({"limit": "x"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"limit": "100000"}, "limit"),
        ({"organization": "abc"}, "organization"),
        ({"modified_since": "eilen"}, "modified_since"),
        ({"modified_since": "2035-12-01T00:00:00"}, "modified_since"),
    ):
        response = get(f"{base}/action/", **params)
        assert response.status_code == 400, params
        assert response.json()["field"] == name
    assert get(f"{base}/function/", case="1").json()["field"] == "case"
    assert get(f"{base}/action/123/").status_code == 404
    # a harvester without Accept: application/json gets the same JSON
    plain = requests.get(f"{base}/event/", timeout=120)
    assert plain.status_code == 200, plain.text[-3000:]
    assert plain.headers["Content-Type"].startswith("application/json")
    assert plain.headers["Access-Control-Allow-Origin"] == "*"
    assert plain.json()["objects"] == events
    plain = requests.get(f"{base}/event/?offset=z", timeout=120)
    assert plain.status_code == 400 and plain.json()["field"] == "offset"
    assert get(f"{base}/nothing/").status_code == 404
