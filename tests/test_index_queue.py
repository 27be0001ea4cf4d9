"""A catalog query during the indexing queue's processing (an indexer of a
metadata column that queries, as the retention end once did) catalogues
nothing twice
(``base.indexqueue``: CMFCore's commit hook processes the queue unguarded)."""

from plone import api
from plone.dexterity.interfaces import IDexterityContent
from plone.indexer import indexer
from Products.CMFCore.indexing import getQueue
from zope.component import getGlobalSiteManager
import pytest


INDEX = "kp_test_querying"


@indexer(IDexterityContent)
def querying(obj):
    """An indexer that queries the catalog (processes the queue)."""
    return len(api.content.find(portal_type="Document"))


@pytest.fixture
def querying_index(portal):
    gsm = getGlobalSiteManager()
    gsm.registerAdapter(querying, name=INDEX)
    catalog = api.portal.get_tool("portal_catalog")
    catalog.addColumn(INDEX)  # a metadata column: computed before the record exists
    yield catalog
    catalog.delColumn(INDEX)
    gsm.unregisterAdapter(querying, name=INDEX)


def test_an_indexer_that_queries_catalogues_once(portal, querying_index):
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import setRoles

    setRoles(portal, TEST_USER_ID, ["Manager"])
    getQueue().process()
    for number in range(3):  # added, their indexing queued (no query between)
        portal.invokeFactory("Document", f"kp-queue-{number}", title="x")
    assert getQueue().length() >= 3
    # as the commit hook does (QueueTM.before_commit): the queue, unguarded
    getQueue().process()
    catalog = querying_index
    for number in range(3):
        path = f"/plone/kp-queue-{number}"
        brains = catalog.unrestrictedSearchResults(path={"query": path, "depth": 0})
        assert [b.getPath() for b in brains] == [path]
    assert len(catalog.unrestrictedSearchResults(portal_type="Document")) == 3


def test_another_threads_pass_does_not_hide_this_threads_indexing(portal):
    """While one thread processes its queue, a catalog query in another thread
    still indexes what that thread queued (CMFCore kept the queues being
    processed in one set shared by all threads, and the queue object is the
    same for all of them)."""
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import setRoles
    from Products.CMFCore import indexing
    import threading

    setRoles(portal, TEST_USER_ID, ["Manager"])
    getQueue().process()
    busy, done = threading.Event(), threading.Event()

    def other_thread_processing():
        indexing.processing.add(getQueue())  # as processQueue does, then waits
        busy.set()
        done.wait(30)
        indexing.processing.remove(getQueue())

    thread = threading.Thread(target=other_thread_processing)
    thread.start()
    try:
        busy.wait(30)
        portal.invokeFactory("Document", "kp-queue-thread", title="x")
        found = api.content.find(portal_type="Document", id="kp-queue-thread")
        assert [b.getId for b in found] == ["kp-queue-thread"]
    finally:
        done.set()
        thread.join(30)
