"""One preview of a plan import, then exactly that written.

``preview(plan, parsed)`` compares what a reader found (``planformats``) with the
plan: which classes will be created, which updated (each changed field, old ->
new), which are unchanged, and what is skipped: the reader's skipped lines plus
a code given twice (the later line) and a class whose parent class is neither in
the plan nor in the file (skipped with its line; its own sub-classes too: a
parent is never made up from a code alone, it would have no title).

Nothing is written by a preview. ``apply(plan, result)`` writes it. The second
step never trusts a list from the client: the form and ``POST @tos`` send the
file back with the ``token`` the preview gave (an HMAC, with the site's keyring
secret, of the plan, the file's SHA-256, the options and the preview's digest);
the file is read again, previewed again, and written only when the token still
matches, i.e. the file is the same and the plan has not changed in between.
"""

from dataclasses import dataclass
from dataclasses import field
from municipality.policy import _
from municipality.policy.classification import lookup
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import Skip
from plone import api
from plone.keyring.interfaces import IKeyManager
from zope.component import getUtility
import datetime
import hashlib
import hmac
import json


#: Values new top-level classes from a table or text list get: public (the
#: openness principle) without personal data; sub-classes inherit them.
TOP_DEFAULTS = {"publicity_class": "public", "personal_data": "none"}


@dataclass
class Change:
    row: object  # ClassRow
    fields: dict  # what will be written
    changes: dict = field(default_factory=dict)  # name -> (old, new), updates only


@dataclass
class Preview:
    kind: str
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def counts(self):
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
        }

    def digest(self):
        """SHA-256 of everything the preview shows (changes with old values, skips)."""

        def change(kind, item):
            return [kind, item.row.code, item.fields, item.changes]

        data = [
            [change("c", item) for item in self.created],
            [change("u", item) for item in self.updated],
            [item.row.code for item in self.unchanged],
            [[s.line, s.element, str(s.reason), s.text] for s in self.skipped],
        ]
        text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fields(row):
    fields = {"title": row.title}
    if row.defaults:  # a table or a text list: only what it gives
        if row.title_sv is not None:
            fields["title_sv"] = row.title_sv
        if row.description is not None:
            fields["description"] = row.description
    else:  # JHS 191 XML states the whole class
        fields["title_sv"] = row.title_sv
        fields["description"] = row.description or ""
    fields.update(row.values)
    return fields


def _same(old, new):
    if old in (None, "", [], ()) and new in (None, "", [], ()):
        return True
    return old == new


def preview(plan, parsed):
    """The Preview of ``parsed`` against ``plan``; raises ImportProblem when
    the file holds no task class at all."""
    result = Preview(
        parsed.kind, skipped=list(parsed.skipped), notes=list(parsed.notes)
    )
    existing = lookup.classes_in(plan)
    first = {}
    rows = []
    for row in parsed.rows:
        if row.code in first:
            result.skipped.append(
                Skip(
                    _(
                        "msg_import_duplicate",
                        default="The code ${code} appears twice.",
                        mapping={"code": row.code},
                    ),
                    line=row.line,
                    element=row.element,
                    text=f"{row.code} {row.title}",
                )
            )
            continue
        first[row.code] = row
        rows.append(row)
    accepted = set(existing)
    for row in sorted(rows, key=lambda row: (row.code.count("."), row.code)):
        parent = row.parent_code
        if parent and parent not in accepted:
            result.skipped.append(
                Skip(
                    _(
                        "msg_import_no_parent",
                        default="The parent class ${parent} of ${code} is missing.",
                        mapping={"parent": parent, "code": row.code},
                    ),
                    line=row.line,
                    element=row.element,
                    text=f"{row.code} {row.title}",
                )
            )
            continue
        accepted.add(row.code)
        fields = _fields(row)
        obj = existing.get(row.code)
        if obj is None:
            result.created.append(Change(row, fields))
            continue
        changes = {}
        for name, new in fields.items():
            old = getattr(obj, name, None)
            if not _same(old, new):
                changes[name] = (old, new)
        if changes:
            result.updated.append(Change(row, fields, changes))
        else:
            result.unchanged.append(Change(row, fields))
    result.skipped.sort(key=lambda skip: skip.line or 0)
    if not (result.created or result.updated or result.unchanged):
        errors = [skip for skip in result.skipped if not skip.benign]
        if errors:
            raise errors[0].problem()
        raise ImportProblem(
            _("msg_import_empty", default="The file contains no task classes.")
        )
    return result


def apply(plan, result):
    """Write the creations and updates of ``result`` (a Preview of ``plan``)."""
    classes = lookup.classes_in(plan)
    # updates first: a new class inherits its parent's values as updated
    for item in result.updated:
        obj = classes[item.row.code]
        for name, (_old, new) in item.changes.items():
            setattr(obj, name, new)
        obj.reindexObject()
    for item in sorted(result.created, key=lambda item: item.row.code.count(".")):
        row, fields = item.row, dict(item.fields)
        if not row.parent_code and row.defaults:
            fields = {**TOP_DEFAULTS, **fields}
        parent = classes[row.parent_code] if row.parent_code else plan
        obj = api.content.create(
            container=parent,
            type=lookup.CLASS,
            id=row.code,
            code=row.code,
            safe_id=False,
            **fields,
        )
        for name in FIELDS:  # undo inheritance on add where the file says unset
            if name in fields and fields[name] is None:
                setattr(obj, name, None)
        classes[row.code] = obj
    return {"created": len(result.created), "updated": len(result.updated)}


def _secret():
    return getUtility(IKeyManager).secret().encode("utf-8")


def token(plan, data, options, result):
    """The token that lets the second step write ``result`` (see the module doc)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    message = "|".join(
        (
            api.content.get_uuid(plan),
            hashlib.sha256(data).hexdigest(),
            json.dumps(options, sort_keys=True),
            result.digest(),
        )
    )
    return hmac.new(_secret(), message.encode("utf-8"), hashlib.sha256).hexdigest()


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def as_dict(result, request=None):
    """The preview as JSON-ready data (``POST @tos`` with ``dry_run``)."""

    def row(item):
        return {
            "code": item.row.code,
            "title": item.row.title,
            "line": item.row.line,
            "element": item.row.element,
        }

    return {
        "format": result.kind,
        "counts": result.counts(),
        "created": [
            {**row(item), "fields": {k: _json(v) for k, v in item.fields.items()}}
            for item in result.created
        ],
        "updated": [
            {
                **row(item),
                "changes": {
                    name: {"old": _json(old), "new": _json(new)}
                    for name, (old, new) in item.changes.items()
                },
            }
            for item in result.updated
        ],
        "unchanged": [item.row.code for item in result.unchanged],
        "skipped": [skip.as_dict(request) for skip in result.skipped],
        "notes": [
            {"line": note.line, "message": note.text(request)} for note in result.notes
        ],
    }
