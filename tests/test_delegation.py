"""Grants with causes, the sector local-role provider and delegation rules."""

from builders import make_registry
from municipality.policy.cases import phaselog
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.security import delegation
from municipality.policy.security import grants
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent
import pytest
import re


SIV = "sivistyslautakunta"
TEK = "tekninen-lautakunta"


@pytest.fixture
def site(demo_portal):
    setRoles(demo_portal, TEST_USER_ID, ["Manager"])
    make_registry(demo_portal)
    api.user.create(
        email="uusi@example.invalid", username="uusi", password="Secret-123456"
    )
    return demo_portal


@pytest.fixture
def creator(site):
    return site["esimerkkikunta"]


def new_case(site, sector, title="Salainen lastensuojeluasia", publicity="secret"):
    registry = site["esimerkkikunta"]["kirjaamo"]
    case = api.content.create(
        container=registry,
        type="Case",
        title=title,
        task_class="00.01.00",
        sub_archive_creator=sector,
    )
    case.publicity_class = publicity
    notify(ObjectModifiedEvent(case))
    return case


def can_view(user_id, obj):
    return api.user.has_permission("View", username=user_id, obj=obj)


class TestProvider:
    def test_sector_roles_apply_to_restricted_case(self, site):
        case = new_case(site, SIV)
        assert can_view("sivistys-valmistelija", case)
        assert can_view("sivistys-vastuuhenkilo", case)
        assert not can_view("tekninen-valmistelija", case)
        assert not can_view("sivistys-henkilosto", case)  # Staff: no role on it
        assert can_view("arkistojohtaja", case)  # the chief records officer

    def test_catalog_follows_sector(self, site):
        case = new_case(site, SIV)
        with api.env.adopt_user(username="sivistys-valmistelija"):
            assert api.content.find(UID=case.UID())
        with api.env.adopt_user(username="tekninen-valmistelija"):
            assert not api.content.find(UID=case.UID())
        case.sub_archive_creator = TEK
        notify(ObjectModifiedEvent(case))
        with api.env.adopt_user(username="tekninen-valmistelija"):
            assert api.content.find(UID=case.UID())
        with api.env.adopt_user(username="sivistys-valmistelija"):
            assert not api.content.find(UID=case.UID())

    def test_block_cuts_roles_from_above_but_not_the_chief(self, site):
        """Blocking inheritance on a case (sharing tab) cuts its sector's and
        the archive creator's roles; a role on the case itself stays, and the
        chief records officer still reaches it."""
        case = new_case(site, SIV)
        grants.grant(case, "uusi", "Presenter", reason="sijainen")
        doc = api.content.create(container=case, type="CaseDocument", title="Liite")
        case.__ac_local_roles_block__ = True
        case.reindexObjectSecurity()
        grants.forget_cached_roles()
        for obj in (case, doc):
            assert not can_view("sivistys-valmistelija", obj)
            assert not can_view("sivistys-vastuuhenkilo", obj)
            assert not can_view("kirjaaja", obj)  # Registrar on the archive creator
            assert can_view("uusi", obj)
            assert can_view("arkistojohtaja", obj)
        with api.env.adopt_user(username="sivistys-valmistelija"):
            assert not api.content.find(UID=case.UID())
        with api.env.adopt_user(username="arkistojohtaja"):
            assert api.content.find(UID=case.UID())
        assert grants.explain("sivistys-valmistelija", case) == []
        chief = grants.explain("arkistojohtaja", case)
        assert [(r["place"].portal_type, r["role"]) for r in chief] == [
            ("ArchiveCreator", "ChiefRecordsOfficer")
        ]
        del case.__ac_local_roles_block__
        case.reindexObjectSecurity()
        grants.forget_cached_roles()
        assert can_view("sivistys-valmistelija", case)

    def test_block_on_a_document_keeps_the_chief(self, site):
        case = new_case(site, SIV)
        doc = api.content.create(container=case, type="CaseDocument", title="Liite")
        doc.__ac_local_roles_block__ = True
        doc.reindexObjectSecurity()
        grants.forget_cached_roles()
        assert can_view("sivistys-valmistelija", case)
        assert not can_view("sivistys-valmistelija", doc)
        assert can_view("arkistojohtaja", doc)


class TestGrants:
    def test_demo_grants_have_causes(self, creator):
        records = grants.grants(creator[SIV])
        causes = {(r["principal"], r["role"], r["cause"]) for r in records}
        assert (
            "sivistys-vastuuhenkilo-ryhma",
            "SectorRecordsManager",
            "sector_membership",
        ) in causes
        chief = [
            r for r in grants.grants(creator) if r["principal"] == "arkistojohtaja"
        ]
        assert chief[0]["role"] == "ChiefRecordsOfficer"
        assert chief[0]["cause"] == "manual"

    def test_revoke_is_exact(self, site, creator):
        sector = creator[SIV]
        first = grants.grant(sector, "uusi", "Preparer", cause="manual", reason="a")
        second = grants.grant(sector, "uusi", "Preparer", cause="sector_membership")
        grants.revoke(sector, first["id"], reason="väärin")
        assert "Preparer" in sector.get_local_roles_for_userid("uusi")
        grants.revoke(sector, second["id"])
        assert "Preparer" not in sector.get_local_roles_for_userid("uusi")
        history = grants.grants(sector, active_only=False)
        mine = [r for r in history if r["principal"] == "uusi"]
        assert len(mine) == 2 and all(r["revoked"] for r in mine)
        assert mine[0]["revoke_reason"] == "väärin"
        log = " ".join(e["description"] for e in grants.log_entries(sector))
        assert "uusi" in log

    def test_case_grant_written_to_phase_log(self, site):
        case = new_case(site, SIV)
        grants.grant(case, "uusi", "Presenter", reason="sijainen")
        entry = phaselog.entries(case)[-1]
        assert entry["kind"] == "grant"
        assert entry["data"] == {
            "role": "Presenter",
            "principal": "uusi",
            "cause": "manual",
        }
        assert entry["note"] == "sijainen"
        assert can_view("uusi", case)

    @pytest.mark.parametrize("where", ("case", "sector"))
    def test_inheritance_block_is_logged(self, site, creator, where):
        """The sharing tab's "inherit" switch (also REST @sharing) is logged."""
        from plone.app.workflow.events import LocalrolesModifiedEvent

        place = new_case(site, SIV) if where == "case" else creator[SIV]

        def log():
            if where == "case":
                return [
                    phaselog.render(place, e, site.REQUEST, full=True)["text"]
                    for e in phaselog.entries(place)
                ]
            return [str(e["description"]) for e in grants.log_entries(place)]

        before = len(log())
        sharing = api.content.get_view("sharing", place, site.REQUEST)
        for inherit in (False, False, True):  # block, unchanged, restore
            sharing.update_inherit(status=inherit)
            notify(LocalrolesModifiedEvent(place, site.REQUEST))
        added = log()[before:]
        assert added == [
            "Roolien periytyminen ylemmältä tasolta estetty.",
            "Roolien periytyminen ylemmältä tasolta palautettu.",
        ]

    def test_preparer_assignment_grants_and_moves(self, site):
        case = new_case(site, TEK)
        assert not can_view("uusi", case)
        case.preparer = "uusi"
        notify(ObjectModifiedEvent(case))
        records = [r for r in grants.grants(case) if r["cause"] == "preparer"]
        assert [(r["principal"], r["role"]) for r in records] == [("uusi", "Preparer")]
        assert can_view("uusi", case)
        case.preparer = "tekninen-valmistelija"
        notify(ObjectModifiedEvent(case))
        records = [r for r in grants.grants(case) if r["cause"] == "preparer"]
        assert [r["principal"] for r in records] == ["tekninen-valmistelija"]
        assert not can_view("uusi", case)

    @pytest.mark.parametrize(
        "field, kwargs",
        [
            ("role", {"principal": "uusi", "role": "Pope"}),
            ("principal", {"principal": "nobody-here", "role": "Staff"}),
            ("cause", {"principal": "uusi", "role": "Staff", "cause": "whim"}),
        ],
    )
    def test_bad_input(self, creator, field, kwargs):
        with pytest.raises(grants.GrantError) as info:
            grants.grant(creator[SIV], **kwargs)
        assert info.value.field == field
        assert "uusi" not in dict(creator[SIV].get_local_roles())

    def test_explain(self, site):
        case = new_case(site, SIV)
        rows = grants.explain("sivistys-valmistelija", case)
        assert any(
            r["place"].getId() == SIV
            and r["role"] == "Preparer"
            and r["via"] == "sivistys-valmistelija-ryhma"
            and r["grant"]["cause"] == "sector_membership"
            for r in rows
        )
        assert grants.explain("uusi", case) == []


class TestDelegation:
    def refused(self, place, role, actor, msgid):
        with pytest.raises(delegation.Refused) as info:
            delegation.grant(place, "uusi", role, actor=actor)
        assert info.value.message == msgid  # Message compares by its id
        return info.value.message

    def test_sector_manager_inside_own_sector(self, site, creator):
        record = delegation.grant(
            creator[SIV], "uusi", "RecordsOfficer", actor="sivistys-vastuuhenkilo"
        )
        assert record["granted_by"] == "sivistys-vastuuhenkilo"
        case = new_case(site, SIV)
        delegation.grant(case, "uusi", "Preparer", actor="sivistys-vastuuhenkilo")
        delegation.revoke(
            creator[SIV],
            record["id"],
            reason="Sijaisuus päättyi",
            actor="sivistys-vastuuhenkilo",
        )
        assert "RecordsOfficer" not in creator[SIV].get_local_roles_for_userid("uusi")

    def test_sector_manager_refused_elsewhere(self, site, creator):
        self.refused(
            creator[TEK],
            "Preparer",
            "sivistys-vastuuhenkilo",
            "msg_delegation_not_allowed",
        )
        self.refused(
            creator["kirjaamo"],
            "Preparer",
            "sivistys-vastuuhenkilo",
            "msg_delegation_not_allowed",
        )
        self.refused(
            new_case(site, TEK),
            "Preparer",
            "sivistys-vastuuhenkilo",
            "msg_delegation_not_allowed",
        )

    @pytest.mark.parametrize("role", ["SectorRecordsManager", "ChiefRecordsOfficer"])
    def test_sector_manager_never_rank_at_or_above_own(self, creator, role):
        self.refused(
            creator[SIV], role, "sivistys-vastuuhenkilo", "msg_delegation_rank"
        )

    def test_records_officer_adds_preparers_to_own_cases_only(self, site, creator):
        case = new_case(site, SIV)
        delegation.grant(case, "uusi", "Preparer", actor="sivistys-asiakirjavastaava")
        assert can_view("uusi", case)
        self.refused(
            case,
            "Presenter",
            "sivistys-asiakirjavastaava",
            "msg_delegation_records_officer",
        )
        self.refused(
            creator[SIV],
            "Preparer",
            "sivistys-asiakirjavastaava",
            "msg_delegation_records_officer",
        )
        self.refused(
            new_case(site, TEK),
            "Preparer",
            "sivistys-asiakirjavastaava",
            "msg_delegation_not_allowed",
        )

    def test_chief_records_officer_below_own_rank(self, creator):
        delegation.grant(
            creator, "uusi", "SectorRecordsManager", actor="arkistojohtaja"
        )
        self.refused(
            creator, "ChiefRecordsOfficer", "arkistojohtaja", "msg_delegation_rank"
        )

    @pytest.mark.parametrize(
        "actor",
        [
            "sivistys-henkilosto",
            "sivistys-valmistelija",
            "kirjaaja",
            "sivistys-luottamushenkilo",
        ],
    )
    def test_others_refused(self, creator, actor):
        self.refused(creator[SIV], "Staff", actor, "msg_delegation_not_allowed")

    def test_refusal_is_translated(self, creator):
        message = self.refused(
            creator[SIV], "Staff", "sivistys-henkilosto", "msg_delegation_not_allowed"
        )
        from zope.i18n import translate

        assert translate(message, target_language="fi") != "msg_delegation_not_allowed"
        assert translate(message, target_language="fi") != message.default
        assert translate(message, target_language="sv") != message.default


class TestGrantable:
    """The form offers only the roles the user may grant; ``check`` agrees."""

    LOWER_THAN_SECTOR_MANAGER = [
        "RecordsOfficer",
        "Registrar",
        "Presenter",
        "Preparer",
        "MeetingSecretary",
        "Archivist",
        "ElectedOfficial",
        "Staff",
    ]

    def test_sector_manager(self, site, creator):
        assert (
            delegation.grantable_roles(creator[SIV], actor="sivistys-vastuuhenkilo")
            == self.LOWER_THAN_SECTOR_MANAGER
        )
        assert delegation.grantable_roles(creator[TEK], "sivistys-vastuuhenkilo") == []
        assert delegation.grantable_roles(creator, "sivistys-vastuuhenkilo") == []

    def test_chief_records_officer(self, creator):
        assert delegation.grantable_roles(creator, "arkistojohtaja") == [
            "SectorRecordsManager",
            *self.LOWER_THAN_SECTOR_MANAGER,
        ]

    def test_records_officer_only_preparer_on_cases(self, site, creator):
        case = new_case(site, SIV)
        assert delegation.grantable_roles(case, "sivistys-asiakirjavastaava") == [
            "Preparer"
        ]
        assert (
            delegation.grantable_roles(creator[SIV], "sivistys-asiakirjavastaava") == []
        )

    def test_staff_nothing(self, creator):
        assert delegation.grantable_roles(creator[SIV], "sivistys-henkilosto") == []


class TestForm:
    def form(self, site, place, user, **data):
        request = site.REQUEST
        request.method = "POST"
        request["REQUEST_METHOD"] = "POST"
        request.form.clear()
        request.form.update(data)
        alsoProvides(request, IMunicipalityPolicyLayer)  # as traversal would
        with api.env.adopt_user(username=user):
            from plone.protect.authenticator import createToken

            request.form["_authenticator"] = createToken()
            view = api.content.get_view("delegate-roles", place, request)
            return view, view()

    def test_grant_through_form(self, site, creator):
        view, html = self.form(
            site,
            creator[SIV],
            "sivistys-vastuuhenkilo",
            principal="uusi",
            role="Preparer",
            reason="sijaisuus",
            grant="1",
        )
        assert not view.errors
        assert "Preparer" in creator[SIV].get_local_roles_for_userid("uusi")
        assert "sijaisuus" in html

    def test_refused_shows_error_and_writes_nothing(self, site, creator):
        view, html = self.form(
            site,
            creator[SIV],
            "sivistys-vastuuhenkilo",
            principal="uusi",
            role="ChiefRecordsOfficer",
            grant="1",
        )
        assert "form" in view.errors
        assert view.errors["form"] in html
        assert "uusi" not in dict(creator[SIV].get_local_roles())

    def test_bad_principal_marks_field(self, site, creator):
        view, html = self.form(
            site,
            creator[SIV],
            "sivistys-vastuuhenkilo",
            principal="ei-ole",
            role="Staff",
            grant="1",
        )
        assert "principal" in view.errors
        assert 'aria-invalid="true"' in html

    def test_missing_token_refused(self, site, creator):
        request = site.REQUEST
        request.method = "POST"
        request.form.clear()
        request.form.update({"principal": "uusi", "role": "Staff", "grant": "1"})
        view = api.content.get_view("delegate-roles", creator[SIV], request)
        from zExceptions import Forbidden

        with pytest.raises(Forbidden):
            view()

    def render(self, site, place, user, **form):
        request = site.REQUEST
        request.method = "GET"
        request["REQUEST_METHOD"] = "GET"
        request.form.clear()
        request.form.update(form)
        alsoProvides(request, IMunicipalityPolicyLayer)
        with api.env.adopt_user(username=user):
            view = api.content.get_view("delegate-roles", place, request)
            return view, view()

    def options(self, html):
        select = html.split('<select id="role"')[1].split("</select>")[0]
        return re.findall(r'<option value="([^"]+)"', select)

    def test_form_offers_only_grantable_roles(self, site, creator):
        _view, html = self.render(site, creator[SIV], "sivistys-vastuuhenkilo")
        assert self.options(html) == TestGrantable.LOWER_THAN_SECTOR_MANAGER
        assert "Valmistelija" in html  # role titles, translated
        case = new_case(site, SIV)
        _view, html = self.render(site, case, "sivistys-asiakirjavastaava")
        assert self.options(html) == ["Preparer"]

    def test_revoke_asks_for_confirmation_and_a_reason(self, site, creator):
        sector = creator[SIV]
        record = grants.grant(sector, "uusi", "Preparer", reason="sijaisuus")
        # the row's button only asks: nothing is revoked by following it
        _view, html = self.render(site, sector, "sivistys-vastuuhenkilo")
        assert f"?confirm={record['id']}" in html
        _view, html = self.render(
            site, sector, "sivistys-vastuuhenkilo", confirm=record["id"]
        )
        assert 'id="revoke-confirm"' in html and 'name="reason"' in html
        assert "Preparer" in sector.get_local_roles_for_userid("uusi")
        # confirming without a reason: an error on the field, nothing revoked
        view, html = self.form(
            site, sector, "sivistys-vastuuhenkilo", grant_id=record["id"], revoke="1"
        )
        assert list(view.errors) == ["reason"]
        assert 'id="revoke-reason-error"' in html
        reason_input = html.split('id="revoke-reason"')[1].split(">")[0]
        assert 'aria-invalid="true"' in reason_input
        assert "Preparer" in sector.get_local_roles_for_userid("uusi")
        # with a reason: revoked, the reason kept and logged
        view, html = self.form(
            site,
            sector,
            "sivistys-vastuuhenkilo",
            grant_id=record["id"],
            revoke="1",
            reason="Sijaisuus päättyi",
        )
        assert not view.errors
        assert "Preparer" not in sector.get_local_roles_for_userid("uusi")
        history = [
            r
            for r in grants.grants(sector, active_only=False)
            if r["id"] == record["id"]
        ]
        assert history[0]["revoke_reason"] == "Sijaisuus päättyi"
        assert history[0]["revoked_by"] == "sivistys-vastuuhenkilo"
        assert "Sijaisuus päättyi" in str(grants.log_entries(sector)[-1])

    def test_revoke_without_reason_refused_in_api(self, site, creator):
        record = grants.grant(creator[SIV], "uusi", "Preparer")
        with pytest.raises(grants.GrantError) as info:
            delegation.revoke(
                creator[SIV], record["id"], actor="sivistys-vastuuhenkilo"
            )
        assert info.value.field == "reason"
        assert "Preparer" in creator[SIV].get_local_roles_for_userid("uusi")
