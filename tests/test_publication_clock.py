"""The clock job (issue 12): statutory removal of personal data from the
public web (KuntaL 140 §) and the end of the online period.

Minutes published on day D: deemed known D + 7, last day of appeal
D + 7 + 14 (rectification) or + 30 (municipal appeal), moved past weekends and
Finnish holidays; the marked personal data leaves every public channel on the
day after. The dates below are computed by hand from the calendar.

The served test publishes minutes and an office-holder decision on Tue
4.12.2035: deemed known Tue 11.12.2035; + 14 days = Tue 25.12.2035
(Christmas Day), Wed 26.12. is St Stephen's Day, so the last day of the
rectification claim is Thu 27.12.2035 and the data leaves the web on
Fri 28.12.2035. The online period (24 months by default) ends on 4.12.2037.
"""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from io import BytesIO
from meeting_builders import HELSINKI
from meeting_builders import MEMBERS
from meeting_builders import PASSWORD
from meeting_builders import SECRETARY
from meeting_builders import make_body
from meeting_builders import make_item
from meeting_builders import make_meeting
from meeting_builders import publish_chain
from municipality.policy.meetings import appeals
from municipality.policy.meetings.localroles import reindex_item_security
from municipality.policy.publication import log
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.textfield.value import RichTextValue
import importlib.util
import pathlib
import pypdf
import pytest
import requests
import transaction


SURNAME = "Kuusinenberg"
PERSON_HTML = f'<span class="kp-personal">Aapeli {SURNAME}</span>'
PUBLISHED = datetime(2035, 12, 4, 10, 0, tzinfo=HELSINKI).astimezone(UTC)
DAY_BEFORE_SCRUB = "2035-12-27"
SCRUB_DAY = "2035-12-28"
WITHDRAWAL_DAY = "2037-12-04"
JSON = {"Accept": "application/json"}
TICK = pathlib.Path(__file__).parents[1] / "instance" / "tick.py"


# ------------------------------------------------------------ the law


def test_scrub_day_rectification_plain():
    # Tue 1.12.2026 -> known Tue 8.12. -> last day Tue 22.12. -> Wed 23.12.
    assert appeals.scrub_day(date(2026, 12, 1), "rectification") == date(2026, 12, 23)


def test_scrub_day_rectification_moved_past_christmas():
    # Fri 4.12.2026 -> known Fri 11.12. -> + 14 = Fri 25.12. (Christmas Day),
    # Sat 26.12., Sun 27.12. -> last day Mon 28.12. -> removed Tue 29.12.
    assert appeals.scrub_day(date(2026, 12, 4), "rectification") == date(2026, 12, 29)


def test_scrub_day_municipal_appeal_moved_past_christmas():
    # Wed 18.11.2026 -> known Wed 25.11. -> + 30 = Fri 25.12. -> Mon 28.12.
    # -> removed Tue 29.12.
    assert appeals.scrub_day(date(2026, 11, 18), "municipal_appeal") == date(
        2026, 12, 29
    )
    # Wed 2.12.2026 -> known Wed 9.12. -> + 30 = Fri 8.1.2027 -> Sat 9.1.2027
    assert appeals.scrub_day(date(2026, 12, 2), "municipal_appeal") == date(2027, 1, 9)


# ------------------------------------------------------------ served


def rich(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


def get(url, user=None, **kw):
    auth = (user, PASSWORD) if user else None
    kw.setdefault("timeout", 120)
    return requests.get(url, auth=auth, **kw)


def pdf_text(response):
    assert response.content[:5] == b"%PDF-"
    reader = pypdf.PdfReader(BytesIO(response.content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def load_tick():
    spec = importlib.util.spec_from_file_location("kp_tick_script", TICK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # no `app` global: main() is not run
    return module


def run_tick(portal, day):
    """The command line's main function, as ``--today day``."""
    return load_tick().main(
        portal.getPhysicalRoot(), ["--today", day, "--site", portal.getId()]
    )


@pytest.fixture
def world(rest_portal):
    portal = rest_portal
    body = make_body(portal)  # a committee: rectification claim
    creator = publish_chain(body)
    meeting = make_meeting(body, days_ahead=-7)
    item = make_item(
        portal,
        title="Avustushakemus",
        personal_data="personal",
        presentation=rich(f"<p>Hakija {PERSON_HTML} hakee avustusta.</p>"),
        proposal=rich(f"<p>Myönnetään {PERSON_HTML} avustus.</p>"),
    )
    item.meeting = meeting.UID()
    meeting.agenda = [item.UID()]
    api.content.transition(obj=item, transition="approve")
    api.content.transition(obj=item, transition="schedule")
    reindex_item_security(item)
    meeting.notice_published = meeting.start - timedelta(days=10)
    api.content.transition(obj=meeting, transition="convene")
    api.content.transition(obj=item, transition="publish")
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
    item.number = 1
    item.resolution = "as_proposed"
    item.decision = rich(f"<p>Myönnetään {PERSON_HTML} 500 euron avustus.</p>")
    api.content.transition(obj=item, transition="decide")
    meeting.opened = meeting.start
    meeting.closed = meeting.start + timedelta(hours=1)
    api.content.transition(obj=meeting, transition="sign")
    meeting.minutes_published = PUBLISHED  # the check keeps a stored day
    api.content.transition(obj=meeting, transition="check")
    api.content.transition(obj=item, transition="check")
    case = item.aq_parent
    decision = api.content.create(
        container=case,
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
        "creator": creator,
        "meeting": meeting,
        "item": item,
        "decision": decision,
    }


def public_texts(w):
    """What the public reads on every channel, by channel."""
    site = w["portal"].absolute_url()
    meeting = w["meeting"].absolute_url()
    creator = w["creator"].absolute_url()
    texts = {
        "minutes page": get(f"{meeting}/@@minutes").text,
        "meeting page": get(meeting).text,
        "minutes pdf": pdf_text(get(f"{meeting}/@@minutes.pdf")),
        "rest minutes": get(f"{meeting}/@minutes", headers=JSON).text,
        "decision list": get(f"{creator}/@@office-holder-decisions").text,
        "rest decisions": get(f"{creator}/@office-holder-decisions", headers=JSON).text,
    }
    found = get(f"{site}/@search?SearchableText={SURNAME}", headers=JSON).json()
    texts["rest search"] = " ".join(row["@id"] for row in found["items"])
    # the search page repeats the words searched for: its results are probed
    page = get(f"{site}/@@search?SearchableText={SURNAME}").text
    texts["site search"] = meeting if f'href="{meeting}"' in page else ""
    return texts


def test_scrub_on_the_day_after_the_appeal_period(world):
    portal, item, decision = world["portal"], world["item"], world["decision"]
    meeting_url = world["meeting"].absolute_url()
    published = log.entries(uid=world["meeting"].UID(), action="published")
    assert [row["data"]["what"] for row in published] == ["agenda", "minutes"]

    report = run_tick(portal, DAY_BEFORE_SCRUB)
    assert report["scrubbed_items"] == 0 and report["scrubbed_decisions"] == 0
    before = public_texts(world)
    for channel, text in before.items():
        if channel in ("rest search", "site search"):
            assert meeting_url in text, channel
        else:
            assert SURNAME in text, channel

    # checked minutes replace the agenda on the meeting page: the decision
    assert "500 euron avustus" in before["meeting page"]

    report = run_tick(portal, SCRUB_DAY)
    assert report["scrubbed_items"] == 1
    assert report["scrubbed_decisions"] == 1
    after = public_texts(world)
    for channel, text in after.items():
        if channel in ("rest search", "site search"):
            assert meeting_url not in text, channel
        else:
            assert SURNAME not in text, channel
    assert "Myönnetään" in after["minutes page"]  # the rest of the § stays
    assert "koulukyyti" in after["decision list"]
    # staff still read the full text
    staff = get(f"{meeting_url}/@minutes", SECRETARY, headers=JSON).text
    assert SURNAME in staff

    entries = log.entries(action="scrubbed")
    assert sorted(row["uid"] for row in entries) == sorted([item.UID(), decision.UID()])
    for row in entries:
        assert len(row["sha256"]) == 64 and row["agent"] == log.SYSTEM
    minutes_entry = log.last(world["meeting"], action="published")
    item_entry = log.last(item, action="scrubbed")
    assert item_entry["sha256"] != minutes_entry["sha256"]

    report = run_tick(portal, SCRUB_DAY)  # idempotent
    assert report["scrubbed_items"] == 0 and report["scrubbed_decisions"] == 0
    assert len(log.entries(action="scrubbed")) == 2


def test_withdrawal_after_the_online_period(world):
    portal, meeting = world["portal"], world["meeting"]
    creator_url = world["creator"].absolute_url()
    report = run_tick(portal, "2037-12-03")
    assert report["withdrawn_meetings"] == 0 and report["withdrawn_decisions"] == 0
    assert get(meeting.absolute_url(), headers=JSON).status_code == 200
    assert "Avustuspäätös" in get(f"{creator_url}/@@office-holder-decisions").text

    report = run_tick(portal, WITHDRAWAL_DAY)
    assert report["withdrawn_meetings"] == 1 and report["withdrawn_decisions"] == 1
    assert api.content.get_state(meeting) == "withdrawn"
    anonymous = get(meeting.absolute_url(), headers=JSON)
    assert anonymous.status_code in (401, 404)
    page = get(f"{meeting.absolute_url()}/@@minutes", allow_redirects=False)
    assert page.status_code != 200
    assert get(meeting.absolute_url(), SECRETARY, headers=JSON).status_code == 200
    assert "Avustuspäätös" not in get(f"{creator_url}/@@office-holder-decisions").text
    rest = get(f"{creator_url}/@office-holder-decisions", headers=JSON).text
    assert "Avustuspäätös" not in rest
    withdrawn = log.entries(action="withdrawn")
    assert sorted(row["uid"] for row in withdrawn) == sorted(
        [meeting.UID(), world["decision"].UID()]
    )
    report = run_tick(portal, WITHDRAWAL_DAY)
    assert report["withdrawn_meetings"] == 0 and report["withdrawn_decisions"] == 0


def test_publication_controlpanel(rest_portal):
    portal = rest_portal
    url = f"{portal.absolute_url()}/@@publication-controlpanel"
    owner = requests.get(url, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=60)
    assert owner.status_code == 200
    assert 'name="form.widgets.online_months"' in owner.text
    assert 'name="form.widgets.notice_days"' in owner.text
    anonymous = requests.get(url, allow_redirects=False, timeout=60)
    assert anonymous.status_code != 200
    configlets = api.portal.get_tool("portal_controlpanel").listActions()
    assert "municipality-publication" in [action.getId() for action in configlets]
