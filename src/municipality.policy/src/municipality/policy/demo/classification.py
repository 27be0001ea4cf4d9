"""Demo step: the information management plan ``tos`` of Esimerkkikunta.

Imports the City of Helsinki task classification (copied into
``classification/data/helsinki-functions.csv``; City of Helsinki, helerm, MIT)
with the same importer users use, then gives a few classes realistic
restriction and retention defaults. Idempotent.
"""

from municipality.policy.classification import importer
from municipality.policy.classification import lookup
from municipality.policy.classification.jhs191 import DATA
from municipality.policy.demo import datafile
from plone.dexterity.utils import createContentInContainer
import os


CSV = os.path.join(DATA, "helsinki-functions.csv")

#: ``data/classification.json``: ``defaults`` (code -> values set on the class and
#: all its sub-classes) and ``record_types`` (code -> the class's record types).
_DATA = datafile.read("classification.json")
DEFAULTS = _DATA["defaults"]
RECORD_TYPES = _DATA["record_types"]


def _subtree(task_class):
    yield task_class
    for child in task_class.objectValues():
        if getattr(child, "portal_type", None) == lookup.CLASS:
            yield from _subtree(child)


def load(portal):
    creator = portal.get("esimerkkikunta")
    if creator is None:
        return
    plan = creator.get("tos")
    if plan is None:
        plan = createContentInContainer(
            creator,
            "ClassificationPlan",
            checkConstraints=False,
            id="tos",
            title="Tiedonohjaussuunnitelma",
            contact_person="Arkistotoimen johtava viranhaltija",
        )
    with open(CSV, "rb") as csv_file:
        data = csv_file.read()
    rows = importer.parse_csv(data)
    if {row.code for row in rows} - set(lookup.classes_in(plan)):
        importer.check(plan, rows)
        importer.write(plan, rows)
    classes = lookup.classes_in(plan)
    for code in sorted(DEFAULTS):  # parents first: a sub-class overrides its parent
        for task_class in _subtree(classes[code]):
            for name, value in DEFAULTS[code].items():
                setattr(task_class, name, value)
            task_class.reindexObject()
    for code, records in RECORD_TYPES.items():
        classes[code].record_types = records
