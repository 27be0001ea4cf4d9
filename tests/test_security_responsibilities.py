"""The "Vastuut" view: the chain as it stands and why a user has access."""

from builders import make_registry
from municipality.policy.security import grants
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.event import notify
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
