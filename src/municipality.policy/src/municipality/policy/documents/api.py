"""Creating case documents from code (demo loader, imports, benchmarks)."""

from municipality.policy.base.ids import new_document_id
from municipality.policy.classification.inheritance import without_secrecy
from municipality.policy.documents.registration import register
from municipality.policy.documents.restriction import FIELDS
from municipality.policy.documents.restriction import inherited
from municipality.policy.documents.restriction import looser
from municipality.policy.documents.vocabularies import directions
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.interfaces import ICase
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.interfaces import INamedFile


class DocumentError(ValueError):
    """Bad input for ``create_document``; ``field`` names the culprit."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


def _namedfile(file):
    if isinstance(file, NamedBlobFile):
        return file
    if INamedFile.providedBy(file):
        return NamedBlobFile(
            data=file.data, filename=file.filename, contentType=file.contentType
        )
    if isinstance(file, tuple) and len(file) == 2:
        data, filename = file
        if isinstance(data, bytes) and isinstance(filename, str) and filename:
            return NamedBlobFile(data=data, filename=filename)
    raise DocumentError("file", "expected (bytes, filename) or a NamedBlobFile")


def create_document(
    case,
    *,
    title,
    file,
    record_type,
    direction,
    correspondent=None,
    registration_date=None,
    register=True,
    **restriction,
):
    """Add a CaseDocument to ``case``; register it unless ``register=False``.

    ``file`` is ``(data, filename)`` or a namedfile (kept in a blob). Restriction
    values not given are inherited from the case; one that differs needs a
    ``restriction_reason``. A document looser than a secret case raises
    ``DocumentError`` and nothing is created.
    """
    if not ICase.providedBy(case):
        raise DocumentError("case", "documents live in a Case")
    if not title or not str(title).strip():
        raise DocumentError("title", "required")
    namedfile = _namedfile(file)
    if record_type not in record_types(case):
        raise DocumentError("record_type", f"unknown record type {record_type!r}")
    if direction not in directions(case):
        raise DocumentError("direction", f"unknown direction {direction!r}")
    unknown = set(restriction) - set(FIELDS)
    if unknown:
        raise DocumentError(sorted(unknown)[0], "not a restriction field")
    values = inherited(case)
    changed = [
        name
        for name, value in restriction.items()
        if name != "restriction_reason"
        and values.get(name) is not None
        and _normal(value) != _normal(values[name])
    ]
    if changed and not (restriction.get("restriction_reason") or "").strip():
        raise DocumentError("restriction_reason", f"required when {changed[0]} changes")
    values = without_secrecy(values, restriction.get("publicity_class"))
    values.update(restriction)
    if values.get("publicity_class") == "public" and values.get("security_reasons"):
        raise DocumentError(
            "security_reasons", "a public document has no grounds for secrecy"
        )
    errors = looser(case, values)
    if errors:
        raise DocumentError(errors[0][0], str(errors[0][1].default))
    doc = api.content.create(
        container=case,
        type="CaseDocument",
        id=new_document_id(),
        title=title,
        file=namedfile,
        record_type=record_type,
        direction=direction,
        correspondent=correspondent,
        registration_date=registration_date,
        **values,
    )
    if register:
        try:
            registered = _do_register(doc)
        except Exception:
            case._delObject(doc.getId())
            raise
        if not registered:
            case._delObject(doc.getId())
            raise DocumentError("register", "the register transition is not available")
    return doc


def _normal(value):
    return sorted(value) if isinstance(value, (list, tuple, set)) else value


def _do_register(doc):
    transitions = [
        t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(doc)
    ]
    if "register" in transitions:
        api.content.transition(obj=doc, transition="register")
        return True
    chain = api.portal.get_tool("portal_workflow").getChainFor(doc)
    if not chain:
        register(doc)  # no workflow at all: still hash and log
        return True
    return False
