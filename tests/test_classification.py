"""Classification: vocabularies, behaviors, inheritance, types and views."""

from municipality.policy.classification import inheritance
from municipality.policy.classification import lookup
from municipality.policy.classification.behaviors import IRestriction
from municipality.policy.classification.behaviors import IRetention
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.dexterity.utils import createContentInContainer
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import Invalid
from zope.interface import alsoProvides
from zope.schema.interfaces import IVocabularyFactory
import pytest


def vocab(name, context=None):
    return getUtility(IVocabularyFactory, name)(context)


@pytest.fixture
def plan(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    creator = api.content.create(
        container=portal,
        type="ArchiveCreator",
        id="esimerkkikunta",
        title="Esimerkkikunta",
        code="ESIM",
    )
    plan = createContentInContainer(
        creator, "ClassificationPlan", checkConstraints=False, id="tos", title="TOS"
    )
    top = api.content.create(
        container=plan,
        type="TaskClass",
        id="05",
        code="05",
        title="Sosiaalitoimi",
        publicity_class="secret",
        security_reasons=["24.1.25"],
        secrecy_period=25,
        personal_data="sensitive",
        retention_period=50,
        retention_reason="Arkistolaitoksen päätös",
    )
    middle = api.content.create(
        container=top, type="TaskClass", id="05.01", code="05.01", title="Lastensuojelu"
    )
    api.content.create(
        container=middle,
        type="TaskClass",
        id="05.01.02",
        code="05.01.02",
        title="Avohuolto",
        retention_period=-1,
    )
    api.content.create(
        container=plan,
        type="TaskClass",
        id="00",
        code="00",
        title="Hallintoasiat",
        publicity_class="public",
        personal_data="none",
        retention_period=10,
    )
    return plan


class TestVocabularies:
    def test_publicity_classes_with_finnish_titles(self, portal):
        vocabulary = vocab("municipality.PublicityClasses")
        assert [t.value for t in vocabulary] == [
            "public",
            "partly_secret",
            "secret",
            "not_yet_public",
        ]
        title = vocabulary.getTerm("partly_secret").title
        assert translate(title, target_language="fi") == "Osittain salassapidettävä"
        assert translate(title, target_language="sv") == "Delvis sekretessbelagd"
        assert translate(title, target_language="en") == "Partly secret"

    def test_security_reasons_are_julkl_24_grounds(self, portal):
        vocabulary = vocab("municipality.SecurityReasons")
        assert vocabulary.getTerm("24.1.25").title == "JulkL (621/1999) 24.1 § 25 k"
        assert len(vocabulary) == 32
        with pytest.raises(LookupError):
            vocabulary.getTerm("24.1.33")

    def test_code_lists(self, portal):
        assert [t.value for t in vocab("municipality.RetentionPeriods")] == [
            0,
            3,
            6,
            10,
            20,
            50,
            120,
            -1,
        ]
        permanent = vocab("municipality.RetentionPeriods").getTerm(-1).title
        assert translate(permanent, target_language="fi") == "Pysyvä"
        years = vocab("municipality.SecrecyPeriods").getTerm(25).title
        assert translate(years, target_language="fi") == "25 vuotta"
        assert translate(years, target_language="sv") == "25 år"
        assert [t.value for t in vocab("municipality.SecrecyPeriods")] == [25, 50, 100]
        assert [t.value for t in vocab("municipality.PersonalDataClasses")] == [
            "none",
            "personal",
            "sensitive",
            "criminal",
        ]
        assert [t.value for t in vocab("municipality.ProtectionLevels")] == [
            "I",
            "II",
            "III",
            "IV",
        ]
        assert [t.value for t in vocab("municipality.Directions")] == [
            "incoming",
            "outgoing",
            "internal",
        ]
        assert "case_closed" in vocab("municipality.RetentionStartRules")
        actions = [t.value for t in vocab("municipality.ActionClasses")]
        assert actions[:8] == [
            "ohjaus",
            "vireilletulo",
            "valmistelu",
            "paatoksenteko",
            "toimeenpano",
            "tiedoksianto",
            "muutoksenhaku",
            "seuranta",
        ]

    def test_record_types_are_the_jhs191_list(self, portal):
        vocabulary = vocab("municipality.RecordTypes")
        values = [t.value for t in vocabulary]
        assert len(values) == 56
        assert {"Aloite", "Esityslista", "Hakemus", "Päätös", "Pöytäkirja"} <= set(
            values
        )
        term = vocabulary.getTerm("Päätös")
        assert term.token == "Paatos"
        assert translate(term.title, target_language="fi") == "Päätös"
        assert translate(term.title, target_language="sv") == "Beslut"

    def test_task_classes_of_the_plan(self, plan):
        vocabulary = vocab("municipality.TaskClasses", plan)
        assert [t.value for t in vocabulary] == ["00", "05", "05.01", "05.01.02"]
        assert vocabulary.getTerm("05.01.02").title == "05.01.02 Avohuolto"
        assert vocabulary.getTermByToken("05.01").value == "05.01"

    def test_task_classes_search(self, plan):
        vocabulary = vocab("municipality.TaskClasses", plan)
        assert [t.value for t in vocabulary.search("avohuol")] == ["05.01.02"]
        assert [t.value for t in vocabulary.search("05 01")] == ["05.01", "05.01.02"]
        factory = getUtility(IVocabularyFactory, "municipality.TaskClasses")
        assert [t.value for t in factory(plan, query="lasten")] == ["05.01"]


class TestTypes:
    def test_id_is_code_and_nesting(self, plan):
        assert plan["05"]["05.01"]["05.01.02"].code == "05.01.02"
        assert set(lookup.classes_in(plan)) == {"00", "05", "05.01", "05.01.02"}

    def test_id_without_name_is_the_exact_code(self, plan):
        """REST and add forms choose the name: the code, not ``05-02.01``."""
        from plone.dexterity.utils import createContent
        from zope.container.interfaces import INameChooser

        parent = plan["05"]["05.01"]
        new = createContent("TaskClass", code="05.01.07", title="Uusi")
        assert INameChooser(parent).chooseName(None, new) == "05.01.07"
        taken = createContent("TaskClass", code="05.01.02", title="Sama")
        assert INameChooser(parent).chooseName(None, taken) != "05.01.02"
        other = createContent("Document", title="Ohje 1.2.3")
        assert INameChooser(parent).chooseName(None, other) == "ohje-1-2.3"  # as stock

    def test_task_class_json_record_types(self, plan):
        from municipality.policy.classification.content import ITaskClass
        from plone.schema import IJSONField
        from zope.schema.interfaces import WrongContainedType

        field = ITaskClass["record_types"]
        assert IJSONField.providedBy(field)
        field.validate([{"record_type": "Hakemus", "publicity_class": "secret"}])
        with pytest.raises(WrongContainedType):
            field.validate([{"record_type": "Ei tyyppi"}])
        with pytest.raises(WrongContainedType):
            field.validate([{"record_type": "Hakemus", "retention_period": 7}])

    def test_duplicate_code_is_refused(self, plan):
        from municipality.policy.classification.content import ITaskClass
        from z3c.form.validator import Data

        data = Data(ITaskClass, {"code": "05.01"}, plan["05"])
        with pytest.raises(Invalid):
            ITaskClass.validateInvariants(data)
        ITaskClass.validateInvariants(Data(ITaskClass, {"code": "05.02"}, plan["05"]))

    def test_views_render(self, plan):
        request = plan.REQUEST
        html = api.content.get_view("plan-view", plan, request)()
        assert "05.01.02" in html and "Avohuolto" in html
        assert "@@tos-export" in html
        html = api.content.get_view("task-class-view", plan["05"], request)()
        assert "Salassa pidettävä" in html
        assert "JulkL (621/1999) 24.1 § 25 k" in html


class TestInheritance:
    def test_class_inherits_from_parent_class(self, plan):
        leaf = plan["05"]["05.01"]["05.01.02"]
        assert leaf.publicity_class == "secret"
        assert leaf.security_reasons == ["24.1.25"]
        assert leaf.retention_period == -1  # its own
        defaults = inheritance.defaults_for(plan["05"]["05.01"])
        assert defaults["publicity_class"] == "secret"
        assert defaults["retention_period"] == 50

    def test_defaults_for_unknown_container(self, plan):
        assert inheritance.defaults_for(plan) == {}
        assert inheritance.defaults_for(None) == {}

    def test_behaviors_registered(self, plan):
        from plone.behavior.interfaces import IBehavior

        assert (
            getUtility(IBehavior, "municipality.restriction").interface is IRestriction
        )
        assert getUtility(IBehavior, "municipality.retention").interface is IRetention
        assert IRestriction.providedBy(plan["05"])

    def test_add_form_default_comes_from_container(self, plan):
        field = IRestriction["publicity_class"].bind(plan["05"]["05.01"])
        assert field.default == "secret"
        field = IRetention["retention_period"].bind(plan["00"])
        assert field.default == 10


@pytest.fixture
def registry(portal):
    from builders import make_registry

    setRoles(portal, TEST_USER_ID, ["Manager"])
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    registry = make_registry(portal)
    permits = lookup.task_class("10.03.02", registry)
    permits.publicity_class = "partly_secret"
    permits.security_reasons = ["24.1.32"]
    permits.secrecy_period = 25
    permits.personal_data = "personal"
    permits.retention_period = -1
    permits.retention_reason = "Arkistolaitoksen päätös"
    permits.retention_start_rule = "case_closed"
    yield registry


def new_case(registry, **fields):
    from municipality.policy.registry.api import register_case

    return register_case(
        registry, **{"title": "Rakennuslupa", "task_class": "10.03.02", **fields}
    )


class TestCaseInheritance:
    def test_case_gets_its_task_class_values(self, registry):
        case = new_case(registry)
        assert IRestriction.providedBy(case) and IRetention.providedBy(case)
        assert case.publicity_class == "partly_secret"
        assert case.security_reasons == ["24.1.32"]
        assert case.secrecy_period == 25
        assert case.personal_data == "personal"
        assert case.retention_period == -1
        assert case.retention_start_rule == "case_closed"
        brain = api.content.find(UID=case.UID())[0]
        assert brain.publicity_class == "partly_secret"

    def test_values_are_written_not_live(self, registry):
        case = new_case(registry)
        lookup.task_class("10.03.02", registry).publicity_class = "public"
        assert case.publicity_class == "partly_secret"

    def test_explicit_value_is_kept(self, registry):
        case = new_case(
            registry, publicity_class="secret", restriction_reason="Huoltajuus"
        )
        assert case.publicity_class == "secret"
        assert case.retention_period == -1

    def test_defaults_for_case_pass_to_documents(self, registry):
        case = new_case(registry)
        assert inheritance.defaults_for(case)["publicity_class"] == "partly_secret"
        field = IRestriction["security_reasons"].bind(case)
        assert field.default == ["24.1.32"]

    def test_change_without_reason_is_invalid(self, registry):
        from z3c.form.validator import Data

        case = new_case(registry)
        with pytest.raises(Invalid):
            IRestriction.validateInvariants(
                Data(IRestriction, {"publicity_class": "public"}, case)
            )
        IRestriction.validateInvariants(
            Data(
                IRestriction,
                {
                    "publicity_class": "public",
                    "security_reasons": [],
                    "restriction_reason": "Hakija pyysi julkiseksi",
                },
                case,
            )
        )
        IRestriction.validateInvariants(
            Data(IRestriction, {"publicity_class": "partly_secret"}, case)
        )

    def test_document_may_not_be_looser_than_a_secret_case(self, registry):
        from municipality.policy.classification.behaviors import LooserThanCase
        from z3c.form.interfaces import IAddForm
        from z3c.form.validator import Data
        from zope.interface import directlyProvides

        case = new_case(registry, publicity_class="secret", restriction_reason="Lapsi")

        class AddForm:  # a document's add form inside the case
            pass

        form = AddForm()
        directlyProvides(form, IAddForm)
        case.REQUEST.set("PUBLISHED", form)
        with pytest.raises(LooserThanCase):
            IRestriction.validateInvariants(
                Data(
                    IRestriction,
                    {"publicity_class": "public", "restriction_reason": "x"},
                    case,
                )
            )
        IRestriction.validateInvariants(
            Data(IRestriction, {"publicity_class": "secret"}, case)
        )


class TestClassDefaultsView:
    def test_counts_and_applies(self, registry):
        from municipality.policy.cases.browser.classdefaults import differing_cases

        cases = [new_case(registry, title=f"Lupa {n}") for n in range(3)]
        permits = lookup.task_class("10.03.02", registry)
        assert differing_cases(permits) == []
        permits.publicity_class = "secret"
        permits.retention_period = 50
        cases[0].publicity_class = "secret"
        cases[0].retention_period = 50
        assert {case.getId() for case, _diff in differing_cases(permits)} == {
            cases[1].getId(),
            cases[2].getId(),
        }
        request = registry.REQUEST
        html = api.content.get_view("class-defaults", permits, request)()
        text = " ".join(html.split())
        assert "<span>2</span> asiaa poikkeaa tämän luokan nykyisistä" in text
        assert "Julkisuusluokka, Säilytysaika" in text

        request.method = "POST"
        request.REQUEST_METHOD = "POST"
        request.form.update(
            {
                "apply": "1",
                "_authenticator": api.content.get_view(
                    "authenticator", permits, request
                ).token(),
            }
        )
        api.content.get_view("class-defaults", permits, request)()
        assert differing_cases(permits) == []
        assert cases[1].publicity_class == "secret"
        assert cases[2].retention_period == 50
        assert api.content.find(UID=cases[2].UID())[0].publicity_class == "secret"
        from municipality.policy.cases import phaselog

        assert phaselog.entries(cases[1])[-1]["action_class"] == "ohjaus"
        assert len(phaselog.entries(cases[0])) < len(phaselog.entries(cases[1]))

    def test_apply_needs_the_authenticator(self, registry):
        from zExceptions import Forbidden

        new_case(registry)
        permits = lookup.task_class("10.03.02", registry)
        permits.publicity_class = "secret"
        request = registry.REQUEST
        request.method = "POST"
        request.form.update({"apply": "1"})
        with pytest.raises(Forbidden):
            api.content.get_view("class-defaults", permits, request)()


class TestRestReason:
    def test_patch_away_from_the_class_needs_a_reason(self, rest_portal):
        from builders import make_registry
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD
        import requests
        import transaction

        setRoles(rest_portal, TEST_USER_ID, ["Manager"])
        registry = make_registry(rest_portal)
        lookup.task_class("10.03.02", registry).publicity_class = "partly_secret"
        case = new_case(registry)
        transaction.commit()
        auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        headers = {"Accept": "application/json"}
        response = requests.patch(
            case.absolute_url(),
            json={"publicity_class": "public"},
            auth=auth,
            headers=headers,
            timeout=30,
        )
        assert response.status_code == 400
        assert "Muutoksen peruste" in response.text
        response = requests.patch(
            case.absolute_url(),
            json={
                "publicity_class": "public",
                "restriction_reason": "Hakija pyysi",
            },
            auth=auth,
            headers=headers,
            timeout=30,
        )
        assert response.status_code == 204, response.text
