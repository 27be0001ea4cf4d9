"""CaseDocument: registration hash, immutability, search, stricter-not-looser."""

from builders import make_registry
from municipality.policy.documents import registration
from municipality.policy.documents.api import DocumentError
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.registry.api import register_case
from municipality.policy.registry.numbering import today
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.namedfile.file import NamedBlobFile
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import datetime
import hashlib
import pytest


PDF = make_pdf("Rakennuslupahakemus", ["Hakija pyytää poikkeamista kaavasta Kuja 1."])


@pytest.fixture
def case(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    yield register_case(registry, title="Rakennuslupa, Kuja 1", task_class="10.03.02")


def _add_user(user_id, roles):
    api.user.create(
        email=f"{user_id}@example.org",
        username=user_id,
        password="secret-pw-123",
        roles=roles,
    )


def _doc(case, **kw):
    fields = {
        "title": "Hakemus",
        "file": (PDF, "hakemus.pdf"),
        "record_type": "Hakemus",
        "direction": "incoming",
        "correspondent": "Matti Meikäläinen",
    }
    fields.update(kw)
    return create_document(case, **fields)


class TestRegistration:
    def test_hash_date_version_and_phase(self, case):
        from municipality.policy.cases import phaselog

        doc = _doc(case)
        assert api.content.get_state(doc) == "registered"
        assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
        assert doc.registration_date == today()
        history = registration.hash_history(doc)
        assert [h["sha256"] for h in history] == [doc.sha256]
        repository = api.portal.get_tool("portal_repository")
        assert len(repository.getHistoryMetadata(doc)) == 1
        entry = phaselog.entries(case)[-1]
        assert entry["kind"] == "document"
        assert entry["action_class"] == "rekisterointi"
        assert entry["data"]["sha256"] == doc.sha256
        assert entry["data"]["uid"] == doc.UID()

    def test_draft_has_no_hash_until_register_transition(self, case):
        doc = _doc(case, register=False, registration_date=datetime.date(2026, 1, 2))
        assert api.content.get_state(doc) == "draft"
        assert doc.sha256 is None
        api.content.transition(obj=doc, transition="register")
        assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
        assert doc.registration_date == datetime.date(2026, 1, 2)

    def test_plain_namedfile_goes_to_a_blob(self, case):
        from plone.namedfile.file import NamedFile

        doc = _doc(case, file=NamedFile(data=PDF, filename="h.pdf"))
        assert isinstance(doc.file, NamedBlobFile)
        assert doc.sha256 == hashlib.sha256(PDF).hexdigest()

    def test_draft_may_be_edited(self, case):
        doc = _doc(case, register=False)
        doc.title = "Hakemus (korjattu)"
        notify(ObjectModifiedEvent(doc))
        assert doc.title == "Hakemus (korjattu)"

    def test_id_does_not_reveal_title_or_filename(self, case):
        doc = _doc(case, title="Salainen terveystieto")
        assert doc.getId().startswith("asiakirja-")
        assert "salainen" not in doc.absolute_url().lower()

    def test_catalog_indexes(self, case):
        doc = _doc(case)
        (brain,) = api.content.find(UID=doc.UID())
        assert brain.direction == "incoming"
        assert brain.registration_date == doc.registration_date
        assert (
            len(api.content.find(record_type="Hakemus", portal_type="CaseDocument"))
            == 1
        )


class TestBadInput:
    @pytest.mark.parametrize(
        "kw, field",
        [
            ({"record_type": "Eiolemassa"}, "record_type"),
            ({"direction": "sideways"}, "direction"),
            ({"file": b"no filename"}, "file"),
            ({"title": " "}, "title"),
            ({"colour": "red"}, "colour"),
        ],
    )
    def test_refused_naming_the_field(self, case, kw, field):
        with pytest.raises(DocumentError) as info:
            _doc(case, **kw)
        assert info.value.field == field
        assert case.objectIds() == []

    def test_not_in_a_case(self, portal, case):
        with pytest.raises(DocumentError) as info:
            _doc(portal)
        assert info.value.field == "case"


class TestImmutability:
    def test_metadata_edit_refused_even_for_manager(self, case):
        doc = _doc(case)
        doc.title = "Muutettu"
        with pytest.raises(registration.Immutable) as info:
            notify(ObjectModifiedEvent(doc))
        assert info.value.field == "title"
        assert doc.title == "Hakemus"  # rolled back

    def test_hash_cannot_be_overwritten(self, case):
        doc = _doc(case)
        original = doc.sha256
        doc.sha256 = "0" * 64
        with pytest.raises(registration.Immutable):
            notify(ObjectModifiedEvent(doc))
        assert doc.sha256 == original

    def test_new_file_refused_for_preparer(self, portal, case):
        doc = _doc(case)
        _add_user("valmistelija", ["Member"])
        api.user.grant_roles(username="valmistelija", obj=case, roles=["Preparer"])
        login(portal, "valmistelija")
        doc.file = NamedBlobFile(data=b"forged", filename="hakemus.pdf")
        with pytest.raises(registration.Immutable) as info:
            notify(ObjectModifiedEvent(doc))
        assert info.value.field == "file"
        assert doc.file.data == PDF
        assert doc.sha256 == hashlib.sha256(PDF).hexdigest()

    def test_records_officer_new_version_kept_with_hashes(self, portal, case):
        from municipality.policy.cases import phaselog

        doc = _doc(case)
        first = doc.sha256
        _add_user("asiakirjavastaava", ["Member"])
        api.user.grant_roles(
            username="asiakirjavastaava", obj=case, roles=["RecordsOfficer"]
        )
        login(portal, "asiakirjavastaava")
        second_pdf = make_pdf("Rakennuslupahakemus", ["Täydennetty versio."])
        doc.file = NamedBlobFile(data=second_pdf, filename="hakemus-v2.pdf")
        with pytest.raises(registration.Immutable) as info:  # no reason given
            notify(ObjectModifiedEvent(doc))
        assert info.value.field == "file_change_reason"
        assert doc.sha256 == first and doc.file.data == PDF  # rolled back
        doc.file = NamedBlobFile(data=second_pdf, filename="hakemus-v2.pdf")
        doc.file_change_reason = "Hakija täydensi hakemusta."
        notify(ObjectModifiedEvent(doc))
        assert doc.sha256 == hashlib.sha256(second_pdf).hexdigest() != first
        entry = phaselog.entries(case)[-1]
        assert entry["data"]["event"] == "new_version"
        assert entry["data"]["old_sha256"] == first
        assert entry["data"]["sha256"] == doc.sha256
        assert entry["data"]["version"] == 1
        assert entry["note"] == "Hakija täydensi hakemusta."
        assert entry["agent"] == "asiakirjavastaava"
        assert not doc.file_change_reason  # a reason belongs to one change
        text = phaselog.render(case, entry, case.REQUEST, full=True)["text"]
        assert f"versio 1: SHA-256 {first} → {doc.sha256}" in text
        history = registration.hash_history(doc)
        assert [h["sha256"] for h in history] == [first, doc.sha256]
        assert history[1]["agent"] == "asiakirjavastaava"
        repository = api.portal.get_tool("portal_repository")
        setRoles(portal, TEST_USER_ID, ["Manager"])
        login(portal, TEST_USER_NAME)
        assert len(repository.getHistoryMetadata(doc)) == 2
        old = repository.retrieve(doc, 0).object
        assert old.sha256 == first
        assert old.file.data == PDF
        assert repository.retrieve(doc, 1).object.sha256 == doc.sha256
        # metadata stays frozen for the records officer too
        login(portal, "asiakirjavastaava")
        doc.correspondent = "Joku muu"
        with pytest.raises(registration.Immutable):
            notify(ObjectModifiedEvent(doc))


class TestSearch:
    def test_extracted_text_found_by_allowed_user_not_anonymous(self, portal, case):
        doc = _doc(case)
        found = api.content.find(SearchableText="poikkeamista")
        assert [b.UID for b in found] == [doc.UID()]
        logout()
        assert len(api.content.find(SearchableText="poikkeamista")) == 0

    def test_text_not_in_metadata(self, portal, case):
        doc = _doc(case)
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog(UID=doc.UID())
        values = [str(brain[name]) for name in catalog.schema()]
        assert not any("poikkeamista" in value for value in values)

    def test_new_version_text_is_indexed(self, portal, case):
        doc = _doc(case)
        doc.file = NamedBlobFile(
            data=make_pdf("Liite", ["Uusi sana kolmiloikka."]), filename="liite.pdf"
        )
        doc.file_change_reason = "Korjattu liite."
        notify(ObjectModifiedEvent(doc))
        doc.reindexObject()
        assert len(api.content.find(SearchableText="kolmiloikka")) == 1
        assert len(api.content.find(SearchableText="poikkeamista")) == 0


class TestStricterNotLooser:
    def _secret(self, case):
        case.publicity_class = "secret"
        case.secrecy_period = 25
        case.protection_level = "III"
        case.security_reasons = ["24.1.25"]

    def test_inherits_from_secret_case(self, case):
        self._secret(case)
        doc = _doc(case)
        assert doc.publicity_class == "secret"
        assert doc.secrecy_period == 25
        assert doc.security_reasons == ["24.1.25"]

    def test_stricter_allowed(self, case):
        self._secret(case)
        doc = _doc(
            case,
            secrecy_period=50,
            protection_level="II",
            restriction_reason="Terveystietoja.",
        )
        assert doc.secrecy_period == 50

    def test_change_from_inherited_needs_reason(self, case):
        self._secret(case)
        with pytest.raises(DocumentError) as info:
            _doc(case, secrecy_period=50)
        assert info.value.field == "restriction_reason"
        assert case.objectIds() == []

    @pytest.mark.parametrize(
        "kw, field",
        [
            ({"publicity_class": "public"}, "publicity_class"),
            ({"secrecy_period": 10}, "secrecy_period"),
            ({"protection_level": "IV"}, "protection_level"),
        ],
    )
    def test_looser_refused(self, case, kw, field):
        self._secret(case)
        with pytest.raises(DocumentError) as info:
            _doc(case, restriction_reason="Syy.", **kw)
        assert info.value.field == field
        assert case.objectIds() == []

    def test_public_case_allows_anything(self, case):
        case.publicity_class = "public"
        doc = _doc(case, publicity_class="public")
        assert doc.publicity_class == "public"

    def test_guard_on_modification(self, case):
        self._secret(case)
        doc = _doc(case, register=False)
        doc.publicity_class = "public"
        from municipality.policy.documents.subscribers import LooserThanCase

        with pytest.raises(LooserThanCase) as info:
            notify(ObjectModifiedEvent(doc))
        assert info.value.field == "publicity_class"
