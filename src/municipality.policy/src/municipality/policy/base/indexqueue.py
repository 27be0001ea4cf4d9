"""One pass over the catalog's indexing queue at a time, per thread.

Products.CMFCore's commit hook (``QueueTM.before_commit``) calls
``IndexQueue.process`` directly, without the guard ``processQueue`` has: a
catalog query made while the queue is being processed (by an indexer, a
metadata column, an event handler) processes the same queue again and
catalogues an object twice (two records, one path). ``process`` below, put in
place of CMFCore's by ``collective.monkeypatcher`` (``configure.zcml``; the
original kept as ``_old_process``), makes a nested call a no-op. The queue
is thread-local, and so is the mark. SENAITE patched the same defect
(senaite.core pull request 2848).

``processing``: CMFCore's set of the queues being processed, made per thread.
The queue is a thread-local object, one Python object for all threads, so in
CMFCore's shared set one thread's pass made every other thread's catalog
queries skip their own pending indexing (a case just added not found by a
query in the same request). Tests: ``tests/test_index_queue.py``.
"""

import threading


def process(self):
    """``IndexQueue.process``, unless this thread's queue is already being
    processed (then nothing: the outer pass indexes everything queued)."""
    if getattr(self, "_kp_processing", False):
        return 0
    self._kp_processing = True
    try:
        return self._old_process()
    finally:
        self._kp_processing = False


class PerThread(threading.local):
    """A set of queues, per thread (``processQueue`` adds, removes, asks)."""

    def __init__(self):
        self.queues = set()

    def add(self, queue):
        self.queues.add(queue)

    def remove(self, queue):
        self.queues.remove(queue)

    def __contains__(self, queue):
        return queue in self.queues


processing = PerThread()
