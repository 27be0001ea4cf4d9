"""A merging municipality's records brought in as a new, closed archive creator.

The source is another municipality's collective.exportimport export (content
JSON as the add-on writes it, its local roles, relations; workflow history
and versions inside the content items). A Kuntaportaali source exported with
our hooks (``hooks``, on our browser layer) also carries each case's
handling-phase log and diary counters and each document's SHA-256 under the
item key ``kuntaportaali``; a plain export still imports (phases then come
from the workflow history).

Modules, one concern each: ``source`` (reading the export into units: a
container, or a case with everything inside it), ``values`` (JSON to field
values, blobs), ``mapping`` (the principal mapping file), ``journal`` (what
is done, in an annotation of the new archive creator), ``report`` (imported,
skipped and why; JSON and text), ``progress`` (the stderr progress line),
``roles`` (local roles onto the responsibility chain), ``history``
(workflow state and handling phases), ``importer`` (``import_export``),
``hooks`` (the export side).
"""
