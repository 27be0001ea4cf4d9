"""The "Vastuut" view: the chain as it stands and why a user has access."""

from builders import make_registry
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.security import grants
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import logout
from plone.app.testing import setRoles
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent
import pytest


SIV = "sivistyslautakunta"


@pytest.fixture
def case(demo_portal):
    setRoles(demo_portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(demo_portal)
    case = api.content.create(
        container=registry,
        type="Case",
        title="Salainen asia",
        public_title="Oppilasasia",
        task_class="00.01.00",
        sub_archive_creator=SIV,
    )
    case.publicity_class = "secret"
    notify(ObjectModifiedEvent(case))
    grants.grant(case, "kirjaaja", "Presenter", reason="sijaisuus")
    return case


def render(portal, place, viewer, **form):
    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)  # as traversal would
    request.form.clear()
    request.form.update(form)
    with api.env.adopt_user(username=viewer):
        return api.content.get_view("vastuut", place, request)()


def test_chain_lists_roles_with_causes(demo_portal, case):
    sector = demo_portal["esimerkkikunta"][SIV]
    html = render(demo_portal, sector, "sivistys-vastuuhenkilo")
    assert "sivistys-valmistelija-ryhma" in html
    assert "Toimialan jäsenyys" in html or "Sector membership" in html
    assert "arkistojohtaja" in html  # the archive creator's chief records officer
    assert case.diary_number in html and "sijaisuus" in html
    assert "Salainen asia" not in html  # only the non-revealing public title


def test_why_has_access(demo_portal, case):
    sector = demo_portal["esimerkkikunta"][SIV]
    html = render(
        demo_portal,
        sector,
        "sivistys-vastuuhenkilo",
        user="sivistys-valmistelija",
        case=case.diary_number,
    )
    verdict = html.split('class="why-verdict"')[1].split("</p>")[0]
    assert "ei ole" not in verdict and "no access" not in verdict
    table = html.split('class="table listing why-access"')[1]
    assert "Valmistelija" in table or "Preparer" in table
    assert "Toimialan jäsenyys" in table or "Sector membership" in table


def test_why_no_access_and_bad_input(demo_portal, case):
    sector = demo_portal["esimerkkikunta"][SIV]
    html = render(
        demo_portal,
        sector,
        "sivistys-vastuuhenkilo",
        user="tekninen-valmistelija",
        case=case.UID(),
    )
    verdict = html.split('class="why-verdict"')[1].split("</p>")[0]
    assert "ei ole" in verdict or "no access" in verdict
    html = render(
        demo_portal,
        sector,
        "sivistys-vastuuhenkilo",
        user="ei-ketaan",
        case="ESIM/999/00.00.00/1999",
    )
    assert html.count('role="alert"') == 2


def test_only_chain_managers_may_see_it(demo_portal, case):
    sector = demo_portal["esimerkkikunta"][SIV]
    assert api.user.has_permission(
        "municipality.policy: View responsibilities",
        username="sivistys-vastuuhenkilo",
        obj=sector,
    )
    assert not api.user.has_permission(
        "municipality.policy: View responsibilities",
        username="sivistys-henkilosto",
        obj=sector,
    )
    assert not api.user.has_permission(
        "municipality.policy: View responsibilities",
        username="tekninen-vastuuhenkilo",
        obj=sector,
    )


def test_why_form_comes_first(demo_portal, case):
    sector = demo_portal["esimerkkikunta"][SIV]
    html = render(demo_portal, sector, "sivistys-vastuuhenkilo")
    assert html.index('id="why-heading"') < html.index('id="chain-heading"')


def test_chain_grouped_by_place_and_role_with_members(demo_portal, case):
    creator = demo_portal["esimerkkikunta"]
    html = render(demo_portal, creator, "arkistojohtaja")
    chain = html.split('id="chain-heading"')[1]
    places = [
        part.split("</a>")[0].rsplit(">", 1)[1]
        for part in chain.split('class="responsibility-place"')[1:]
    ]
    # the archive creator, then each sector and the registry, then the cases
    assert places[0] == creator.Title()
    for sub in ("Sivistyslautakunta", "Tekninen lautakunta", "Kirjaamo"):
        assert sub in places
    sivistys = chain.split("Sivistyslautakunta</a>")[1].split("</section>")[0]
    # translated role titles, never the role ids as text
    assert ">Valmistelija</th>" in sivistys
    assert ">Preparer<" not in sivistys and ">SectorRecordsManager<" not in sivistys
    # not in the demo groups' titles either ("Valmistelija (Sivistys): Preparer")
    assert "Preparer" not in sivistys and "SectorRecordsManager" not in sivistys
    # a group shows its members
    group = sivistys.split("sivistys-valmistelija-ryhma")[1].split("</td>")[0]
    assert 'class="group-members' in group
    member = api.user.get(userid="sivistys-valmistelija")
    assert (member.getProperty("fullname") or "sivistys-valmistelija") in group
    # one row per role: the preparers' role heads its holders once
    assert sivistys.count(">Valmistelija</th>") == 1
    # the case with its own grant is in the folded cases part
    cases = chain.split('class="responsibility-cases"')[1]
    assert case.diary_number in cases and "sijaisuus" in cases


def test_why_public_decided_case_says_so(demo_portal):
    setRoles(demo_portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(demo_portal)
    case = api.content.create(
        container=registry,
        type="Case",
        title="Julkinen asia",
        task_class="00.01.00",
        sub_archive_creator="tekninen-lautakunta",
    )
    case.publicity_class = "public"
    notify(ObjectModifiedEvent(case))
    for transition in ("prepare", "submit", "decide"):
        api.content.transition(obj=case, transition=transition)
    sector = demo_portal["esimerkkikunta"][SIV]
    html = render(
        demo_portal,
        sector,
        "sivistys-vastuuhenkilo",
        user="sivistys-henkilosto",
        case=case.diary_number,
    )
    verdict = html.split('class="why-verdict"')[1].split("</p>")[0]
    assert "ei ole" not in verdict and "no access" not in verdict
    publicity = html.split('class="why-publicity"')[1].split("</p>")[0]
    assert "julkinen ja päätetty" in publicity or "public and decided" in publicity


def test_why_restricted_case_without_access_says_why(demo_portal, case):
    sector = demo_portal["esimerkkikunta"][SIV]
    html = render(
        demo_portal,
        sector,
        "sivistys-vastuuhenkilo",
        user="tekninen-valmistelija",
        case=case.diary_number,
    )
    restriction = html.split('class="why-restriction"')[1].split("</p>")[0]
    assert "ei ole julkinen" in restriction or "not public" in restriction


class TestMenu:
    """The "Tiedonhallinta" entry of the user menu and the links on the pages."""

    def actions(self, portal, user):
        request = portal.REQUEST
        alsoProvides(request, IMunicipalityPolicyLayer)
        request.other.pop("municipality.policy.records_tools", None)
        tool = api.portal.get_tool("portal_actions")
        if user is None:
            logout()
            return [
                a["id"]
                for a in tool.listActionInfos(object=portal, categories=["user"])
            ]
        with api.env.adopt_user(username=user):
            return [
                a["id"]
                for a in tool.listActionInfos(object=portal, categories=["user"])
            ]

    @pytest.mark.parametrize(
        "user, shown",
        [
            ("sivistys-asiakirjavastaava", True),  # records officer, on the sector
            ("sivistys-vastuuhenkilo", True),
            ("arkistojohtaja", True),
            ("sivistys-henkilosto", False),  # staff
            ("sivistys-valmistelija", False),
            (None, False),  # anonymous
        ],
    )
    def test_menu_entry_only_for_officers(self, demo_portal, user, shown):
        assert ("records-tools" in self.actions(demo_portal, user)) is shown

    def test_tools_page_links_where_the_user_may(self, demo_portal):
        request = demo_portal.REQUEST
        alsoProvides(request, IMunicipalityPolicyLayer)
        request.other.pop("municipality.policy.records_tools", None)
        with api.env.adopt_user(username="sivistys-asiakirjavastaava"):
            html = api.content.get_view("tiedonhallinta", demo_portal, request)()
        sector = demo_portal["esimerkkikunta"][SIV].absolute_url()
        assert f'href="{sector}/@@vastuut"' in html
        assert f'href="{sector}/@@delegate-roles"' in html
        assert "@@access-log" not in html  # a records officer reads no access log
        assert "tekninen-lautakunta/@@" not in html

    @pytest.mark.parametrize(
        "user, shown",
        [
            ("arkistojohtaja", True),
            ("kirjaaja", True),
            ("sivistys-asiakirjavastaava", False),  # a sector has no log of its own
        ],
    )
    def test_tools_page_links_the_publication_log(self, demo_portal, user, shown):
        request = demo_portal.REQUEST
        alsoProvides(request, IMunicipalityPolicyLayer)
        request.other.pop("municipality.policy.records_tools", None)
        with api.env.adopt_user(username=user):
            html = api.content.get_view("tiedonhallinta", demo_portal, request)()
        creator = demo_portal["esimerkkikunta"].absolute_url()
        assert (f'href="{creator}/@@publication-log"' in html) is shown
        # never on a sector (the view is an archive creator's)
        assert html.count("@@publication-log") == (1 if shown else 0)
        assert ("records-tools" in self.actions(demo_portal, user)) is True

    def test_links_on_sector_page(self, demo_portal):
        sector = demo_portal["esimerkkikunta"][SIV]
        request = demo_portal.REQUEST
        alsoProvides(request, IMunicipalityPolicyLayer)
        with api.env.adopt_user(username="sivistys-vastuuhenkilo"):
            html = sector()
        links = html.split('class="records-tools-links')[1].split("</nav>")[0]
        for name in ("vastuut", "access-log", "delegate-roles"):
            assert f"{sector.absolute_url()}/@@{name}" in links
        with api.env.adopt_user(username="sivistys-henkilosto"):
            assert "records-tools-links" not in sector()
        assert request is not None

    def test_upgrade_1006_adds_menu_and_indexes_log(self, demo_portal):
        from municipality.policy.security import accesslog
        from zope.annotation.interfaces import IAnnotations

        setup = api.portal.get_tool("portal_setup")
        user_actions = api.portal.get_tool("portal_actions")["user"]
        user_actions.manage_delObjects(["records-tools"])
        setRoles(demo_portal, TEST_USER_ID, ["Manager"])
        case = make_registry(demo_portal) and api.content.create(
            container=demo_portal["esimerkkikunta"]["kirjaamo"],
            type="Case",
            title="Salainen",
            task_class="00.01.00",
            sub_archive_creator=SIV,
        )
        accesslog.append(case, "view", user="vanha-lukija")
        annotations = IAnnotations(demo_portal)
        del annotations[accesslog.INDEX_KEY], annotations[accesslog.COUNT_KEY]
        setup.setLastVersionForProfile("municipality.policy:default", "1005")
        setup.upgradeProfile("municipality.policy:default", dest="1006")
        assert "records-tools" in user_actions.objectIds()
        assert accesslog.INDEX_KEY in annotations
        found = accesslog.query(user="vanha-lukija")
        assert [e["user"] for e in found] == ["vanha-lukija"]
        assert setup.getLastVersionForProfile("municipality.policy:default") == (
            "1006",
        )
