"""Municipal merger: another municipality's collective.exportimport export
imported as a new, closed archive creator (archive.merger).

The source is a small municipality made with the builders (integration, and
the functional layer for the resumability test: it commits); the demo round
trip runs the same comparison on the whole demo municipality. The crash of
the bulk import is injected in process (``on_unit`` raises in the middle of a
batch after earlier batches were committed, then the transaction is
aborted: what a ``kill -9`` leaves), not with a subprocess: a real
``bin/instance run`` would need its own database with a site and the export
built first, well over the 40 s budget.
"""

from builders import make_case
from builders import make_records
from builders import make_statement
from io import StringIO
from municipality.policy.archive.merger import hooks
from municipality.policy.archive.merger import importer
from municipality.policy.archive.merger.progress import Progress
from municipality.policy.cases import phaselog
from municipality.policy.documents.api import create_document
from municipality.policy.errors import IJSONError
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from municipality.policy.registry import numbering
from municipality.policy.registry.api import register_case
from municipality.policy.security import grants
from pathlib import Path
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zExceptions import BadRequest
from zope.interface import alsoProvides
from zope.interface import noLongerProvides
import hashlib
import json
import pytest
import transaction


MAPPING = Path(__file__).parent / "data" / "merger" / "mapping.yaml"
SAVEPOINT = {"commit": lambda: transaction.savepoint(optimistic=True)}


def import_entinen(portal, source):
    """Import ``source`` as 'Entinen kunta' (ENTI) with the test mapping, in
    savepoints (integration: the test's transaction is rolled back)."""
    return importer.import_export(
        portal,
        source,
        "entinenkunta",
        "ENTI",
        "Entinen kunta",
        MAPPING,
        progress=False,
        **SAVEPOINT,
    )


def export(creator, directory, ours=True):
    """Export ``creator`` with collective.exportimport's view (ours: with our hooks)."""
    request = creator.REQUEST
    if ours:
        alsoProvides(request, IMunicipalityPolicyLayer)
    else:
        noLongerProvides(request, IMunicipalityPolicyLayer)
    try:
        return hooks.export(creator, directory, request=request)
    finally:
        alsoProvides(request, IMunicipalityPolicyLayer)


def sha(doc):
    return hashlib.sha256(doc.file.data).hexdigest()


def cases_of(registry):
    return sorted(
        (o for o in registry.objectValues() if o.portal_type == "Case"),
        key=lambda case: case.diary_number,
    )


def small_municipality(portal):
    """Three cases (one prepared, secret; one with a draft), users, grants."""
    registry, first = make_records(portal)
    make_statement(first)
    secret = make_case(registry, "Salainen", "secret")
    make_statement(secret)
    api.content.transition(obj=secret, transition="prepare")
    third = make_case(registry, "Luonnoksia", "public")
    create_document(
        third,
        title="Luonnos",
        file=(b"luonnos", "luonnos.txt"),
        record_type="Muistio",
        direction="internal",
        register=False,
    )
    third.related_cases = [first.UID()]
    for user_id in ("kirjaaja", "vanha-sihteeri", "uusi-kirjaaja"):
        api.user.create(email=f"{user_id}@example.org", username=user_id)
    grants.grant(registry, "kirjaaja", "Registrar", reason="test")
    grants.grant(registry.aq_parent, "vanha-sihteeri", "RecordsOfficer", reason="test")
    return registry


def test_round_trip(portal, tmp_path):
    registry = small_municipality(portal)
    export(registry.aq_parent, tmp_path)
    # one document's file no longer matches its exported checksum
    content = json.loads((tmp_path / "content.json").read_text())
    first = cases_of(registry)[0]
    statement = first.objectValues()[0]
    tampered = next(i for i in content if i.get("UID") == statement.UID())
    tampered["kuntaportaali"]["sha256"] = tampered["sha256"] = "0" * 64
    (tmp_path / "content.json").write_text(json.dumps(content))

    report = import_entinen(portal, tmp_path)

    assert report["imported"] == {
        "SubArchiveCreator": 2,
        "ClassificationPlan": 1,
        "TaskClass": 12,
        "Registry": 1,
        "Case": 3,
        "CaseDocument": 2,
    }
    assert [(r["type"], r["reason"]) for r in report["skipped"]] == [
        ("CaseDocument", "sha256_mismatch")
    ]
    creator = portal["entinenkunta"]
    new_registry = creator["kirjaamo"]
    old, new = cases_of(registry), cases_of(new_registry)
    # the original diary numbers, never renumbered
    assert [c.diary_number for c in new] == [c.diary_number for c in old]
    assert [c.diary_number.split("/")[0] for c in new] == ["ESIM"] * 3
    assert [(c.diary_year, c.diary_sequence) for c in new] == [
        (c.diary_year, c.diary_sequence) for c in old
    ]
    # closed: internal containers, no new registrations, counters at the top
    assert api.content.get_state(creator) == "internal"
    assert api.content.get_state(new_registry) == "internal"
    year = old[0].diary_year
    assert numbering.last_number(new_registry, year) == 3
    savepoint = transaction.savepoint()
    with pytest.raises(
        numbering.RegistryClosed, match="Kirjaamo ESIM on suljettu"
    ) as refused:
        register_case(new_registry, title="Uusi", task_class="00.01.00")
    # over REST a 400 naming the field (errors.JSONErrorView), never a 500
    assert isinstance(refused.value, BadRequest)
    assert IJSONError.providedBy(refused.value)
    assert refused.value.extra == {"field": "registry"}
    savepoint.rollback()  # as the refused request's transaction would be
    # states and phases as they were; the files' checksums equal
    for before, after in zip(old, new, strict=True):
        assert api.content.get_state(after) == api.content.get_state(before)
        assert after.UID() != before.UID()  # taken in this site: new UIDs
        assert [
            (e["kind"], e["action_class"], e["date"]) for e in phaselog.entries(after)
        ] == [
            (e["kind"], e["action_class"], e["date"]) for e in phaselog.entries(before)
        ]
    assert api.content.get_state(new[1]) == "valmistelussa"
    assert new[1].publicity_class == "secret"
    assert new[1].security_reasons == ["24.1.25"]
    assert list(new[0].objectIds()) == []  # its tampered document stayed out
    (doc,) = new[1].objectValues()
    (source_doc,) = old[1].objectValues()
    assert sha(doc) == sha(source_doc) == doc.sha256
    assert api.content.get_state(doc) == "registered"
    assert api.content.get_state(new[2].objectValues()[0]) == "draft"
    # a relation kept through the new UID
    assert new[2].related_cases == [new[0].UID()]
    assert report["uid_changes"][old[0].UID()] == new[0].UID()
    # roles through the mapping file; the unmapped principal only reported
    assert "Registrar" in new_registry.get_local_roles_for_userid("uusi-kirjaaja")
    assert new_registry.get_local_roles_for_userid("kirjaaja") == ()
    (record,) = [
        g for g in grants.grants(new_registry) if g["principal"] == "uusi-kirjaaja"
    ]
    assert record["reason"] == "Kuntaliitos ENTI: kirjaaja"
    assert report["unmapped_principals"] == {"vanha-sihteeri": ["/"]}
    assert creator.get_local_roles_for_userid("vanha-sihteeri") == ()
    # the catalog finds them in the new archive creator
    found = api.content.find(context=new_registry, portal_type="Case")
    assert len(found) == 3
    # the report next to the source
    text = (tmp_path / "merger-report-entinenkunta.txt").read_text()
    assert "vanha-sihteeri" in text and "SHA-256" in text


def test_plain_export_phases_from_history(portal, tmp_path):
    registry = small_municipality(portal)
    export(registry.aq_parent, tmp_path, ours=False)
    content = json.loads((tmp_path / "content.json").read_text())
    assert not any("kuntaportaali" in item for item in content)

    report = importer.import_export(
        portal,
        tmp_path,
        "vanhakunta",
        "VANHA",
        "Vanha kunta",
        MAPPING,
        progress=False,
        **SAVEPOINT,
    )

    assert report["imported"]["Case"] == 3
    assert report["imported"]["CaseDocument"] == 3  # checksums: the sha256 field
    new = cases_of(portal["vanhakunta"]["kirjaamo"])
    assert [e["kind"] for e in phaselog.entries(new[1])] == ["registration", "state"]
    assert phaselog.entries(new[1])[1]["data"] == {
        "transition": "prepare",
        "old": "vireilla",
        "new": "valmistelussa",
    }
    year = new[0].diary_year
    assert [(c.diary_year, c.diary_sequence) for c in new] == [
        (year, 1),
        (year, 2),
        (year, 3),
    ]
    assert numbering.last_number(portal["vanhakunta"]["kirjaamo"], year) == 3


def test_a_failing_case_is_skipped_whole(portal, tmp_path, monkeypatch):
    """A case whose import raises half-way (its document fails) is rolled
    back whole and reported with the error; the batch's other cases stay."""
    registry = small_municipality(portal)
    export(registry.aq_parent, tmp_path)
    failing = cases_of(registry)[1].diary_number
    real_document = importer.Importer.document

    def document(self, case, item):
        if case.diary_number == failing:
            raise RuntimeError("levy täynnä")
        return real_document(self, case, item)

    monkeypatch.setattr(importer.Importer, "document", document)
    report = import_entinen(portal, tmp_path)

    new = cases_of(portal["entinenkunta"]["kirjaamo"])
    assert [c.diary_number for c in new] == [
        c.diary_number for c in cases_of(registry) if c.diary_number != failing
    ]
    assert all(c.objectIds() for c in new)  # no case without its document
    errors = [r for r in report["skipped"] if r["reason"] == "error"]
    assert [(r["type"], r["detail"]) for r in errors] == [
        ("Case", "RuntimeError: levy täynnä")
    ]
    assert report["imported"]["Case"] == len(new) == 2
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(
        path="/".join(portal["entinenkunta"].getPhysicalPath()), diary_number=failing
    )


class Crash(Exception):
    """What a kill -9 would be, in process."""


def test_resume_after_crash(functional, tmp_path, capsys):
    portal = functional["portal"]
    registry = small_municipality(portal)
    for number in range(3):
        make_statement(make_case(registry, f"Asia {number}", "public"))
    transaction.commit()
    export(registry.aq_parent, tmp_path)
    seen = []

    def crash_at_fifth_case(unit):
        if unit.type == "Case":
            seen.append(unit)
            if len(seen) == 5:
                raise Crash()

    with pytest.raises(Crash):
        importer.import_export(
            portal,
            tmp_path,
            "entinenkunta",
            "ENTI",
            "Entinen kunta",
            MAPPING,
            batch_size=4,
            on_unit=crash_at_fifth_case,
        )
    transaction.abort()  # the batch in progress is lost, the committed ones stay
    partial = cases_of(portal["entinenkunta"]["kirjaamo"])
    assert 0 < len(partial) < 6
    assert all(len(case.objectIds()) == 1 for case in partial)  # no half case

    resumed = importer.import_export(
        portal,
        tmp_path,
        "entinenkunta",
        "ENTI",
        "Entinen kunta",
        MAPPING,
        batch_size=4,
    )
    clean = importer.import_export(
        portal,
        tmp_path / ".",
        "puhdas",
        "PUHDAS",
        "Puhdas",
        MAPPING,
        batch_size=1000,
        progress=False,
        report=tmp_path / "clean",
    )
    transaction.commit()

    assert resumed["runs"] == 2 and resumed["finished"]
    assert resumed["imported"] == clean["imported"]
    assert resumed["skipped"] == clean["skipped"] == []
    one, other = (cases_of(portal[i]["kirjaamo"]) for i in ("entinenkunta", "puhdas"))
    assert len(one) == 6
    assert [c.diary_number for c in one] == [c.diary_number for c in other]
    assert [[sha(d) for d in c.objectValues()] for c in one] == [
        [sha(d) for d in c.objectValues()] for c in other
    ]
    assert [len(phaselog.entries(c)) for c in one] == [
        len(phaselog.entries(c)) for c in other
    ]
    err = capsys.readouterr().err
    assert "\r" in err and "/s ETA" in err


def test_progress_line():
    stream = StringIO()
    progress = Progress(200, done=50, stream=stream)
    progress.update(50, force=True)
    assert stream.getvalue().startswith("\rtuonti 100/200  50.0%")


DEMO_MAPPING = Path(__file__).parent / "data" / "merger" / "demo-mapping.yaml"


def test_demo_round_trip(demo_portal, tmp_path):
    setRoles(demo_portal, TEST_USER_ID, ["Manager"])
    source = demo_portal["esimerkkikunta"]
    export(source, tmp_path)

    report = importer.import_export(
        demo_portal,
        tmp_path,
        "entinenkunta",
        "ENTI",
        "Entinen kunta",
        DEMO_MAPPING,
        progress=False,
        **SAVEPOINT,
    )

    old, new = (
        cases_of(source["kirjaamo"]),
        cases_of(demo_portal["entinenkunta"]["kirjaamo"]),
    )
    assert len(new) == len(old) > 50
    assert [c.diary_number for c in new] == [c.diary_number for c in old]
    for before, after in zip(old, new, strict=True):
        assert api.content.get_state(after) == api.content.get_state(before)
        documents = [
            d for d in before.objectValues() if d.portal_type == "CaseDocument"
        ]
        assert sorted(sha(d) for d in after.objectValues()) == sorted(
            sha(d) for d in documents
        ), before.diary_number
        kinds = [e["kind"] for e in phaselog.entries(after)]
        source_kinds = [e["kind"] for e in phaselog.entries(before)]
        assert kinds[: len(source_kinds)] == source_kinds
        assert set(kinds[len(source_kinds) :]) <= {"grant"}  # mapped roles, logged
    assert report["imported"]["Case"] == len(old)
    assert report["skipped"] == []  # the whole archive creator came across
    assert "Registrar" in demo_portal["entinenkunta"].get_local_roles_for_userid(
        "kirjaaja"
    )
    assert "tekninen-henkilosto-ryhma" in report["unmapped_principals"]
