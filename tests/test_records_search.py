"""The records search for staff (issue 15): ``search.records``, the page
``@@records-search``, its CSV and ``GET @records-search``, and plone.restapi's
``@search`` with our field indexes.

Records: a public case and a secret case in ``kunnanhallitus``, a statement
in the public case and a memo in the secret one. ``kh-henkilosto`` is Staff of
``kunnanhallitus`` (reads the public case, not the secret one), ``kirjaaja``
is Registrar of the archive creator (reads both), ``ulkopuolinen`` has no role.
"""

from builders import make_case
from builders import make_registry
from builders import make_statement
from municipality.policy.search import records
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from zope.globalrequest import getRequest
import pytest


PASSWORD = "Haku-2026-salasana"
STAFF = "kh-henkilosto"
REGISTRAR = "kirjaaja-haku"
OUTSIDER = "ulkopuolinen"
SECRET_PREPARER = "salainen-valmistelija"


def build(portal):
    """The records and users of the module docstring; returns a dict."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    registry = make_registry(portal)
    creator = registry.aq_parent
    for user_id in (
        STAFF,
        REGISTRAR,
        OUTSIDER,
        SECRET_PREPARER,
        "julkinen-valmistelija",
    ):
        if api.user.get(userid=user_id) is None:
            api.user.create(
                email=f"{user_id}@example.invalid",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": user_id.capitalize()},
            )
    api.user.grant_roles(username=STAFF, obj=creator["kunnanhallitus"], roles=["Staff"])
    api.user.grant_roles(username=REGISTRAR, obj=creator, roles=["Registrar"])
    public = make_case(
        registry,
        "Asemakaava Keskusta",
        "public",
        sector="kunnanhallitus",
        preparer="julkinen-valmistelija",
    )
    statement = make_statement(public)
    secret = make_case(
        registry,
        "Salainen ZEBRAKALA oppilashuolto",
        "secret",
        sector="kunnanhallitus",
        public_title="Oppilashuoltoasia",
        preparer=SECRET_PREPARER,
    )
    # a task class only the secret case has
    secret.task_class = "12.01.00"
    secret.reindexObject()
    memo = make_statement(secret)
    memo.title = "Muistio KIRAHVIMETSA"
    memo.record_type = "Muistio"
    memo.reindexObject()
    return {
        "registry": registry,
        "public": public,
        "statement": statement,
        "secret": secret,
        "memo": memo,
    }


def run(registry, user, **form):
    """The search as ``user`` (None: anonymous)."""
    if user is None:
        logout()
    else:
        login(api.portal.get(), user)
    request = getRequest()
    query = records.parse(form, registry)
    return records.Search(registry, request, query)


def uids(search):
    return {record.brain.UID for record in search.matching}


def counts(search):
    return {
        facet["name"]: {item["value"]: item["count"] for item in facet["values"]}
        for facet in search.facets()
    }


@pytest.fixture
def world(portal):
    return build(portal)


def test_staff_find_what_they_may_read_only(world):
    search = run(world["registry"], STAFF)
    assert uids(search) == {world["public"].UID(), world["statement"].UID()}
    facets = counts(search)
    # the statement has its case's task class: the case may be read
    assert facets["task_class"] == {"00.01.00": 2}
    assert facets["preparer"] == {"julkinen-valmistelija": 2}
    assert facets["record_type"] == {"Lausunto": 1}
    assert "12.01.00" not in str(search.facets())
    assert SECRET_PREPARER not in str(search.facets())
    rows = search.rows()
    assert "ZEBRAKALA" not in str(rows) and "KIRAHVIMETSA" not in str(rows)


def test_registrar_sees_the_secret_case_and_its_counts(world):
    search = run(world["registry"], REGISTRAR)
    assert uids(search) == {
        world[key].UID() for key in ("public", "statement", "secret", "memo")
    }
    facets = counts(search)
    assert facets["task_class"] == {"00.01.00": 2, "12.01.00": 2}
    assert facets["record_type"] == {"Lausunto": 1, "Muistio": 1}
    assert facets["review_state"] == {"vireilla": 2, "registered": 2}
    titles = {row["title"] for row in search.rows()}
    assert "Salainen ZEBRAKALA oppilashuolto" in titles


def test_text_and_facets_narrow_and_counts_stay_disjunctive(world):
    registry = world["registry"]
    search = run(registry, REGISTRAR, q="Asemakaava")
    assert uids(search) == {world["public"].UID()}
    search = run(registry, REGISTRAR, record_type="Lausunto")
    assert uids(search) == {world["statement"].UID()}
    # the other record type is still offered, with its own count
    facets = counts(search)
    assert facets["record_type"] == {"Lausunto": 1, "Muistio": 1}
    assert facets["task_class"] == {"00.01.00": 1}
    search = run(registry, REGISTRAR, task_class="12.01.00", type="document")
    assert uids(search) == {world["memo"].UID()}
    search = run(registry, REGISTRAR, task_class=["12.01.00", "00.01.00"], type="case")
    assert uids(search) == {world["public"].UID(), world["secret"].UID()}
    search = run(registry, REGISTRAR, preparer=SECRET_PREPARER)
    assert uids(search) == {world["secret"].UID(), world["memo"].UID()}
    # a staff member may not narrow by a value they cannot see
    search = run(registry, STAFF, task_class="12.01.00")
    assert uids(search) == set()


def test_sorting(world):
    registry = world["registry"]
    search = run(
        registry, REGISTRAR, type="case", sort_on="title", sort_order="ascending"
    )
    assert [r.brain.Title for r in search.matching] == [
        "Asemakaava Keskusta",
        "Salainen ZEBRAKALA oppilashuolto",
    ]
    search = run(registry, REGISTRAR, sort_on="number", sort_order="ascending")
    # the public case got the smaller number; each case's documents follow it
    assert [r.brain.UID for r in search.matching] == [
        world[key].UID() for key in ("public", "statement", "secret", "memo")
    ]
    search = run(registry, REGISTRAR, sort_on="number")
    assert world["memo"].UID() == search.matching[0].brain.UID


def test_batching(world):
    search = run(
        world["registry"],
        REGISTRAR,
        b_size="3",
        sort_on="number",
        sort_order="ascending",
    )
    assert len(search.page()) == 3 and search.total == 4
    search = run(
        world["registry"],
        REGISTRAR,
        b_size="3",
        b_start="3",
        sort_on="number",
        sort_order="ascending",
    )
    assert [r.brain.UID for r in search.page()] == [world["memo"].UID()]


@pytest.mark.parametrize(
    "form, field",
    (
        ({"diary_year": "20x6"}, "diary_year"),
        ({"diary_year": "26"}, "diary_year"),
        ({"task_class": "99.99.99"}, "task_class"),
        ({"review_state": "published"}, "review_state"),
        ({"publicity_class": "very_secret"}, "publicity_class"),
        ({"record_type": "Nonsense"}, "record_type"),
        ({"direction": "sideways"}, "direction"),
        ({"sub_archive_creator": "nobody"}, "sub_archive_creator"),
        ({"preparer": "no-such-user"}, "preparer"),
        ({"type": "folder"}, "type"),
        ({"sort_on": "modified"}, "sort_on"),
        ({"sort_order": "up"}, "sort_order"),
        ({"b_size": "0"}, "b_size"),
        ({"b_start": "-1"}, "b_start"),
        ({"q": "x" * 501}, "q"),
    ),
)
def test_bad_parameters_name_their_field(world, form, field):
    with pytest.raises(records.InvalidParameter) as raised:
        records.parse(form, world["registry"])
    assert raised.value.field == field


def test_who_may_search(world):
    registry = world["registry"]
    logout()
    assert not records.may_search(registry)
    for user, expected in ((STAFF, True), (REGISTRAR, True), (OUTSIDER, False)):
        login(api.portal.get(), user)
        assert records.may_search(registry) is expected, user
