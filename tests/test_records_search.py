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
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from zope.globalrequest import getRequest
import pytest
import requests
import transaction


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
    for obj in (creator, registry, creator["kunnanhallitus"]):
        if api.content.get_state(obj) != "published":  # as on the demo
            api.content.transition(obj=obj, transition="publish")
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


# ---------------------------------------------------------------- served


@pytest.fixture
def served(rest_portal):
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        found = build(rest_portal)
    found["site"] = rest_portal.absolute_url()
    found["year"] = int(found["public"].diary_year)
    transaction.commit()
    return found


def get(url, user, **kwargs):
    kwargs.setdefault("headers", {"Accept-Language": "fi"})
    auth = (user, PASSWORD) if user else None
    return requests.get(url, auth=auth, timeout=120, **kwargs)


def rest(url, user):
    return get(url, user, headers={"Accept": "application/json"})


SECRETS = ("ZEBRAKALA", "KIRAHVIMETSA", "12.01.00", SECRET_PREPARER)


def test_page_for_staff(served):
    url = served["registry"].absolute_url() + "/@@records-search"
    response = get(url, STAFF)
    assert response.status_code == 200
    html = response.text
    assert "Asemakaava Keskusta" in html and "Lausunto" in html
    assert not [word for word in SECRETS if word in html]
    # Finnish: the state titles, the facet legends, the registered document
    assert "Vireillä" in html and "Kirjattu" in html and "Tehtäväluokka" in html
    # accessible structure: facets in fieldsets, the count announced, headers
    assert "<fieldset" in html and "<legend" in html
    assert 'role="status"' in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'method="get"' in html
    # narrowed by a facet without JavaScript: a plain GET
    response = get(url + "?record_type=Lausunto&type=document", STAFF)
    assert response.status_code == 200
    assert "Lausunto" in response.text and "Asemakaava Keskusta" not in response.text
    # a bad year: 400, the page names the field
    response = get(url + "?diary_year=abc", STAFF)
    assert response.status_code == 400 and "diary_year" in response.text


def test_page_not_for_the_public_nor_outsiders(served):
    url = served["registry"].absolute_url() + "/@@records-search"
    response = get(url, None, allow_redirects=False)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "login" in response.headers["Location"]
    response = get(url, OUTSIDER, allow_redirects=False)
    assert response.status_code in (302, 401, 403)
    assert "Asemakaava" not in response.text


def test_csv_export(served):
    base = served["registry"].absolute_url()
    for url in (
        base + "/@@records-search.csv?sort_on=number&sort_order=ascending",
        base + "/@@records-search?format=csv&sort_on=number&sort_order=ascending",
    ):
        response = get(url, STAFF)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        body = response.content.decode("utf-8")
        assert body.startswith("\ufeff")
        lines = body[1:].split("\r\n")
        assert lines[0].split(";")[:4] == [
            "Diaarinumero",
            "Tyyppi",
            "Asiakirjatyyppi",
            "Otsikko",
        ]
        number = served["public"].diary_number
        assert lines[1].startswith(f"{number};Asia;;Asemakaava Keskusta;")
        assert lines[2].startswith(f"{number};Asiakirja;Lausunto;Lausunto;")
        assert lines[3] == ""
        assert not [word for word in SECRETS if word in body]
    response = get(base + "/@@records-search.csv?diary_year=1", STAFF)
    assert response.status_code == 400 and "diary_year" in response.text


def test_rest(served):
    site = served["site"]
    response = rest(f"{site}/@records-search?type=case", STAFF)
    assert response.status_code == 200
    data = response.json()
    assert data["items_total"] == 1
    assert data["items"][0]["title"] == "Asemakaava Keskusta"
    assert data["items"][0]["@type"] == "Case"
    facets = {
        f["name"]: {v["value"]: v["count"] for v in f["values"]} for f in data["facets"]
    }
    assert facets["task_class"] == {"00.01.00": 1}
    assert facets["diary_year"] == {served["year"]: 1}
    assert not [word for word in SECRETS if word in response.text]
    response = rest(f"{site}/@records-search?b_size=1&sort_on=number", REGISTRAR)
    data = response.json()
    assert data["items_total"] == 4 and len(data["items"]) == 1
    assert data["items"][0]["title"] == "Muistio KIRAHVIMETSA"
    assert "next" in data["batching"]
    response = rest(f"{site}/@records-search?task_class=12.01.00", REGISTRAR)
    assert response.json()["items_total"] == 2


@pytest.mark.parametrize(
    "query, field",
    (
        ("diary_year=2o26", "diary_year"),
        ("task_class=99.99.99", "task_class"),
        ("review_state=nothing", "review_state"),
        ("sort_on=x", "sort_on"),
    ),
)
def test_rest_bad_parameter(served, query, field):
    response = rest(f"{served['site']}/@records-search?{query}", STAFF)
    assert response.status_code == 400
    data = response.json()
    assert data["type"] == "BadRequest" and data["field"] == field


def test_rest_who(served):
    site = served["site"]
    assert rest(f"{site}/@records-search", None).status_code == 401
    assert rest(f"{site}/@records-search", OUTSIDER).status_code == 403


def test_rest_search_with_our_indexes(served):
    """plone.restapi's ``@search`` takes our field indexes as parameters and
    answers as the reader: the secret case's class finds nothing for staff."""
    site, year = served["site"], served["year"]
    url = f"{site}/@search?portal_type=Case&task_class=00.01.00&diary_year:int={year}"
    data = rest(url + "&metadata_fields=diary_number", STAFF).json()
    assert [item["title"] for item in data["items"]] == ["Asemakaava Keskusta"]
    assert data["items"][0]["diary_number"] == served["public"].diary_number
    url = f"{site}/@search?portal_type=Case&task_class=12.01.00&diary_year:int={year}"
    assert rest(url, STAFF).json()["items_total"] == 0
    assert rest(url, REGISTRAR).json()["items_total"] == 1
    url = f"{site}/@search?portal_type=CaseDocument&record_type=Muistio&direction=incoming"
    assert rest(url, STAFF).json()["items_total"] == 0
    assert rest(url, REGISTRAR).json()["items_total"] == 1
    url = f"{site}/@search?portal_type=Case&publicity_class=secret&sub_archive_creator=kunnanhallitus"
    assert rest(url, STAFF).json()["items_total"] == 0
    assert rest(url, REGISTRAR).json()["items_total"] == 1


def test_page_fits_a_phone(served, browser):
    """Themed (localhost), 390 px wide: nothing wider than the screen."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    import os

    site = served["site"].replace("127.0.0.1", "localhost")
    browser.set_window_size(390, 844)
    browser.get(site + "/login")
    browser.find_element(By.ID, "__ac_name").send_keys(STAFF)
    browser.find_element(By.ID, "__ac_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[name='buttons.login']").click()
    WebDriverWait(browser, 60).until(lambda driver: driver.get_cookie("__ac"))
    url = served["registry"].absolute_url().replace("127.0.0.1", "localhost")
    browser.get(url + "/@@records-search?record_type=Lausunto")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Asiakirjahaku"
    assert "Hakutuloksia: 1" in browser.find_element(By.ID, "records-search-count").text
    width = browser.execute_script("return document.documentElement.scrollWidth")
    os.makedirs("/tmp/kp/shots-h", exist_ok=True)
    browser.save_screenshot("/tmp/kp/shots-h/records-search-390.png")
    assert width <= 390
    browser.get(url + "/@@diary")
    link = browser.find_element(By.LINK_TEXT, "Hae asioita ja asiakirjoja")
    assert link.get_attribute("href").endswith("/@@records-search")
