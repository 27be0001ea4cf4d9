"""Changing restriction or retention away from the task class: reason, role, errors.

Forms show the error on the field; REST answers 400 naming the field and
writes nothing.
"""

from builders import make_registry
from municipality.policy.classification import lookup
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import setRoles
from zope.interface import alsoProvides
import pytest
import requests
import transaction


AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
PREPARER = ("valmistelija", "secret-pw-123")
OFFICER = ("asiakirjavastaava", "secret-pw-123")
JSON = {"Accept": "application/json", "Accept-Language": "fi"}


def _setup(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    registry = make_registry(portal)
    permits = lookup.task_class("10.03.02", registry)
    permits.publicity_class = "partly_secret"
    permits.retention_period = 10
    permits.retention_reason = "Arkistolaitoksen päätös"
    case = register_case(registry, title="Rakennuslupa", task_class="10.03.02")
    for user_id, password in (PREPARER, OFFICER):
        api.user.create(
            email=f"{user_id}@example.org", username=user_id, password=password
        )
    api.user.grant_roles(username=PREPARER[0], obj=case, roles=["Preparer"])
    api.user.grant_roles(username=OFFICER[0], obj=case, roles=["RecordsOfficer"])
    return registry, case


# ------------------------------------------------------------------ forms
@pytest.fixture
def case(portal):
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    _registry, case = _setup(portal)
    yield case


def _edit(case, user_id, **values):
    """Submit the case's edit form as rendered, with ``values`` (field -> raw)
    changed; returns the form and its errors."""
    login(api.portal.get(), user_id)
    request = case.REQUEST
    request.form.clear()
    view = api.content.get_view("edit", case, request)
    view.update()
    form = view.form_instance
    widgets = {}
    for sub in [form, *form.groups]:
        for widget in sub.widgets.values():
            widgets[widget.field.__name__] = widget
            request.form[widget.name] = widget.value
            request.form[widget.name + "-empty-marker"] = "1"
    for name, value in values.items():
        request.form[widgets[name].name] = value
    request.form["form.buttons.save"] = "Tallenna"
    request.set("PUBLISHED", view)
    view = api.content.get_view("edit", case, request)
    request.set("PUBLISHED", view)
    view.update()
    form = view.form_instance
    errors = [
        error for sub in [form, *form.groups] for error in (sub.widgets.errors or ())
    ]
    return form, errors


def _error_fields(errors):
    return {error.widget.field.__name__ for error in errors if error.widget}


def test_publicity_change_without_reason_is_an_error_on_the_field(case):
    _form, errors = _edit(case, OFFICER[0], publicity_class=["public"])
    assert "restriction_reason" in _error_fields(errors)
    assert case.publicity_class == "partly_secret"


def test_retention_change_needs_a_reason_on_the_field(case):
    _form, errors = _edit(case, OFFICER[0], retention_period=["50"])
    assert _error_fields(errors) == {"retention_change_reason"}
    assert case.retention_period == 10


def test_retention_change_needs_a_records_officer(case):
    _form, errors = _edit(
        case,
        PREPARER[0],
        retention_period=["50"],
        retention_change_reason="Pysyvä arvo",
    )
    assert _error_fields(errors) == {"retention_period"}
    assert case.retention_period == 10


def test_records_officer_changes_retention_with_a_reason(case):
    _form, errors = _edit(
        case,
        OFFICER[0],
        retention_period=["50"],
        retention_change_reason="Hankkeella on pysyvää arvoa",
    )
    assert errors == []
    assert case.retention_period == 50
    # logged with the change (test_retention_change_is_written_to_the_phase_log),
    # then cleared: a reason belongs to one change
    assert not case.retention_change_reason


def test_a_second_change_needs_its_own_reason(case):
    """The first change's reason is not kept for (prefilled in) the next one."""
    _form, errors = _edit(
        case, OFFICER[0], publicity_class=["public"], restriction_reason="Ensimmäinen"
    )
    assert errors == []
    assert not case.restriction_reason
    form, errors = _edit(case, OFFICER[0], publicity_class=["secret"])
    assert "restriction_reason" in _error_fields(errors)
    assert case.publicity_class == "public"
    _form, errors = _edit(
        case, OFFICER[0], publicity_class=["secret"], restriction_reason="Toinen"
    )
    assert errors == []
    texts = [text for _agent, text in _control_entries(case)]
    assert len(texts) == 2
    assert texts[0].endswith("Ensimmäinen") and texts[1].endswith("Toinen")


def test_other_edits_need_nothing(case):
    _form, errors = _edit(case, PREPARER[0], title="Rakennuslupa, Kuja 2")
    assert errors == []
    assert case.title == "Rakennuslupa, Kuja 2"


def test_error_message_is_translated(case):
    from zope.i18n import translate

    _form, errors = _edit(case, OFFICER[0], retention_period=["50"])
    (error,) = errors
    assert translate(error.message, target_language="fi").startswith(
        "Säilytysajan muutoksen peruste"
    )


# ------------------------------------------------------------------- REST
@pytest.fixture
def rest_case(rest_portal):
    registry, case = _setup(rest_portal)
    transaction.commit()
    yield registry, case


def _patch(case, auth, **data):
    return requests.patch(
        case.absolute_url(), json=data, headers=JSON, auth=auth, timeout=30
    )


def _stored(case, name):
    transaction.begin()
    return getattr(case, name)


def test_rest_publicity_without_reason_is_400_naming_the_field(rest_case):
    _registry, case = rest_case
    response = _patch(case, AUTH, publicity_class="public")
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"] == "BadRequest"
    assert body["field"] == "restriction_reason"
    assert body["message"].startswith("Muutoksen peruste on pakollinen")
    assert _stored(case, "publicity_class") == "partly_secret"


def test_rest_retention_without_reason_is_400(rest_case):
    _registry, case = rest_case
    response = _patch(case, AUTH, retention_period=50)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "retention_change_reason"
    assert _stored(case, "retention_period") == 10


def test_rest_retention_by_preparer_is_400_naming_the_period(rest_case):
    _registry, case = rest_case
    response = _patch(
        case, PREPARER, retention_period=50, retention_change_reason="Tarve", title="X"
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "retention_period"
    assert _stored(case, "retention_period") == 10
    assert _stored(case, "title") == "Rakennuslupa"  # nothing half-written


def test_rest_records_officer_changes_retention(rest_case):
    _registry, case = rest_case
    response = _patch(
        case, OFFICER, retention_period=50, retention_change_reason="Pysyvä arvo"
    )
    assert response.status_code == 204, response.text
    assert _stored(case, "retention_period") == 50
    response = _patch(case, PREPARER, title="Rakennuslupa, Kuja 2")
    assert response.status_code == 204, response.text


def test_rest_post_case_with_other_retention_needs_reason(rest_case):
    registry, _case = rest_case
    before = len(registry.objectIds())
    response = requests.post(
        registry.absolute_url(),
        json={
            "@type": "Case",
            "title": "Uusi",
            "task_class": "10.03.02",
            "retention_period": 50,
        },
        headers=JSON,
        auth=AUTH,
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "retention_change_reason"
    transaction.begin()
    assert len(registry.objectIds()) == before


def test_rest_document_publicity_without_reason_is_400(rest_case):
    from municipality.policy.documents.pdf import make_pdf
    import base64

    _registry, case = rest_case
    response = requests.post(
        case.absolute_url(),
        json={
            "@type": "CaseDocument",
            "title": "Hakemus",
            "record_type": "Hakemus",
            "direction": "incoming",
            "publicity_class": "secret",
            "file": {
                "data": base64.b64encode(make_pdf("Hakemus", ["Haen lupaa."])).decode(),
                "encoding": "base64",
                "filename": "hakemus.pdf",
                "content-type": "application/pdf",
            },
        },
        headers=JSON,
        auth=AUTH,
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "restriction_reason"
    transaction.begin()
    assert case.objectIds() == []


def test_public_with_grounds_for_secrecy_is_an_error_on_the_grounds(case):
    case.security_reasons = ["24.1.20"]
    _form, errors = _edit(
        case,
        OFFICER[0],
        publicity_class=["public"],
        restriction_reason="Liikesalaisuus poistui",
    )
    assert _error_fields(errors) == {"security_reasons"}
    assert case.publicity_class == "partly_secret"


def test_rest_public_with_grounds_is_400_then_public_without(rest_case):
    _registry, case = rest_case
    case.security_reasons = ["24.1.20"]
    transaction.commit()
    response = _patch(
        case, AUTH, publicity_class="public", restriction_reason="Salassapito päättyi"
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "security_reasons"
    assert _stored(case, "publicity_class") == "partly_secret"
    response = _patch(
        case,
        AUTH,
        publicity_class="public",
        security_reasons=[],
        restriction_reason="Salassapito päättyi",
    )
    assert response.status_code == 204, response.text
    assert _stored(case, "publicity_class") == "public"
    wftool = api.portal.get_tool("portal_workflow")
    assert wftool.getChainFor(case) == ("municipality_case_workflow_public",)


# ------------------------------------------------------------ phase log
def _control_entries(case):
    """(agent, text as a Finnish reader handling the case reads it)."""
    from municipality.policy.cases import phaselog
    from zope.globalrequest import getRequest

    request = getRequest().clone()
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "fi"
    return [
        (entry["agent"], phaselog.render(case, entry, request, full=True)["text"])
        for entry in phaselog.entries(case)
        if entry["kind"] == "restriction"
    ]


def test_retention_change_is_written_to_the_phase_log(case):
    assert _control_entries(case) == []
    _form, errors = _edit(
        case,
        OFFICER[0],
        retention_period=["50"],
        retention_change_reason="Hankkeella on pysyvää arvoa",
    )
    assert errors == []
    ((agent, text),) = _control_entries(case)
    assert agent == OFFICER[0]
    assert text.startswith("Käyttörajoitus tai säilytys muuttui: Säilytysaika: ")
    assert "10" in text and "50" in text
    assert text.endswith("Peruste: Hankkeella on pysyvää arvoa")
    _edit(case, PREPARER[0], title="Rakennuslupa, Kuja 2")  # no restriction change
    assert len(_control_entries(case)) == 1


def test_rest_publicity_change_is_written_to_the_phase_log(rest_case):
    _registry, case = rest_case
    response = _patch(
        case, AUTH, publicity_class="public", restriction_reason="Ei salattavaa"
    )
    assert response.status_code == 204, response.text
    transaction.begin()
    ((_agent, text),) = _control_entries(case)
    assert "Julkisuusluokka: Osittain salassapidettävä → Julkinen" in text
    assert text.endswith("Peruste: Ei salattavaa")


def test_document_restriction_change_is_written_to_the_case_log(case):
    from municipality.policy.documents.api import create_document
    from municipality.policy.documents.vocabularies import record_types
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    doc = create_document(
        case,
        title="Luonnos LUMIKKO",
        file=(b"sisalto", "luonnos.txt"),
        record_type=next(iter(record_types(case))).value,
        direction="incoming",
        register=False,
    )
    assert _control_entries(case) == []
    doc.personal_data = "sensitive"
    doc.restriction_reason = "Terveystietoja"
    notify(ObjectModifiedEvent(doc))
    ((_agent, text),) = _control_entries(case)
    assert doc.getId() in text and "LUMIKKO" not in text  # id, never the title
    assert "Henkilötiedot: – → Sisältää arkaluonteisia henkilötietoja" in text
    assert text.endswith("Peruste: Terveystietoja")
