"""The diary listing: ``@@diary`` (filters, sorting, batching), CSV and ``@diary``."""

from builders import make_registry
from datetime import date
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry import numbering
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from zope.interface import alsoProvides
import csv
import io
import pytest
import requests
import transaction


JSON = {"Accept": "application/json"}
AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

CASES = (
    # year, title, public title, class, preparer, sub-archive creator, publicity
    (2025, "Vanha talousarvio", "", "02.05.01", "kirjaaja", "kunnanhallitus", "public"),
    (
        2026,
        "Rakennuslupa, Kuja 1",
        "",
        "10.03.02",
        "rakentaja",
        "tekninen-lautakunta",
        "public",
    ),
    (
        2026,
        "Lastensuojeluilmoitus, Matti M.",
        "Lastensuojeluasia",
        "12.01.00",
        "sosiaali",
        "kunnanhallitus",
        "secret",
    ),
    (2026, "Talousarvio 2027", "", "02.05.01", "kirjaaja", "kunnanhallitus", "public"),
)


def fill(portal, monkeypatch):
    registry = make_registry(portal)
    made = []
    for year, title, public_title, code, preparer, sub, publicity in CASES:
        monkeypatch.setattr(numbering, "today", lambda year=year: date(year, 2, 1))
        case = register_case(
            registry,
            title=title,
            public_title=public_title,
            task_class=code,
            preparer=preparer,
            sub_archive_creator=sub,
            initiated=date(year, 2, 1),
        )
        case.publicity_class = publicity
        case.reindexObject()
        made.append(case)
    api.content.transition(obj=made[1], transition="prepare")
    return registry, made


@pytest.fixture
def diary(portal, monkeypatch):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry, made = fill(portal, monkeypatch)
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    yield registry, made


def render(registry, name="diary", **form):
    request = registry.REQUEST
    request.form.clear()
    request.form.update(form)
    return api.content.get_view(name, registry, request)()


class TestDiaryView:
    def test_lists_all_with_numbers_and_headers(self, diary):
        registry, made = diary
        html = render(registry)
        for case in made:
            assert case.diary_number in html
        assert '<th scope="col">' in html
        assert "<caption" in html
        assert 'for="diary-year"' in html and 'id="diary-year"' in html

    @pytest.mark.parametrize(
        "form, expected",
        [
            ({"year": "2025"}, [0]),
            ({"year": "2026", "task_class": "02.05.01"}, [3]),
            ({"review_state": "valmistelussa"}, [1]),
            ({"preparer": "kirjaaja"}, [0, 3]),
            ({"sub_archive_creator": "tekninen-lautakunta"}, [1]),
        ],
    )
    def test_filters(self, diary, form, expected):
        registry, made = diary
        html = render(registry, **form)
        shown = [i for i, case in enumerate(made) if case.diary_number in html]
        assert shown == expected

    def test_sorting_and_batching(self, diary):
        registry, made = diary
        html = render(registry, sort_on="title", sort_order="ascending", b_size="2")
        body = html.split("<tbody>")[1]
        assert body.index("Lastensuojeluilmoitus") < body.index("Rakennuslupa")
        assert 'rel="next"' in html and "Talousarvio 2027" not in body
        html = render(
            registry, sort_on="title", sort_order="ascending", b_size="2", b_start="2"
        )
        assert 'rel="prev"' in html and "Vanha talousarvio" in html.split("<tbody>")[1]

    @pytest.mark.parametrize(
        "form", [{"year": "20x6"}, {"sort_on": "secret"}, {"b_size": "-1"}]
    )
    def test_bad_filter_is_an_error(self, diary, form):
        registry, _made = diary
        html = render(registry, **form)
        assert registry.REQUEST.response.getStatus() == 400
        assert 'role="alert"' in html

    def test_csv_export(self, diary):
        registry, made = diary
        made[3].title = "=HYPERLINK(1)"
        made[3].reindexObject()
        data = render(
            registry, "diary.csv", year="2026", sort_on="number", sort_order="ascending"
        )
        assert registry.REQUEST.response.getHeader("Content-Type").startswith(
            "text/csv"
        )
        rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff")), delimiter=";"))
        assert len(rows) == 4
        assert [row[0] for row in rows[1:]] == [c.diary_number for c in made[1:]]
        assert rows[3][1] == "'=HYPERLINK(1)"
        assert render(registry, "diary.csv", year="x").startswith("year:")
        assert registry.REQUEST.response.getStatus() == 400


@pytest.fixture
def rest_diary(rest_portal, monkeypatch):
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    login(rest_portal, TEST_USER_NAME)
    registry, made = fill(rest_portal, monkeypatch)
    logout()
    transaction.commit()
    yield rest_portal, made


class TestDiaryService:
    def test_batched_listing(self, rest_diary):
        portal, made = rest_diary
        url = portal.absolute_url() + "/@diary"
        response = requests.get(
            url,
            params={
                "year": 2026,
                "b_size": 2,
                "sort_on": "number",
                "sort_order": "ascending",
            },
            headers=JSON,
            auth=AUTH,
            timeout=30,
        )
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["items_total"] == 3
        assert [i["diary_number"] for i in data["items"]] == [
            made[1].diary_number,
            made[2].diary_number,
        ]
        assert "next" in data["batching"]
        item = data["items"][0]
        assert item["task_class"] == "10.03.02"
        assert item["review_state"] == "valmistelussa"
        assert item["status"]
        assert item["initiated"] == "2026-02-01"

    def test_secret_case_shows_public_title_to_outsiders(self, rest_diary):
        portal, made = rest_diary
        url = portal.absolute_url() + "/@diary"
        anonymous = requests.get(url, params={"year": 2026}, headers=JSON, timeout=30)
        assert anonymous.status_code == 200, anonymous.text
        titles = {i["diary_number"]: i["title"] for i in anonymous.json()["items"]}
        assert titles[made[2].diary_number] == "Lastensuojeluasia"
        assert "Matti" not in anonymous.text
        assert titles[made[1].diary_number] == "Rakennuslupa, Kuja 1"
        owner = requests.get(
            url, params={"year": 2026}, headers=JSON, auth=AUTH, timeout=30
        )
        titles = {i["diary_number"]: i["title"] for i in owner.json()["items"]}
        assert titles[made[2].diary_number] == "Lastensuojeluilmoitus, Matti M."

    @pytest.mark.parametrize(
        "params, field",
        [
            ({"year": "kaksi"}, "year"),
            ({"b_size": "x"}, "b_size"),
            ({"b_start": "-3"}, "b_start"),
            ({"sort_on": "Title"}, "sort_on"),
        ],
    )
    def test_bad_parameters_400(self, rest_diary, params, field):
        portal, _made = rest_diary
        response = requests.get(
            portal.absolute_url() + "/@diary", params=params, headers=JSON, timeout=30
        )
        assert response.status_code == 400
        assert response.json()["error"]["field"] == field


def render_in(registry, language, **form):
    """Render ``@@diary`` for a new request in ``language`` (a request
    negotiates its language once)."""
    request = registry.REQUEST.clone()
    request.environ["HTTP_ACCEPT_LANGUAGE"] = language
    request["LANGUAGE"] = language
    request.form.update(form)
    alsoProvides(request, IMunicipalityPolicyLayer)
    return api.content.get_view("diary", registry, request)()


def option_values(html, select_id):
    """The option values of the select ``select_id`` (None: no such select)."""
    if f'id="{select_id}"' not in html:
        return None
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('value="')[1:]]


def label_text(html, for_id):
    after = html.split(f'for="{for_id}"', 1)[1]
    return after.split(">", 1)[1].split("</label>", 1)[0].strip()


class TestDiaryVisitor:
    """Filters work only over what the visitor sees (issue 10)."""

    @pytest.fixture
    def public_diary(self, diary):
        """The first case decided (anonymous may view it); the secret case
        has an incoming document; then the visitor is anonymous."""
        from municipality.policy.documents.api import create_document

        registry, made = diary
        for transition in ("prepare", "submit", "decide"):
            api.content.transition(obj=made[0], transition=transition)
        create_document(
            made[2],
            title="Ilmoitus",
            file=(b"x", "ilmoitus.txt"),
            record_type="Ilmoitus",
            direction="incoming",
        )
        logout()
        yield registry, made
        login(registry.aq_parent.aq_parent, TEST_USER_NAME)

    def test_anonymous_is_offered_only_preparers_of_cases_they_may_view(
        self, public_diary
    ):
        registry, _made = public_diary
        html = render(registry)
        assert option_values(html, "diary-preparer") == ["", "kirjaaja"]

    def test_no_preparer_filter_without_viewable_cases(self, diary):
        registry, _made = diary
        logout()
        html = render(registry)
        assert option_values(html, "diary-preparer") is None
        assert "diary-year" in html

    @pytest.mark.parametrize(
        "form", [{"preparer": "sosiaali"}, {"direction": "incoming"}]
    )
    def test_posted_filter_does_not_match_cases_the_visitor_may_not_view(
        self, public_diary, form
    ):
        registry, made = public_diary
        html = render(registry, **form)
        assert made[2].diary_number not in html
        assert "Lastensuojeluasia" not in html

    def test_staff_filter_matches_what_they_see(self, public_diary):
        registry, made = public_diary
        login(registry.aq_parent.aq_parent, TEST_USER_NAME)
        html = render(registry, direction="incoming")
        assert [c.diary_number in html for c in made] == [False, False, True, False]
        assert "sosiaali" in option_values(render(registry), "diary-preparer")

    def test_options_are_from_this_registrys_rows(self, diary):
        registry, _made = diary
        html = render(registry)
        assert option_values(html, "diary-year") == ["", "2026", "2025"]
        assert option_values(html, "diary-class") == [
            "",
            "02.05.01",
            "10.03.02",
            "12.01.00",
        ]


class TestDiaryPresentation:
    def test_newest_first_is_by_running_number(self, portal, monkeypatch):
        """Case 10 and 11 created first (e.g. imported) still sort by number:
        11, 10, 9, ..., 1; and 2 before 10 ascending."""
        setRoles(portal, TEST_USER_ID, ["Manager"])
        registry = make_registry(portal)
        monkeypatch.setattr(numbering, "today", lambda: date(2026, 3, 1))
        cases = [
            register_case(registry, title=f"Asia {i}", task_class="00.01.00")
            for i in range(1, 12)
        ]
        from DateTime import DateTime

        for case in cases:
            late = case.diary_sequence < 10
            case.creation_date = DateTime("2026/03/02" if late else "2026/03/01")
            case.reindexObject()
        alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
        body = render(registry).split("<tbody>")[1]
        numbers = [c.diary_number for c in cases]
        positions = [body.index(n + "<") for n in numbers]
        assert positions == sorted(positions, reverse=True)
        body = render(registry, sort_order="ascending").split("<tbody>")[1]
        assert body.index(numbers[1] + "<") < body.index(numbers[9] + "<")

    @pytest.mark.parametrize(
        "language, direction, order",
        [
            ("fi", "Asiakirjan suunta", "Järjestys"),
            ("sv", "Handlingens riktning", "Ordning"),
            ("en", "Document direction", "Order"),
        ],
    )
    def test_direction_and_order_have_distinct_labels(
        self, diary, language, direction, order
    ):
        registry, _made = diary
        html = render_in(registry, language)
        assert label_text(html, "diary-direction") == direction
        assert label_text(html, "diary-order") == order

    @pytest.mark.parametrize(
        "language, shown",
        [("fi", "1.2.2026"), ("sv", "1.2.2026"), ("en", "Feb 01, 2026")],
    )
    def test_dates_in_the_readers_language(self, diary, language, shown):
        registry, _made = diary
        html = render_in(registry, language, year="2026", task_class="10.03.02")
        assert f'<time datetime="2026-02-01">{shown}</time>' in html
        assert "2026-02-01<" not in html

    def test_filters_behind_a_disclosure_with_labels(self, diary):
        registry, _made = diary
        html = render(registry)
        details = html.split('<details class="kp-diary-filters"', 1)[1].split(
            "</details>"
        )[0]
        assert "<summary>" in details and "Rajaa hakua" in details
        assert " open" not in details.split(">", 1)[0]
        for select_id in ("diary-year", "diary-class", "diary-state", "diary-sort"):
            assert f'for="{select_id}"' in details
        assert '<th scope="col"' in html and "<caption" in html


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 1000)])
def test_diary_fits_the_screen_with_the_first_row_on_it(
    browser, demo_rest_portal, width, height
):
    """A 390 px phone and a desktop: no sideways page scroll, the table fits
    its region, the filters are behind "Rajaa hakua" and the first row is on
    the first screen (the theme's CSS: on the ``localhost`` host name)."""
    from selenium.webdriver.common.by import By

    transaction.commit()
    base = demo_rest_portal.absolute_url().replace("127.0.0.1", "localhost")
    browser.set_window_size(width, height)
    browser.get(base + "/esimerkkikunta/kirjaamo/@@diary")
    summary = browser.find_element(By.CSS_SELECTOR, "details.kp-diary-filters summary")
    assert summary.text  # "Rajaa hakua" (the wording: TestDiaryPresentation)
    found = browser.execute_script(
        """
        const table = document.querySelector('table.diary-table');
        const row = table.querySelector('tbody tr');
        return {
          page: document.documentElement.scrollWidth,
          screen: window.innerWidth,
          screenHeight: window.innerHeight,
          table: table.getBoundingClientRect().width,
          region: table.parentElement.getBoundingClientRect().width,
          rowBottom: row.getBoundingClientRect().bottom,
        };
        """
    )
    assert found["page"] <= found["screen"]
    assert found["table"] <= found["region"] + 1
    assert found["rowBottom"] <= found["screenHeight"]
    assert not browser.find_element(By.ID, "diary-year").is_displayed()
    summary.click()
    assert browser.find_element(By.ID, "diary-year").is_displayed()
