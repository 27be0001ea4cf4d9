"""Archive creators and sub-archive creators."""

from municipality.policy.organisation import content
from municipality.policy.upgrades import v1013
from plone import api
from ZODB import DB
from ZODB.DemoStorage import DemoStorage
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory
import transaction


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


def test_archive_creator_pickled_under_the_old_module_loads():
    """Sites from before 1013 hold pickles naming ``archive.content``: they load
    as the class that now lives in ``organisation.content``."""

    db = DB(DemoStorage())
    connection = db.open()
    old_module = content.ArchiveCreator.__module__
    content.ArchiveCreator.__module__ = "municipality.policy.archive.content"
    try:
        creator = content.ArchiveCreator("vanhakunta")
        creator.code = "VANHA"
        connection.root()["creator"] = creator
        transaction.commit()
        stored = connection._storage.load(creator._p_oid)[0]
    finally:
        content.ArchiveCreator.__module__ = old_module
        connection.close()
    assert b"municipality.policy.archive.content" in stored
    assert b"municipality.policy.organisation" not in stored
    db.cacheMinimize()
    fresh = db.open()
    try:
        loaded = fresh.root()["creator"]
        assert type(loaded) is content.ArchiveCreator
        assert loaded.code == "VANHA"
    finally:
        fresh.close()
        db.close()


def test_upgrade_1013_points_the_types_at_organisation(portal):

    types = api.portal.get_tool("portal_types")
    types["ArchiveCreator"].klass = "municipality.policy.archive.content.ArchiveCreator"
    v1013.archive(None)
    assert (
        types["ArchiveCreator"].klass
        == "municipality.policy.organisation.content.ArchiveCreator"
    )
    assert types["SubArchiveCreator"].schema == (
        "municipality.policy.organisation.content.ISubArchiveCreator"
    )
