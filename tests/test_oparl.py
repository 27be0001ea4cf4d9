"""OParl 1.1 at ``/@oparl`` (issue 13): a crawler walks the whole graph from
``/@oparl/system``, following every URL it finds, validates each object
against the OParl 1.1 JSON Schemas (copied into the package) and the protocol
rules, and probes for leaks: a secret §'s title and texts never appear, marked
personal data goes on its scrub day, a withdrawn meeting shows as deleted only
under ``modified_since``.

Dates as in ``test_publication_clock``: minutes published Tue 4.12.2035, the
personal data leaves the web on Fri 28.12.2035, the online period ends 4.12.2037.
"""

from builders import make_statement
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from meeting_builders import HELSINKI
from meeting_builders import MEMBERS
from meeting_builders import SECRETARY
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from meeting_builders import publish_chain
from municipality.policy.meetings import writeback
from municipality.policy.meetings.localroles import reindex_item_security
from municipality.policy.publication import clock
from plone import api
from plone.app.textfield.value import RichTextValue
import json
import jsonschema
import municipality.policy.opendata
import pathlib
import re
import requests
import time
import transaction


SCHEMAS = (
    pathlib.Path(municipality.policy.opendata.__file__).parent / "schemas" / "oparl-1.1"
)
SURNAME = "Kuusinenberg"
PERSON_HTML = f'<span class="kp-personal">Aapeli {SURNAME}</span>'
SECRET_TITLE = "Salainen Zorbatinen-kauppa"
SECRET_TEXT = "Qwertyvaara-salaisuus"
PUBLISHED = datetime(2035, 12, 4, 10, 0, tzinfo=HELSINKI).astimezone(UTC)
JSON = {"Accept": "application/json"}
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/([A-Za-z]+)$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def schema(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def rich(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


def get(url, **params):
    return requests.get(url, headers=JSON, params=params or None, timeout=120)


def validate(obj, kind=None):
    """``obj`` against its schema, embedded objects (the non-standard ``schema``
    key) against theirs; dates with offsets. Returns the object's type name."""
    found = TYPE.match(obj.get("type", ""))
    assert found, obj.get("type")
    name = found.group(1)
    assert kind in (None, name), (kind, name)
    spec = schema(name)
    if obj.get("deleted"):
        assert set(obj) <= {"id", "type", "deleted", "modified"}, obj
    jsonschema.validators.validator_for(spec, jsonschema.Draft7Validator)(
        spec
    ).validate(obj)
    for prop, value in obj.items():
        rule = spec["properties"].get(prop, {})
        if rule.get("format") == "date-time":
            assert DATETIME.match(value), (prop, value)
        if rule.get("format") == "date":
            assert DATE.match(value), (prop, value)
        if rule.get("type") == "object" and rule.get("schema"):
            validate(value, rule["schema"][: -len(".json")])
        items = rule.get("items") or {}
        if rule.get("type") == "array" and items.get("schema"):
            for element in value:
                validate(element, items["schema"][: -len(".json")])
    return name


def urls_in(value, root):
    if isinstance(value, str):
        if value.startswith(root):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from urls_in(item, root)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item, root)


def crawl(site):
    """Every response of the graph: ``{url: json}``; asserts the protocol rules."""
    root = f"{site}/@oparl"
    queue, seen, pages = [f"{root}/system"], set(), {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = get(url)
        assert response.status_code == 200, (url, response.status_code, response.text)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        pages[url] = data
        if "data" in data and "pagination" in data:
            assert set(data["links"]) >= {"first", "last"}
            for obj in data["data"]:
                validate(obj)
        else:
            assert data["id"] == url, (data["id"], url)
            validate(data)
        queue.extend(u for u in urls_in(data, root) if u not in seen)
    return pages


def make_world(portal):
    body = make_body(portal, term_start=date(2025, 6, 1), term_end=date(2029, 5, 31))
    creator = publish_chain(body)
    meeting = make_meeting(body, days_ahead=-7)
    item = make_item(
        portal,
        title="Avustushakemus",
        personal_data="personal",
        presentation=rich(f"<p>Hakija {PERSON_HTML} hakee avustusta.</p>"),
        proposal=rich(f"<p>Myönnetään {PERSON_HTML} avustus.</p>"),
    )
    secret = make_item(
        portal,
        title=SECRET_TITLE,
        publicity="secret",
        presentation=rich(f"<p>{SECRET_TEXT} esittely.</p>"),
        proposal=rich(f"<p>{SECRET_TEXT} ehdotus.</p>"),
    )
    meeting.agenda = [item.UID(), secret.UID()]
    shown, hidden, on_secret = (
        make_statement(item.aq_parent),
        make_statement(item.aq_parent),
        make_statement(secret.aq_parent),
    )
    item.attachments = [
        {"uid": shown.UID(), "public": True, "ground": None},
        {"uid": hidden.UID(), "public": False, "ground": "JulkL 24.1 § 25 k"},
    ]
    secret.attachments = [{"uid": on_secret.UID(), "public": True, "ground": None}]
    for each in (item, secret):
        each.meeting = meeting.UID()
        api.content.transition(obj=each, transition="approve")
        api.content.transition(obj=each, transition="schedule")
        reindex_item_security(each)
    meeting.notice_published = meeting.start - timedelta(days=10)
    api.content.transition(obj=meeting, transition="convene")
    api.content.transition(obj=meeting, transition="hold")
    common = {
        "deputy_for": None,
        "remote": False,
        "arrived_before": None,
        "left_after": None,
    }
    meeting.participants = [
        {"userid": userid, "name": name, "capacity": "member", **common}
        for userid, (name, _function) in MEMBERS.items()
    ] + [{"userid": SECRETARY, "name": "Sihteeri", "capacity": "secretary", **common}]
    for number, each in enumerate((item, secret), start=1):
        api.content.transition(obj=each, transition="publish")
        each.number = number
        each.resolution = "as_proposed"
    item.decision = rich(f"<p>Myönnetään {PERSON_HTML} 500 euron avustus.</p>")
    secret.decision = rich(f"<p>{SECRET_TEXT} päätös.</p>")
    for each in (item, secret):
        api.content.transition(obj=each, transition="decide")
    meeting.opened = meeting.start
    meeting.closed = meeting.start + timedelta(hours=1)
    api.content.transition(obj=meeting, transition="sign")
    meeting.minutes_published = PUBLISHED
    api.content.transition(obj=meeting, transition="check")
    for each in (item, secret):
        api.content.transition(obj=each, transition="check")
    writeback.apply(item)  # the case decided: its public documents become public
    planned = make_meeting(body, days_ahead=30)  # not public: never in the API
    transaction.commit()
    return creator, meeting, item, secret, planned, (shown, hidden, on_secret)


def test_oparl_graph(rest_portal):
    portal = rest_portal
    site = portal.absolute_url()
    creator, meeting, item, secret, planned, docs = make_world(portal)
    root = f"{site}/@oparl"

    pages = crawl(site)
    text = json.dumps(pages, ensure_ascii=False)
    types = {TYPE.match(o["type"]).group(1) for o in pages.values() if "type" in o}
    assert types >= {
        "System", "Body", "Organization", "Person", "Membership", "LegislativeTerm",
        "Meeting", "AgendaItem", "Paper", "Consultation", "File", "Location",
    }  # fmt: skip
    system = pages[f"{root}/system"]
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["body"] == f"{root}/body"
    body = pages[f"{root}/body/{creator.UID()}"]
    assert body["name"] == creator.Title()

    # the meeting: public § in full (personal data until the scrub), secret § by its public title
    found = pages[f"{root}/meeting/{meeting.UID()}"]
    assert found["start"].endswith(("+02:00", "+03:00"))
    assert (
        found["resultsProtocol"]["accessUrl"]
        == f"{meeting.absolute_url()}/@@minutes.pdf"
    )
    names = [row["name"] for row in found["agendaItem"]]
    assert names == ["Avustushakemus", "Salassa pidettävä asia"]
    assert found["agendaItem"][1]["public"] is False
    assert "resolutionText" not in found["agendaItem"][1]
    assert SURNAME in found["agendaItem"][0]["resolutionText"]
    paper = pages[f"{root}/paper/{item.aq_parent.UID()}"]
    assert paper["reference"] == item.aq_parent.diary_number
    assert f"{root}/meeting/{planned.UID()}" not in text

    # attachments: the public one of the public § only, downloadable by anyone
    files = found["agendaItem"][0]["auxiliaryFile"]
    assert [f["id"] for f in files] == [f"{root}/file/{item.UID()}-{docs[0].UID()}"]
    download = requests.get(files[0]["downloadUrl"], timeout=60)
    assert download.status_code == 200 and download.content[:5] == b"%PDF-"
    for doc in docs[1:]:
        assert doc.UID() not in text
        assert get(f"{root}/file/{secret.UID()}-{doc.UID()}").status_code == 404

    # leak probe: nothing of the secret §, no e-mail, no user ids
    for word in (SECRET_TITLE, SECRET_TEXT, "@example.invalid", "jasen-puheenjohtaja"):
        assert word not in text, word
    assert "Paula Puheenjohtaja" in text  # the names of elected officials are public

    # pagination: 7 people, 3 a page
    url = f"{root}/body/{creator.UID()}/person"
    first = get(url, limit=3).json()
    assert first["pagination"]["totalElements"] == 7
    assert first["pagination"]["totalPages"] == 3
    ids, page = [], first
    while True:
        ids.extend(o["id"] for o in page["data"])
        if "next" not in page["links"]:
            break
        page = get(page["links"]["next"]).json()
    assert ids == [o["id"] for o in get(url).json()["data"]]
    assert len(set(ids)) == 7

    # bad filter values: 400 naming the parameter
    meetings_url = f"{root}/body/{creator.UID()}/meeting"
    for name, value in (
        ("modified_since", "eilen"),
        ("created_until", "2026-13-01"),
        ("limit", "0"),
    ):
        response = get(meetings_url, **{name: value})
        assert response.status_code == 400, name
        assert response.json()["field"] == name

    # the scrub: the marked personal data leaves the API and shows as a change
    before = datetime(2035, 12, 27, tzinfo=HELSINKI).isoformat()
    # objects carry whole seconds and ``modified_since`` is inclusive (a harvester
    # never misses a change made in the second it asks from): start from the next second
    time.sleep(1.05 - datetime.now(HELSINKI).microsecond / 1e6)
    since = datetime.now(HELSINKI).isoformat()
    assert get(meetings_url, modified_since=since).json()["data"] == []
    clock.tick(portal, date(2035, 12, 28))
    transaction.commit()
    changed = get(meetings_url, modified_since=since).json()["data"]
    assert [row["id"] for row in changed] == [f"{root}/meeting/{meeting.UID()}"]
    text = json.dumps(crawl(site), ensure_ascii=False)
    assert SURNAME not in text
    assert "500 euron avustus" in text
    assert (
        get(meetings_url, created_until=before).json()["pagination"]["totalElements"]
        == 1
    )

    # the withdrawal: deleted only under modified_since
    clock.tick(portal, date(2037, 12, 4))
    transaction.commit()
    assert get(meetings_url).json()["data"] == []
    listed = get(meetings_url, modified_since=since).json()["data"]
    assert listed == [
        {
            "id": f"{root}/meeting/{meeting.UID()}",
            "type": "https://schema.oparl.org/1.1/Meeting",
            "deleted": True,
            "modified": listed[0]["modified"],
        }
    ]
    validate(listed[0])
    stub = get(f"{root}/meeting/{meeting.UID()}").json()
    assert stub["deleted"] is True and "name" not in stub
    assert get(f"{root}/meeting/{planned.UID()}").status_code == 404
    assert get(f"{root}/agendaitem/{secret.UID()}").json()["deleted"] is True


def test_answers_a_harvester_without_accept_header(rest_portal):
    """A plain ``curl`` (no ``Accept: application/json``) gets the same JSON,
    a JSON 404 and a 400 naming the parameter, with CORS."""
    root = rest_portal.absolute_url() + "/@oparl"
    system = requests.get(root + "/system", timeout=60)
    assert system.status_code == 200
    assert system.headers["Content-Type"].startswith("application/json")
    assert system.headers["Access-Control-Allow-Origin"] == "*"
    assert system.json()["type"] == "https://schema.oparl.org/1.1/System"
    missing = requests.get(root + "/meeting/no-such-meeting", timeout=60)
    assert missing.status_code == 404
    assert missing.json()["type"] == "NotFound"
    bad = requests.get(root + "/body", params={"limit": "many"}, timeout=60)
    assert bad.status_code == 400
    assert bad.json()["field"] == "limit"
