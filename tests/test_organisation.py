"""Archive creators and sub-archive creators."""

from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory


def test_sub_archive_creators_vocabulary(demo_portal):
    factory = getUtility(IVocabularyFactory, "municipality.SubArchiveCreators")
    vocabulary = factory(demo_portal)
    titles = {term.value: term.title for term in vocabulary}
    assert titles["sivistyslautakunta"] == "Sivistyslautakunta"
    assert titles["tekninen-lautakunta"] == "Tekninen lautakunta"
    assert len(titles) == 4


def test_kinds_vocabulary(portal):
    factory = getUtility(
        IVocabularyFactory, "municipality.policy.SubArchiveCreatorKinds"
    )
    assert [t.value for t in factory(portal)] == ["body", "sector", "office_holder"]
