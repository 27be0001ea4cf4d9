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
        assert "<caption>" in html
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
