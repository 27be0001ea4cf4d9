"""Demo step: the information management plan ``tos`` of Esimerkkikunta.

Imports the City of Helsinki task classification (copied into
``classification/data/helsinki-functions.csv``; City of Helsinki, helerm, MIT)
with the same importer users use, then gives a few classes realistic
restriction and retention defaults. Idempotent.
"""

from municipality.policy.classification import importer
from municipality.policy.classification import lookup
from municipality.policy.classification.jhs191 import DATA
from plone.dexterity.utils import createContentInContainer
import os


CSV = os.path.join(DATA, "helsinki-functions.csv")

#: code -> values set on the class and all its sub-classes.
DEFAULTS = {
    "00": {
        "publicity_class": "public",
        "personal_data": "none",
        "retention_period": 10,
        "retention_reason": "Kunnan arkistonmuodostussuunnitelma",
        "retention_start_rule": "case_closed",
    },
    "00.02": {"retention_period": -1, "retention_reason": "Arkistolaitoksen päätös"},
    "01": {
        "publicity_class": "partly_secret",
        "security_reasons": ["24.1.32"],
        "secrecy_period": 50,
        "personal_data": "personal",
        "retention_period": 50,
        "retention_reason": "Kunnan päätös",
        "retention_start_rule": "case_closed",
    },
    "02": {
        "publicity_class": "public",
        "personal_data": "none",
        "retention_period": 10,
        "retention_reason": "Kirjanpitolaki (1336/1997) 2:10 §",
        "retention_start_rule": "case_closed",
    },
    "05": {
        "publicity_class": "secret",
        "security_reasons": ["24.1.25"],
        "secrecy_period": 100,
        "personal_data": "sensitive",
        "protection_level": "IV",
        "retention_period": 120,
        "retention_reason": "Laki sosiaalihuollon asiakasasiakirjoista (254/2015)",
        "retention_start_rule": "birth_date",
    },
    "06": {
        "publicity_class": "secret",
        "security_reasons": ["24.1.25"],
        "secrecy_period": 100,
        "personal_data": "sensitive",
        "protection_level": "IV",
        "retention_period": 120,
        "retention_reason": "STM:n asetus potilasasiakirjoista (94/2022)",
        "retention_start_rule": "birth_date",
    },
    "09.05": {
        "publicity_class": "partly_secret",
        "security_reasons": ["24.1.7"],
        "secrecy_period": 25,
        "protection_level": "IV",
        "retention_period": 10,
    },
    "10.03": {
        "publicity_class": "public",
        "retention_period": -1,
        "retention_reason": "Arkistolaitoksen päätös",
    },
    "10.04": {
        "publicity_class": "public",
        "retention_period": -1,
        "retention_reason": "Arkistolaitoksen päätös",
    },
    "12.01": {
        "publicity_class": "partly_secret",
        "security_reasons": ["24.1.30"],
        "secrecy_period": 50,
        "personal_data": "personal",
        "retention_period": 50,
    },
}

RECORD_TYPES = {
    "00.02.00": [
        {"record_type": "Esityslista", "action_class": "valmistelu"},
        {"record_type": "Pöytäkirja", "action_class": "paatoksenteko"},
        {"record_type": "Ote", "action_class": "tiedoksianto", "retention_period": 10},
    ],
    "05.02": [
        {
            "record_type": "Ilmoitus",
            "specifier": "Lastensuojeluilmoitus",
            "action_class": "vireilletulo",
        },
        {"record_type": "Selvitys", "action_class": "valmistelu"},
        {"record_type": "Päätös", "action_class": "paatoksenteko"},
    ],
    "10.04.03": [
        {"record_type": "Hakemus", "action_class": "vireilletulo"},
        {"record_type": "Piirustus", "action_class": "valmistelu"},
        {"record_type": "Lupa", "action_class": "paatoksenteko"},
    ],
}


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
