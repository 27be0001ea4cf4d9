"""The demo plan: Helsinki's classification imported, with varied defaults."""

from municipality.policy.classification import exporter
from municipality.policy.classification import lookup
from municipality.policy.demo import classification as demo_step
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory


def test_demo_plan_has_all_three_levels(demo_portal):
    plan = demo_portal["esimerkkikunta"]["tos"]
    classes = lookup.classes_in(plan)
    assert len(classes) == 584
    assert plan["00"]["00.02"]["00.02.08"].title == "Kuuluttaminen ja ilmoittaminen"
    vocabulary = getUtility(IVocabularyFactory, "municipality.TaskClasses")(plan)
    assert (
        vocabulary.getTerm("00.02.08").title
        == "00.02.08 Kuuluttaminen ja ilmoittaminen"
    )


def test_demo_defaults_have_variety(demo_portal):
    classes = lookup.classes_in(demo_portal["esimerkkikunta"]["tos"])
    assert classes["05.02.01"].publicity_class == "secret"
    assert classes["05.02.01"].security_reasons == ["24.1.25"]
    assert classes["06"].personal_data == "sensitive"
    assert classes["00.02.00"].retention_period == -1
    assert classes["00.01"].retention_period == 10
    assert classes["12.01"].publicity_class == "partly_secret"
    assert classes["10.04.03"].record_types[0]["record_type"] == "Hakemus"


def test_demo_export_validates(demo_portal):
    data = exporter.export_plan(demo_portal["esimerkkikunta"]["tos"])
    assert exporter.validation_errors(data) == []


def test_demo_step_is_idempotent(demo_portal):
    setRoles(demo_portal, TEST_USER_ID, ["Manager"])
    plan = demo_portal["esimerkkikunta"]["tos"]
    before = exporter.export_plan(plan)
    demo_step.load(demo_portal)
    assert len(lookup.classes_in(plan)) == 584
    assert exporter.export_plan(plan) == before
