"""Changes of restriction and retention go to the case's handling-phase log.

For a case and for each of its documents (a draft's restriction may change).

A snapshot of the values is kept on the case when it is added and after each
logged change. ``record(case)`` compares the case with it and writes one
``restriction`` entry, the field names with their old and new stored values,
rendered at read time as "field: old → new" (``render_entry``), with the
reason the user gave
(``restriction_reason`` / ``retention_change_reason``) or the caller's. It runs
on every modification of a case (forms, REST, code that notifies), so no change
of who may see a record or how long it is kept goes unexplained.
"""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy.base.content import case_of
from municipality.policy.cases import phaselog
from municipality.policy.classification.behaviors import IRestriction
from municipality.policy.classification.behaviors import IRetention
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.classification.inheritance import RESTRICTION_FIELDS
from municipality.policy.classification.inheritance import RETENTION_FIELDS
from municipality.policy.interfaces import ICase
from persistent.mapping import PersistentMapping
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyTokenized


SNAPSHOT_ATTR = "_municipality_restriction_seen"
#: the field holding the user's reason -> the fields it explains
REASONS = (
    ("restriction_reason", RESTRICTION_FIELDS),
    ("retention_change_reason", RETENTION_FIELDS),
)


def current(case):
    base = aq_base(case)
    values = {}
    for name in FIELDS:
        value = getattr(base, name, None)
        if isinstance(value, (list, tuple)):
            value = sorted(value) or None
        values[name] = None if value == "" else value
    return values


def remember(case):
    """Take the snapshot the next ``record`` compares with."""
    setattr(case, SNAPSHOT_ATTR, PersistentMapping(current(case)))


def changes(case):
    """``[(name, old, new)]`` since the snapshot (none without a snapshot)."""
    seen = getattr(aq_base(case), SNAPSHOT_ATTR, None)
    if seen is None:
        return []
    now = current(case)
    return [
        (name, seen.get(name), now[name])
        for name in FIELDS
        if seen.get(name) != now[name]
    ]


def _field(name):
    for schema in (IRestriction, IRetention):
        if name in schema:
            return schema[name]
    if name == "task_class":  # a reclassification (cases.taskclass)
        from municipality.policy.cases.content import ICase as ICaseSchema

        return ICaseSchema[name]
    return None


def _show(case, field, value, request):
    if value in (None, [], ""):
        return "–"
    if isinstance(value, list):
        return ", ".join(_show(case, field.value_type, item, request) for item in value)
    vocabulary = getattr(field, "vocabulary", None)
    if vocabulary is None and getattr(field, "vocabularyName", None):
        vocabulary = field.bind(case).vocabulary
    if IVocabularyTokenized.providedBy(vocabulary):
        try:
            title = vocabulary.getTerm(value).title
        except LookupError:
            title = None
        if title:
            return translate(title, context=request)
    return str(value)


def describe(case, found, request=None):
    """ "Title: old → new; ..." in the request's language."""
    request = request if request is not None else getRequest()
    parts = []
    for name, old, new in found:
        field = _field(name).bind(case)
        title = translate(field.title, context=request)
        before = _show(case, field, old, request)
        after = _show(case, field, new, request)
        parts.append(f"{title}: {before} → {after}")
    return "; ".join(parts)


def record(obj, reason=None):
    """Log the changes of ``obj`` (a case or a document of one) since the
    snapshot, in the case's log, and take a new snapshot."""
    found = changes(obj)
    if getattr(aq_base(obj), SNAPSHOT_ATTR, None) is None or found:
        remember(obj)
    case = case_of(obj)
    if not found or case is None:
        return None
    if reason is None:
        names = {name for name, _old, _new in found}
        texts = [
            (getattr(aq_base(obj), field, None) or "").strip()
            for field, explained in REASONS
            if names & set(explained)
        ]
        reason = " ".join(text for text in texts if text)
    return phaselog.add(
        case,
        phaselog.RESTRICTION,
        "ohjaus",
        data={
            # the id, never the title: the log may be read by fewer or more
            "document": None if obj is case else obj.getId(),
            "changes": [
                {"field": name, "old": _plain(old), "new": _plain(new)}
                for name, old, new in found
            ],
        },
        note=reason or "",
    )


def _plain(value):
    return list(value) if isinstance(value, (list, tuple)) else value


@phaselog.renders(phaselog.RESTRICTION)
def render_entry(case, entry, request, full):
    """The sentence of a restriction entry in the reader's language."""
    data = entry.get("data") or {}
    found = [
        (change["field"], change.get("old"), change.get("new"))
        for change in data.get("changes", ())
        if _field(change.get("field")) is not None
    ]
    mapping = {
        "changes": describe(case, found, request),
        "reason": entry.get("note") or "–",
    }
    if data.get("document"):
        mapping["document"] = data["document"]
        message = _(
            "msg_document_restriction_changed_log",
            default="Restriction of document ${document} changed: ${changes}. "
            "Reason: ${reason}",
            mapping=mapping,
        )
    elif {name for name, _old, _new in found} == {"task_class"}:
        ((_name, old, new),) = found
        field = _field("task_class").bind(case)
        mapping["changes"] = (
            f"{_show(case, field, old, request)} → {_show(case, field, new, request)}"
        )
        message = _(
            "msg_task_class_changed_log",
            default="Task class changed: ${changes}. The diary number keeps the "
            "class it was given under. Reason: ${reason}",
            mapping=mapping,
        )
    else:
        message = _(
            "msg_restriction_changed_log",
            default="Restriction or retention changed: ${changes}. Reason: ${reason}",
            mapping=mapping,
        )
    return translate(message, context=request)


def added(obj, event):
    """A new case's snapshot (a document's is taken by
    ``documents.subscribers.check_restriction`` once it has inherited)."""
    if ICase.providedBy(obj):
        remember(obj)


def modified(obj, event):
    record(obj)
