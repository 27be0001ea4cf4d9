"""The demo registry: about 50 cases, every status and publicity class, real PDFs."""

from municipality.policy.cases import phaselog
from municipality.policy.demo import cases as demo_cases
from municipality.policy.registry.api import get_case_by_diary_number
from plone import api


#: decision records: their cases come from ``demo.meetings``, not ``demo.cases``
DECISION_RECORDS = ("AgendaItem", "OfficeHolderDecision")


def _cases(portal):
    """The registry and the cases of ``demo.cases``."""
    registry = portal["esimerkkikunta"]["kirjaamo"]
    return registry, [
        o
        for o in registry.objectValues()
        if o.portal_type == "Case"
        and not any(c.portal_type in DECISION_RECORDS for c in o.objectValues())
    ]


def test_registry_and_cases(demo_portal):
    registry, cases = _cases(demo_portal)
    assert registry.prefix == "ESIM"
    # the case templates' cases, demo.swedish's eight Swedish cases and
    # demo.archive's seven older closed ones
    assert 60 <= len(cases) <= 72
    numbers = {case.diary_number for case in cases}
    assert len(numbers) == len(cases)
    # gap-free over the whole registry (the meetings' and the Swedish demo's
    # cases are numbered in the same diary)
    every_case = [o for o in registry.objectValues() if o.portal_type == "Case"]
    for year in (2025, 2026):
        sequences = sorted(c.diary_sequence for c in every_case if c.diary_year == year)
        assert sequences == list(range(1, len(sequences) + 1))
    sample = next(c for c in cases if c.publicity_class == "public")
    with api.env.adopt_user(username="kirjaaja"):
        assert get_case_by_diary_number(sample.diary_number) == sample
    assert sample.diary_number.startswith("ESIM/")


def test_every_status_and_publicity_class(demo_portal):
    _registry, cases = _cases(demo_portal)
    states = {api.content.get_state(case) for case in cases}
    assert states == set(demo_cases.PATHS)
    assert {case.publicity_class for case in cases} == {
        "public",
        "partly_secret",
        "secret",
        "not_yet_public",
    }
    codes = {case.task_class for case in cases}
    assert len(codes) >= 10


def test_documents_are_real_pdfs(demo_portal):
    _registry, cases = _cases(demo_portal)
    for case in cases:
        docs = [d for d in case.objectValues() if d.portal_type == "CaseDocument"]
        if api.content.get_state(case) == "havitetty":
            assert docs == [], case.diary_number  # disposed of: metadata only
            continue
        # 1-3 of the case templates, plus a notice's filed copy (demo.notices)
        assert 1 <= len(docs) <= 4, case.diary_number
        for doc in docs:
            assert doc.file.data.startswith(b"%PDF")
            assert doc.file.contentType == "application/pdf"


def test_secret_cases_are_distinctive_with_public_titles(demo_portal):
    _registry, cases = _cases(demo_portal)
    secret = [c for c in cases if c.publicity_class == "secret"]
    assert len(secret) >= 9
    for case in secret:
        assert case.public_title and case.public_title != case.Title()
        assert case.security_reasons
    assert len({c.Title() for c in secret}) == len(secret)


def test_phase_logs(demo_portal):
    _registry, cases = _cases(demo_portal)
    for case in cases:
        entries = phaselog.entries(case)
        (initiation,) = [e for e in entries if e["action_class"] == "vireilletulo"]
        assert phaselog.day(initiation) == case.initiated
        assert initiation["data"]["number"] == case.diary_number
    decided = [c for c in cases if api.content.get_state(c) == "paatetty"]
    assert any(
        e["action_class"] == "paatoksenteko" for e in phaselog.entries(decided[0])
    )


def test_load_is_idempotent(demo_portal):
    registry, cases = _cases(demo_portal)
    with api.env.adopt_roles(["Manager"]):
        demo_cases.load(demo_portal)
    assert len(_cases(demo_portal)[1]) == len(cases)
