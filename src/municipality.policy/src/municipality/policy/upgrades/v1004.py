"""1003 -> 1004: the handling-phase log becomes structured data.

Before 1004 an entry was ``id``, ``action_class``, ``date`` (Helsinki),
``agent``, ``description`` (a message or a sentence already translated into
the writer's language) and ``state``. Each is rewritten as a structured entry
of ``cases.phaselog`` (``kind``, ``data``, ``note``, the date in UTC), by the
shapes the old code wrote:

- messages ``msg_phase_registered`` (registration), ``msg_phase_transition``
  (a workflow transition: titles mapped back to the workflow's ids),
  ``msg_phase_document_registered`` / ``msg_phase_document_new_version``
  (the document found by its hash);
- sentences of grants, revokes and inheritance blocks, in Finnish, Swedish or
  English (the patterns below are those of the 1003 catalogues, frozen here);
- a plain text under a hand-recorded action class: a handling phase, its text
  the description (shown as before);
- anything else (restriction changes, whose text is a sentence, and unknown
  shapes): a ``legacy`` entry, its text kept as the note, shown to staff only.

Entries that already have a ``kind`` are left alone, so the step may run again.
"""

from datetime import UTC
from datetime import datetime
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.cases import phaselog
from municipality.policy.interfaces import ICase
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.i18nmessageid import Message
import logging
import re


logger = logging.getLogger("municipality.policy.upgrades")

#: msg_grant_logged / msg_revoke_logged of 1003 (fi, sv, en), with its kind
SENTENCES = (
    (phaselog.GRANT, "Rooli ${role} myönnetty: ${principal} (${cause}). ${reason}"),
    (phaselog.REVOKE, "Rooli ${role} peruttu: ${principal} (${cause}). ${reason}"),
    (phaselog.GRANT, "Rollen ${role} beviljad: ${principal} (${cause}). ${reason}"),
    (
        phaselog.REVOKE,
        "Rollen ${role} återkallad: ${principal} (${cause}). ${reason}",
    ),
    (phaselog.GRANT, "Role ${role} granted to ${principal} (${cause}). ${reason}"),
    (phaselog.REVOKE, "Role ${role} revoked from ${principal} (${cause}). ${reason}"),
)
#: the causes' titles of 1003 -> cause id
CAUSES = {
    "Käsin myönnetty": "manual",
    "Manuellt beviljad": "manual",
    "Manual grant": "manual",
    "Nimetty valmistelijaksi": "preparer",
    "Utsedd till beredare": "preparer",
    "Assigned as preparer": "preparer",
    "Nimetty esittelijäksi": "presenter",
    "Utsedd till föredragande": "presenter",
    "Assigned as presenter": "presenter",
    "Toimialan jäsenyys": "sector_membership",
    "Medlemskap i sektorn": "sector_membership",
    "Sector membership": "sector_membership",
}
#: msg_inheritance_blocked / _restored of 1003 -> blocked
INHERITANCE = {
    "Roolien periytyminen ylemmältä tasolta estetty.": True,
    "Arv av roller från högre nivå blockerat.": True,
    "Inheritance of roles from above blocked.": True,
    "Roolien periytyminen ylemmältä tasolta palautettu.": False,
    "Arv av roller från högre nivå återställt.": False,
    "Inheritance of roles from above restored.": False,
}
#: action classes a person could record by hand before 1004
MANUAL_CLASSES = (
    "ohjaus",
    "vireilletulo",
    "valmistelu",
    "paatoksenteko",
    "toimeenpano",
    "tiedoksianto",
    "muutoksenhaku",
    "seuranta",
)


def _pattern(sentence):
    """A regular expression of a sentence; its reason (last) may be empty."""
    head = sentence.replace(" ${reason}", "")
    pattern = re.escape(head)
    for name in ("role", "principal", "cause"):
        pattern = pattern.replace(re.escape("${" + name + "}"), f"(?P<{name}>.+?)")
    return re.compile(pattern + r"(?:\s+(?P<reason>.*?))?\s*$", re.DOTALL)


PATTERNS = [(kind, _pattern(sentence)) for kind, sentence in SENTENCES]


def _titles(kind):
    """Title -> id of the states or transitions of the case workflows."""
    wftool = api.portal.get_tool("portal_workflow")
    titles = {}
    for workflow_id in wftool.getWorkflowIds():
        if not workflow_id.startswith("municipality_case_workflow"):
            continue
        items = getattr(wftool[workflow_id], kind)
        for item_id in items.objectIds():
            titles.setdefault(items[item_id].title or item_id, item_id)
            titles.setdefault(item_id, item_id)
    return titles


def _utc(value):
    """(UTC datetime, day only) of an old (Helsinki) date."""
    if not isinstance(value, datetime):
        return datetime.now(UTC), False
    if value.tzinfo is None:
        value = value.replace(tzinfo=TIMEZONE)
    local = value.astimezone(TIMEZONE)
    day = (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    return value.astimezone(UTC), day


def _fi(text):
    return translate(text, target_language="fi") if isinstance(text, Message) else text


def _document(case, sha256):
    for obj in case.objectValues():
        if sha256 and getattr(obj, "sha256", None) == sha256:
            return obj
    return None


def convert(case, old, states, transitions):
    """The structured entry for ``old`` (an entry of the 1003 shape)."""
    when, day = _utc(old.get("date"))
    entry = {
        "id": old.get("id"),
        "kind": phaselog.LEGACY,
        "action_class": old.get("action_class") or "ohjaus",
        "date": when,
        "day": day,
        "agent": old.get("agent"),
        "state": old.get("state"),
        "description": "",
        "note": "",
        "data": {},
    }
    text = old.get("description") or ""
    mapping = dict(getattr(text, "mapping", None) or {})
    msgid = str(text) if isinstance(text, Message) else None
    if msgid == "msg_phase_registered":
        entry.update(kind=phaselog.REGISTRATION, data={"number": mapping.get("number")})
    elif msgid == "msg_phase_transition":
        new = states.get(str(mapping.get("new")), old.get("state"))
        entry.update(
            kind=phaselog.STATE,
            data={
                "transition": transitions.get(str(mapping.get("transition"))),
                "old": states.get(str(mapping.get("old"))),
                "new": new,
            },
            note=str(mapping.get("comment") or "").strip(),
        )
    elif msgid in ("msg_phase_document_registered", "msg_phase_document_new_version"):
        sha256 = mapping.get("sha256")
        document = _document(case, sha256)
        entry.update(
            kind=phaselog.DOCUMENT,
            data={
                "event": "registered"
                if msgid == "msg_phase_document_registered"
                else "new_version",
                "document": document.getId() if document is not None else None,
                "uid": document.UID() if document is not None else None,
                "title": str(mapping.get("title") or ""),
                "sha256": sha256,
            },
        )
    elif msgid is None and str(text).strip() in INHERITANCE:
        entry.update(
            kind=phaselog.INHERITANCE,
            action_class="ohjaus",
            data={"blocked": INHERITANCE[str(text).strip()]},
        )
    elif msgid is None and _grant(entry, str(text)):
        pass
    elif msgid is None and text and entry["action_class"] in MANUAL_CLASSES:
        entry.update(kind=phaselog.PHASE, description=str(text))
    else:
        entry["note"] = _fi(text) if text else ""
    return entry


def _grant(entry, text):
    for kind, pattern in PATTERNS:
        match = pattern.match(text.strip())
        if match and match.group("cause") in CAUSES:
            entry.update(
                kind=kind,
                action_class="ohjaus",
                data={
                    "role": match.group("role"),
                    "principal": match.group("principal"),
                    "cause": CAUSES[match.group("cause")],
                },
                note=(match.group("reason") or "").strip(),
            )
            return True
    return False


def convert_case(case, states=None, transitions=None):
    """Rewrite ``case``'s log; returns the number of entries converted."""
    annotations = IAnnotations(case)
    log = annotations.get(phaselog.KEY)
    if not log or all("kind" in entry for entry in log):
        return 0
    states = states if states is not None else _titles("states")
    transitions = transitions if transitions is not None else _titles("transitions")
    converted = 0
    new = PersistentList()
    for old in log:
        if "kind" in old:
            new.append(old)
            continue
        new.append(convert(case, old, states, transitions))
        converted += 1
    annotations[phaselog.KEY] = new
    return converted


def structure_phase_logs(context):
    """Convert the phase log of every case."""
    catalog = api.portal.get_tool("portal_catalog")
    states, transitions = _titles("states"), _titles("transitions")
    converted = legacy = 0
    for brain in catalog.unrestrictedSearchResults(
        object_provides=ICase.__identifier__
    ):
        case = brain._unrestrictedGetObject()
        converted += convert_case(case, states, transitions)
        legacy += sum(
            1 for entry in phaselog.entries(case) if entry["kind"] == phaselog.LEGACY
        )
    logger.info(
        "Phase-log entries made structured: %d (kept as legacy text: %d)",
        converted,
        legacy,
    )
