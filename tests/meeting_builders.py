"""Builders of decision-making test content (tests only).

``make_body`` gives a test a committee (Body) in the sub-archive creator
``kunnanhallitus`` of ``builders.make_registry``, with members who are real
users; ``make_meeting`` a meeting of it; ``make_item`` an agenda item drafted
in a registered case. Everything is created as Manager, directly with
plone.api: tests of a behaviour call that behaviour's own API on top.
"""

from builders import make_case
from builders import make_registry
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import setRoles
from zoneinfo import ZoneInfo


HELSINKI = ZoneInfo("Europe/Helsinki")
#: userid -> (full name, function) of the test body's members
MEMBERS = {
    "jasen-puheenjohtaja": ("Paula Puheenjohtaja", "chair"),
    "jasen-vpj": ("Ville Varapuheenjohtaja", "vice_chair"),
    "jasen-3": ("Jaana Jäsen", "member"),
    "jasen-4": ("Jussi Jäsen", "member"),
    "jasen-5": ("Jenni Jäsen", "member"),
    "jasen-6": ("Jari Jäsen", "member"),
    "jasen-7": ("Johanna Jäsen", "member"),
}
#: member userid -> personal deputy userid
DEPUTIES = {userid: f"vara-{userid}" for userid in MEMBERS}
SECRETARY = "sihteeri-testi"
PRESENTER = "esittelija-testi"
PREPARER = "valmistelija-testi"
PASSWORD = "Secret-123456"


def ensure_user(userid, fullname=None):
    if api.user.get(userid=userid) is None:
        api.user.create(
            email=f"{userid}@example.invalid",
            username=userid,
            password=PASSWORD,
            properties={"fullname": fullname or userid},
        )
    return userid


def as_manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)


def make_body(portal, title="Testilautakunta", kind="lautakunta", **fields):
    """A body with seven members and their deputies (users), a secretary and a
    presenter, in sub-archive creator ``kunnanhallitus``."""
    as_manager(portal)
    registry = make_registry(portal)
    sector = registry.aq_parent["kunnanhallitus"]
    members = []
    for userid, (name, function) in MEMBERS.items():
        ensure_user(userid, name)
        deputy = ensure_user(DEPUTIES[userid], f"Vara {name}")
        members.append(
            {
                "userid": userid,
                "name": name,
                "function": function,
                "deputies": [{"userid": deputy, "name": f"Vara {name}"}],
            }
        )
    for userid in (SECRETARY, PRESENTER, PREPARER):
        ensure_user(userid)
    values = {
        "body_kind": kind,
        "sub_archive_creator": "kunnanhallitus",
        "members": members,
        "secretary": SECRETARY,
        "presenters": [PRESENTER],
        "notice_days": 4,
        "appeal_type": "municipal_appeal" if kind == "valtuusto" else "rectification",
    }
    values.update(fields)
    return api.content.create(container=sector, type="Body", title=title, **values)


def publish_chain(body):
    """Publish the body with its sector and archive creator (the public
    reads a body's meetings only through published containers); returns
    the archive creator."""
    sector = body.aq_parent
    creator = sector.aq_parent
    for obj in (creator, sector, body):
        if api.content.get_state(obj) != "published":
            api.content.transition(obj=obj, transition="publish")
    return creator


def make_meeting(body, start=None, days_ahead=10, **fields):
    """A planned meeting of ``body`` (default: 10 days from now at 17:00
    Helsinki time). Datetimes are stored aware in UTC (zoneinfo does not pickle)."""
    if start is None:
        start = (datetime.now(HELSINKI) + timedelta(days=days_ahead)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
    start = start.astimezone(UTC)
    values = {"start": start, "place": "Kunnantalo, valtuustosali"}
    values.update(fields)
    return api.content.create(container=body, type="Meeting", title="Kokous", **values)


def make_item(portal, title="Koulukuljetusten hankinta", publicity="public", **fields):
    """An agenda item (draft) in a new registered case of ``kunnanhallitus``."""
    as_manager(portal)
    registry = make_registry(portal)
    case = make_case(registry, title, publicity, sector="kunnanhallitus")
    values = {
        "preparers": [PREPARER],
        "presenter": PRESENTER,
        "public_title": "Salassa pidettävä asia" if publicity != "public" else None,
    }
    values.update(fields)
    return api.content.create(container=case, type="AgendaItem", title=title, **values)
