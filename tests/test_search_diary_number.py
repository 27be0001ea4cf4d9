"""Site search finds a case by its diary number and shows the number (issue 10).

``@@search`` and the live search's ``@@ajax-search`` on our browser layer;
the catalog shows a case only to those who may view it. Upgrade 1007 indexes
the numbers of existing cases.
"""

from builders import make_registry
from datetime import date
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry import numbering
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import logout
from plone.app.testing import setRoles
from zope.interface import alsoProvides
import json
import pytest


@pytest.fixture
def cases(portal, monkeypatch):
    """Twelve public cases of 2026, pending (the public may not view them
    yet): the last is ``ESIM/12/10.03.02/2026``."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    monkeypatch.setattr(numbering, "today", lambda: date(2026, 3, 1))
    made = [
        register_case(
            registry,
            title=f"Rakennuslupa {i}",
            task_class="10.03.02",
            publicity_class="public",
            personal_data="none",
        )
        for i in range(1, 13)
    ]
    assert made[-1].diary_number == "ESIM/12/10.03.02/2026"
    return made


def view(portal, name, text, clone=True):
    """The view on a new request (a page: on the test's request, whose user
    the toolbar needs)."""
    request = portal.REQUEST.clone() if clone else portal.REQUEST
    request.form.clear()
    request.form["SearchableText"] = text
    request["LANGUAGE"] = "fi"
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "fi"
    alsoProvides(request, IMunicipalityPolicyLayer)
    return api.content.get_view(name, portal, request)


def found(portal, text):
    """Diary numbers of the cases ``@@search`` finds for ``text``."""
    return sorted(
        brain.diary_number
        for brain in view(portal, "search", text).results(batch=False)
        if brain.portal_type == "Case"
    )


class TestSearchByNumber:
    @pytest.mark.parametrize(
        "text",
        [
            "ESIM/12/10.03.02/2026",
            "esim/12/10.03.02/2026",
            "12/2026",
            "ESIM/12/10",
            "Rakennuslupa 12/2026",
        ],
    )
    def test_finds_the_case_by_its_number_or_part(self, portal, cases, text):
        assert found(portal, text) == ["ESIM/12/10.03.02/2026"]

    def test_number_and_year_is_exact(self, portal, cases):
        assert found(portal, "2/2026") == ["ESIM/2/10.03.02/2026"]
        assert found(portal, "12/2025") == []

    def test_title_words_still_found(self, portal, cases):
        assert len(found(portal, "Rakennuslupa")) == 12

    def test_anonymous_does_not_find_a_case_they_may_not_view(self, portal, cases):
        logout()
        assert found(portal, "ESIM/12/10.03.02/2026") == []
        assert found(portal, "12/2026") == []


class TestResultsShowTheNumber:
    def test_search_page_shows_the_diary_number(self, portal, cases):
        """Seen by the public once the (public) case is decided."""
        for transition in ("prepare", "submit", "decide"):
            api.content.transition(obj=cases[-1], transition=transition)
        logout()
        html = view(portal, "search", "12/2026", clone=False)()
        result = html.split('class="kp-search-diary-number', 1)[1].split("</div>")[0]
        assert "Diaarinumero" in result
        assert "ESIM/12/10.03.02/2026" in result
        assert cases[-1].absolute_url() in html

    def test_live_search_title_starts_with_the_number(self, portal, cases):
        data = json.loads(view(portal, "ajax-search", "12/2026")())
        assert [item["title"] for item in data["items"]] == [
            "ESIM/12/10.03.02/2026 Rakennuslupa 12"
        ]

    def test_other_results_unchanged(self, portal, cases):
        api.content.create(
            container=portal, type="Document", id="ohje", title="Rakennusohje"
        )
        data = json.loads(view(portal, "ajax-search", "Rakennusohje")())
        assert [item["title"] for item in data["items"]] == ["Rakennusohje"]


class OldText:
    """What an existing case had in SearchableText before 1007: its title."""

    def __init__(self, text):
        self.SearchableText = text


def test_upgrade_1007_indexes_numbers_of_existing_cases(portal, cases, setup_tool):
    catalog = api.portal.get_tool("portal_catalog")
    # as it was at 1006: no diary_sequence index or columns, titles only
    catalog.delIndex("diary_sequence")
    catalog.delColumn("diary_year")
    catalog.delColumn("diary_sequence")
    text_index = catalog._catalog.getIndex("SearchableText")
    for case in cases:
        (brain,) = catalog.unrestrictedSearchResults(UID=case.UID())
        text_index.index_object(brain.getRID(), OldText(case.Title()))
    assert found(portal, "12/2026") == []
    assert found(portal, "ESIM/12/10.03.02/2026") == []
    setup_tool.setLastVersionForProfile("municipality.policy:default", "1006")
    setup_tool.upgradeProfile("municipality.policy:default", dest="1007")
    assert setup_tool.getLastVersionForProfile("municipality.policy:default") == (
        "1007",
    )
    assert found(portal, "12/2026") == ["ESIM/12/10.03.02/2026"]
    assert found(portal, "ESIM/12/10.03.02/2026") == ["ESIM/12/10.03.02/2026"]
    assert "diary_sequence" in catalog.indexes()
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case", sort_on=("diary_year", "diary_sequence")
    )
    assert [b.diary_sequence for b in brains] == list(range(1, 13))
    assert {b.diary_year for b in brains} == {2026}
    assert len(found(portal, "Rakennuslupa")) == 12
