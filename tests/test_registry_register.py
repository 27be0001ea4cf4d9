"""Form "Kirjaa saapunut asiakirja": register an incoming document."""

from builders import make_registry
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry import numbering
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.interface import alsoProvides
from ZPublisher.HTTPRequest import FileUpload
import io
import pytest


class _Storage:
    def __init__(self, data, filename):
        self.file = io.BytesIO(data)
        self.filename = filename
        self.name = "form.widgets.file"
        self.headers = {"content-type": "application/pdf"}


def upload(data=b"%PDF-1.4 test", filename="hakemus.pdf"):
    return FileUpload(_Storage(data, filename))


@pytest.fixture
def registry(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    yield make_registry(portal)


def submit(registry, **fields):
    request = registry.REQUEST
    request.form.clear()
    for name, value in fields.items():
        request.form[f"form.widgets.{name}"] = value
    request.form["form.buttons.register"] = "Kirjaa"
    return api.content.get_view("register-document", registry, request)()


def case_count(registry):
    return len([o for o in registry.objectValues() if o.portal_type == "Case"])


VALID_NEW = {
    "target": ["new"],
    "task_class": "10.03.02",
    "case_title": "Rakennuslupahakemus, Kuja 1",
    "public_title": "Rakennuslupahakemus",
    "sub_archive_creator": ["tekninen-lautakunta"],
    "registration_date": "2026-03-02",
    "correspondent": "Maija Meikäläinen",
}


class TestBadInput:
    @pytest.mark.parametrize(
        "change, field",
        [
            ({"case_title": ""}, "case_title"),
            ({"task_class": ""}, "task_class"),
            ({"task_class": "99.99.99"}, "task_class"),
            ({"target": ["existing"], "existing_case": ""}, "existing_case"),
            (
                {"target": ["existing"], "existing_case": "ESIM/404/00.01.00/2026"},
                "existing_case",
            ),
            ({"registration_date": "ei päivä"}, "registration_date"),
        ],
    )
    def test_field_errors_and_nothing_created(self, registry, change, field):
        existing = register_case(
            registry, title="Olemassa oleva", task_class="00.01.00"
        )
        before = numbering.last_number(registry, existing.diary_year)
        html = submit(registry, **{**VALID_NEW, **change, "file": upload()})
        assert case_count(registry) == 1
        assert numbering.last_number(registry, existing.diary_year) == before
        assert f'id="formfield-form-widgets-{field}"' in html
        error_block = html.split(f'id="formfield-form-widgets-{field}"')[1]
        assert "invalid-feedback" in error_block.split('id="formfield-')[0]
        assert registry.REQUEST.response.getHeader("location") is None
        assert existing.objectIds() == []

    @pytest.mark.parametrize("typed", ["99.99.99", "Hankinnat", "10.03.0"])
    def test_unlisted_task_class_is_named_on_the_field(self, registry, typed):
        """A value that is not a class of the list is not read as "missing"."""
        registry.REQUEST["LANGUAGE"] = "fi"
        html = submit(registry, **{**VALID_NEW, "task_class": typed, "file": upload()})
        assert case_count(registry) == 0
        block = html.split('id="formfield-form-widgets-task_class"')[1]
        block = block.split('id="formfield-')[0]
        assert "ei ole tehtäväluokituksen luokka" in block
        assert "Pakollinen" not in block

    def test_form_loads_the_task_class_picker_script(self, registry):
        html = api.content.get_view("register-document", registry, registry.REQUEST)()
        assert "++resource++municipality.policy.register-task-class.js" in html
        assert 'id="kp-task-class-hint"' in html

    def test_missing_file(self, registry):
        html = submit(registry, **VALID_NEW)
        assert case_count(registry) == 0
        assert "formfield-form-widgets-file" in html
        assert registry.REQUEST.response.getHeader("location") is None

    def test_form_is_finnish_first_and_labelled(self, registry):
        html = api.content.get_view("register-document", registry, registry.REQUEST)()
        assert 'for="form-widgets-case_title"' in html
        assert 'for="form-widgets-file"' in html
        assert "Kirjaa saapunut asiakirja" in html


class TestRegistration:
    def test_new_case_and_document(self, registry):
        html = submit(registry, **VALID_NEW, record_type=["Hakemus"], file=upload())
        assert "Kirjaus epäonnistui" not in html, html.split("Kirjaus epäonnistui")[1][
            :300
        ]
        (case,) = [o for o in registry.objectValues() if o.portal_type == "Case"]
        assert case.diary_number.startswith("ESIM/1/10.03.02/")
        assert registry.REQUEST.response.getHeader("location") == case.absolute_url()
        (doc,) = case.objectValues()
        assert doc.direction == "incoming"
        assert doc.correspondent == "Maija Meikäläinen"

    def test_into_existing_case_by_title(self, registry):
        existing = register_case(
            registry, title="Ympäristölupa Tehdas", task_class="00.01.00"
        )
        submit(
            registry,
            target=["existing"],
            existing_case="ympäristölupa",
            record_type=["Lausunto"],
            registration_date="2026-03-02",
            file=upload(),
        )
        assert case_count(registry) == 1
        assert len(existing.objectValues()) == 1
