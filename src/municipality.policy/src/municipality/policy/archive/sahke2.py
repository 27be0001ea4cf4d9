"""SÄHKE2 metadata of closed cases (``Sahke2_2019_03.xsd``).

The XML is built from what the portal holds, never guessed (see the schema in
``schemas/sahke2/``), and validated with ``lxml.etree.XMLSchema`` before it is
served or packed: nothing invalid leaves the portal.

Mapping (schema element <- portal):

- ``Metadata/TransferInformation``: ``NativeId`` the transfer's id,
  ``Title``, ``TransferContractId``, ``MetadataSchema`` (the namespace);
  ``ContactInformation``: the archive creator's title and the contact person
  given at the transfer (``contact``; kept on the archive creator).
- ``CaseFile`` (asia): ``Subject`` keywords, ``Created`` initiated,
  ``NativeId`` diary number, ``OtherId`` UID, ``Language``, ``Description``,
  ``Restriction`` (publicity class, secrecy period, security reasons as one
  text of legal grounds, protection level, personal data), ``Title``,
  ``CaseFileRelation/References`` related cases' diary numbers,
  ``RetentionPeriod`` (-1 permanent), ``RetentionReason``,
  ``RetentionPeriodEnd`` (``archive.retention.retention_end`` when known),
  ``Status`` (the workflow state's title), ``ClassificationScheme`` (main
  function > function > sub-functions: the task class and its parents),
  ``Function`` (task class code), ``Agent`` (preparer, presenter, deciding
  body, parties), ``Finished`` (closed), ``Action`` per handling-phase log
  entry (``cases.phaselog``; grants and inheritance are access
  administration, not handling, and are left out), ``Custom`` (the retention
  start rule, which SÄHKE2 has no element for).
- ``Record`` (asiakirja), under the ``Action`` of its registration: the
  document's own restriction, record type, status, authenticity (the SHA-256
  taken at registration checked against the file's bytes now) and its file as
  ``Document`` (``UseType`` ``Arkisto`` for PDF/A, else ``Natiivi``). A public
  rendition is a second ``Record`` (``UseType`` ``Julkaisu``) related by
  ``HasRedaction`` / ``IsRedactionOf``.

Problems the archive would not accept (a draft document, a checksum that no
longer matches, no retention reason, a publicity class SÄHKE2 cannot say,
...) are ``Problem`` rows; ``TransferInvalid`` carries them, each naming the
case (diary number) and the field.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from lxml import etree
from municipality.policy import _
from municipality.policy.archive import retention
from municipality.policy.base.dates import helsinki
from municipality.policy.base.formatting import user_title
from municipality.policy.cases import phaselog
from municipality.policy.classification import codelists
from municipality.policy.classification import lookup
from municipality.policy.documents.registration import sha256_of
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import ITaskClass
from pathlib import Path
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.component import queryUtility
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.schema.interfaces import IVocabularyFactory
import contextlib
import functools
import hashlib
import puremagic
import re


NS = "http://www.arkisto.fi/skeemat/Sahke2/2019/08/29"
#: our own elements inside ``Custom`` (the schema's extension point)
KP_NS = "https://kuntaportaali.fi/ns/sahke2-custom/1"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "sahke2" / "Sahke2_2019_03.xsd"
HASH_ALGORITHM = "SHA-256"
#: states from which a case may be described (closed) and transferred
CLOSED_STATES = ("paattynyt", "siirretty")
TRANSFERABLE_STATE = "paattynyt"
TRANSFERRED_STATE = "siirretty"
PERMANENT = -1
#: a value that is not known (Digital Preservation Finland's convention)
UNAVAILABLE = "(:unav)"
#: where a transfer's contact person is kept on the archive creator
CONTACT_KEY = "municipality.policy.archive.sahke2.contact"

PUBLICITY = {
    "public": "Julkinen",
    "partly_secret": "Osittain salassapidettävä",
    "secret": "Salassa pidettävä",
}
PERSONAL_DATA = {
    "none": "ei sisällä henkilötietoja",
    "personal": "sisältää henkilötietoja",
    "sensitive": "sisältää erityisiä henkilötietoryhmiä",
    "criminal": "sisältää rikostuomioihin ja rikkomuksiin liittyviä henkilötietoja",
}
ACTION_TITLES_FI = {row[0]: row[3] for row in codelists.ACTION_CLASSES}
START_RULES_FI = {row[0]: row[3] for row in codelists.RETENTION_START_RULES}
#: log kinds that are not handling phases (access administration)
SKIPPED_KINDS = (phaselog.GRANT, phaselog.REVOKE, phaselog.INHERITANCE)
FIELD_TITLES_FI = {
    "publicity_class": "julkisuusluokka",
    "security_reasons": "salassapitoperusteet",
    "secrecy_period": "salassapitoaika",
    "personal_data": "henkilötiedot",
    "protection_level": "suojaustaso",
    "retention_period": "säilytysaika",
    "retention_reason": "säilytysajan peruste",
    "retention_start_rule": "säilytysajan laskentaperuste",
    "task_class": "tehtäväluokka",
}


# ------------------------------------------------------------------ problems
@dataclass
class Problem:
    """Why a case cannot be described or transferred; ``message`` is a
    translatable message (a schema error: lxml's text as it is)."""

    case: str  # diary number (or the case's id when it has none)
    field: str
    message: object

    def text(self, request=None):
        """The message in the reader's language (Finnish without a request)."""
        if not isinstance(self.message, Message):
            return str(self.message)
        if request is None:
            return translate(self.message, target_language="fi")
        return translate(self.message, context=request)

    def __str__(self):
        return f"{self.case}: {self.field}: {self.text()}"


class TransferInvalid(ValueError):
    """The cases cannot be described validly; ``problems`` names each case
    and field. ``field`` / ``case`` are the first problem's."""

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0]
        self.field = first.field
        self.case = first.case
        super().__init__("; ".join(str(problem) for problem in self.problems))


def number_of(case):
    return getattr(aq_base(case), "diary_number", None) or case.getId()


# ------------------------------------------------------------------ schema
@functools.lru_cache(maxsize=1)
def schema():
    """The SÄHKE2 schema (parsed once per process)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def schema_errors(tree):
    """Messages of ``tree``'s schema violations (``[]`` when valid)."""
    validator = schema()
    if validator.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in validator.error_log]


# ------------------------------------------------------------------ helpers
def _el(parent, name, text=None, ns=NS):
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def _day(value):
    """``YYYY-MM-DD`` (Helsinki) of a date, datetime or DateTime."""
    if value is None:
        return None
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return value.isoformat()
    local = helsinki(value)
    return local.date().isoformat() if local is not None else None


def state_of(obj):
    return api.content.get_state(obj, default=None)


def _state_title(state, portal_type="Case"):
    """The state's title as the workflow holds it (Finnish)."""
    if not state:
        return ""
    wftool = api.portal.get_tool("portal_workflow")
    return wftool.getTitleForStateOnType(state, portal_type) or state


def _transition_title(transition):
    wftool = api.portal.get_tool("portal_workflow")
    return wftool.getTitleForTransitionOnType(transition, "Case") or transition


def security_reason_text(case, reasons):
    """The grounds as one text: ``JulkL (621/1999) 24.1 § 25 k; ...``."""
    factory = queryUtility(IVocabularyFactory, "municipality.SecurityReasons")
    vocabulary = factory(case) if factory is not None else None
    titles = []
    for token in reasons or ():
        title = token
        if vocabulary is not None:
            try:
                title = vocabulary.getTerm(token).title or token
            except LookupError:
                title = token
        titles.append(str(title))
    return "; ".join(titles)


def closed_date(case):
    """The day (aware UTC datetime) of the case's last transition to
    ``paattynyt``, from its handling-phase log or the workflow history."""
    found = None
    for entry in phaselog.entries(case):
        data = entry.get("data") or {}
        if entry.get("kind") == phaselog.STATE and data.get("new") == "paattynyt":
            found = entry["date"]
    if found is not None:
        return found
    history = api.portal.get_tool("portal_workflow").getInfoFor(
        case, "review_history", []
    )
    for item in history:
        if item.get("review_state") == "paattynyt":
            found = item.get("time")
    return found


def creator_of(obj):
    for item in aq_inner(obj).aq_chain:
        if IArchiveCreator.providedBy(item):
            return item
    return None


def class_chain(task_class):
    """The task class and its parent classes, top first."""
    chain = []
    current = task_class
    while current is not None and ITaskClass.providedBy(current):
        chain.insert(0, current)
        current = aq_parent(aq_inner(current))
    return chain


# ------------------------------------------------------------------ files
@dataclass
class FileEntry:
    """A file of the package: ``path`` in it, the namedfile, its use."""

    case: object
    document: object
    field: str  # "file" or "public_rendition"
    namedfile: object
    path: str
    use: str  # Arkisto, Natiivi, Julkaisu
    sha256: str | None = None
    mime: str = ""
    version: str = UNAVAILABLE
    size: int = 0


_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(filename, fallback):
    """A file name safe in a package path (no directories, no control or
    shell characters; Finnish letters kept)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._")
    return name[:120] or fallback


def _head(namedfile, size=1 << 20):
    blob = getattr(namedfile, "_blob", None)
    if blob is not None:
        with blob.open("r") as stream:
            head = stream.read(size)
            try:
                stream.seek(-size, 2)
            except OSError:
                stream.seek(0)
            tail = stream.read(size)
        return head, tail
    data = namedfile.data or b""
    return data[:size], data[-size:]


_PDFA_PART = re.compile(rb"pdfaid:part(?:>|=[\"'])\s*(\d)")
_PDFA_CONF = re.compile(rb"pdfaid:conformance(?:>|=[\"'])\s*([ABUabu])")
_PDF_VERSION = re.compile(rb"%PDF-(\d\.\d)")


def file_format(namedfile):
    """(MIME type, version) of a file: a PDF/A's part and conformance
    (``A-2b``), a PDF's header version, else ``(:unav)``."""
    head, tail = _head(namedfile)
    mime = (getattr(namedfile, "contentType", "") or "").split(";")[0].strip()
    if not mime or mime == "application/octet-stream":
        with contextlib.suppress(puremagic.PureError):
            mime = puremagic.from_string(head, mime=True) or mime
    mime = mime or "application/octet-stream"
    if head.startswith(b"%PDF-"):
        mime = "application/pdf"
        for chunk in (head, tail):
            part = _PDFA_PART.search(chunk)
            if part:
                conformance = _PDFA_CONF.search(chunk)
                level = conformance.group(1).decode().lower() if conformance else ""
                return mime, f"A-{part.group(1).decode()}{level}"
        version = _PDF_VERSION.match(head)
        return mime, version.group(1).decode() if version else UNAVAILABLE
    return mime, UNAVAILABLE


def documents_of(case):
    """The case's documents, in the order they were added."""
    return [obj for obj in case.objectValues() if ICaseDocument.providedBy(obj)]


def file_entries(case, problems):
    """``FileEntry`` rows of every file of the case's documents; a document
    that is not registered, or has no file, is a problem."""
    number = number_of(case)
    entries = []
    for document in documents_of(case):
        if state_of(document) not in (None, "registered"):
            problems.append(
                Problem(
                    number,
                    "document",
                    _(
                        "msg_sahke2_problem_draft",
                        default="Document ${document} (${title}) is not registered.",
                        mapping={
                            "document": document.getId(),
                            "title": document.Title(),
                        },
                    ),
                )
            )
            continue
        original = getattr(aq_base(document), "file", None)
        if original is None:
            problems.append(
                Problem(
                    number,
                    "file",
                    _(
                        "msg_sahke2_problem_no_file",
                        default="Document ${document} has no file.",
                        mapping={"document": document.getId()},
                    ),
                )
            )
            continue
        base = f"files/{case.getId()}/{document.getId()}"
        mime, version = file_format(original)
        entries.append(
            FileEntry(
                case,
                document,
                "file",
                original,
                f"{base}/{safe_name(original.filename, 'tiedosto')}",
                "Arkisto" if version.startswith("A-") else "Natiivi",
                mime=mime,
                version=version,
                size=original.getSize(),
            )
        )
        rendition = getattr(aq_base(document), "public_rendition", None)
        if rendition is not None:
            mime, version = file_format(rendition)
            entries.append(
                FileEntry(
                    case,
                    document,
                    "public_rendition",
                    rendition,
                    f"{base}/julkaisu/{safe_name(rendition.filename, 'julkaisu')}",
                    "Julkaisu",
                    mime=mime,
                    version=version,
                    size=rendition.getSize(),
                )
            )
    return entries


def check_hashes(entries, problems):
    """Hash every file (unless a package writer did) and compare the
    original's with the SHA-256 taken at registration."""
    for entry in entries:
        if entry.sha256 is None:
            entry.sha256 = sha256_of(entry.namedfile)
        if entry.field != "file":
            continue
        stored = getattr(aq_base(entry.document), "sha256", None)
        if stored and stored != entry.sha256:
            problems.append(
                Problem(
                    number_of(entry.case),
                    "sha256",
                    _(
                        "msg_sahke2_problem_sha256",
                        default="The SHA-256 of document ${document}'s file "
                        "(${sha256}) does not match the one taken at registration "
                        "(${stored}).",
                        mapping={
                            "document": entry.document.getId(),
                            "sha256": entry.sha256,
                            "stored": stored,
                        },
                    ),
                )
            )


# ------------------------------------------------------------------ case checks
def not_closed(case):
    state = state_of(case)
    return _(
        "msg_sahke2_problem_state",
        default="The case is ${state}, not closed.",
        mapping={"state": _state_title(state) or str(state)},
    )


def case_problems(case, creator=None):
    """What keeps ``case`` from a valid SÄHKE2 description (not the files)."""
    number = number_of(case)
    problems = []

    def problem(name, message):
        problems.append(Problem(number, name, message))

    owner = creator_of(case)
    if creator is not None and (
        owner is None or aq_base(owner) is not aq_base(creator)
    ):
        problem(
            "case",
            _(
                "msg_sahke2_problem_creator",
                default="The case belongs to another archive creator.",
            ),
        )
    if state_of(case) not in CLOSED_STATES:
        problem("state", not_closed(case))
    if not getattr(aq_base(case), "diary_number", None):
        problem(
            "diary_number",
            _(
                "msg_sahke2_problem_diary_number",
                default="The case has no diary number.",
            ),
        )
    task_class = lookup.task_class(getattr(case, "task_class", None), case)
    if task_class is None:
        problem(
            "task_class",
            _(
                "msg_sahke2_problem_task_class",
                default="The task class is not in the information management plan.",
            ),
        )
    elif len(class_chain(task_class)) < 3:
        problem(
            "task_class",
            _(
                "msg_sahke2_problem_task_class_levels",
                default="SÄHKE2 needs a task class of at least three levels (main "
                "function, function, sub-function).",
            ),
        )
    for obj in [case, *documents_of(case)]:
        mapping = {
            "value": str(getattr(obj, "publicity_class", None) or "–"),
            "document": obj.getId(),
        }
        if getattr(obj, "publicity_class", None) not in PUBLICITY:
            problem(
                "publicity_class",
                _(
                    "msg_sahke2_problem_publicity",
                    default="Publicity class ${value} has no SÄHKE2 value: decide "
                    "the publicity before the transfer.",
                    mapping=mapping,
                )
                if obj is case
                else _(
                    "msg_sahke2_problem_publicity_document",
                    default="Document ${document}: publicity class ${value} has no "
                    "SÄHKE2 value: decide the publicity before the transfer.",
                    mapping=mapping,
                ),
            )
        if getattr(obj, "personal_data", None) not in PERSONAL_DATA:
            problem(
                "personal_data",
                _(
                    "msg_sahke2_problem_personal_data",
                    default="Whether it holds personal data is not given.",
                )
                if obj is case
                else _(
                    "msg_sahke2_problem_personal_data_document",
                    default="Document ${document}: whether it holds personal data "
                    "is not given.",
                    mapping=mapping,
                ),
            )
    if getattr(case, "retention_period", None) is None:
        problem(
            "retention_period",
            _(
                "msg_sahke2_problem_retention_period",
                default="The retention period is missing.",
            ),
        )
    if not (getattr(case, "retention_reason", None) or "").strip():
        problem(
            "retention_reason",
            _(
                "msg_sahke2_problem_retention_reason",
                default="The reason for the retention period is missing.",
            ),
        )
    return problems


# ------------------------------------------------------------------ building
def _restriction(parent, obj, case, record_date=None):
    restriction = _el(parent, "Restriction")
    publicity = getattr(obj, "publicity_class", None)
    _el(restriction, "PublicityClass", PUBLICITY.get(publicity, publicity))
    secret = publicity != "public"
    period = getattr(obj, "secrecy_period", None)
    if secret and period:
        _el(restriction, "SecurityPeriod", int(period))
        if record_date is not None:
            end = record_date.replace(year=record_date.year + int(period))
            _el(restriction, "SecurityPeriodEnd", end.isoformat())
    reasons = getattr(obj, "security_reasons", None) or ()
    if secret and reasons:
        _el(restriction, "SecurityReason", security_reason_text(case, reasons))
    level = getattr(obj, "protection_level", None)
    if secret and level:
        _el(restriction, "ProtectionLevel", level)
    personal = getattr(obj, "personal_data", None)
    _el(restriction, "PersonalData", PERSONAL_DATA.get(personal, personal))
    return restriction


def _classification(parent, chain):
    scheme = _el(parent, "ClassificationScheme")
    main = _el(scheme, "MainFunction")
    _el(main, "Title", chain[0].Title())
    _el(main, "FunctionCode", chain[0].code or chain[0].getId())
    function = _el(main, "FunctionClassification")
    _el(function, "Title", chain[1].Title())
    _el(function, "FunctionCode", chain[1].code or chain[1].getId())
    container = function
    for task_class in chain[2:]:
        container = _el(container, "SubFunction")
        _el(container, "Title", task_class.Title())
        _el(container, "FunctionCode", task_class.code or task_class.getId())


def _agent(parent, role, name=None, corporate=None):
    agent = _el(parent, "Agent")
    _el(agent, "Role", role)
    if name:
        _el(agent, "Name", name)
    if corporate:
        _el(agent, "CorporateName", corporate)


def _sub_archive_creator_title(case, sub_id):
    creator = creator_of(case)
    if not sub_id or creator is None:
        return sub_id
    sub = creator.get(sub_id)
    return sub.Title() if sub is not None else sub_id


def _action_title(entry):
    kind = entry.get("kind")
    data = entry.get("data") or {}
    action_class = ACTION_TITLES_FI.get(
        entry.get("action_class"), entry.get("action_class")
    )
    if kind == phaselog.REGISTRATION:
        return f"Asia kirjattu diaarinumerolla {data.get('number', '')}"
    if kind == phaselog.STATE:
        return (
            f"{_transition_title(data.get('transition'))}: "
            f"{_state_title(data.get('old'))} → {_state_title(data.get('new'))}"
        )
    if kind == phaselog.DOCUMENT:
        if data.get("event") == "new_version":
            return f"Asiakirjasta uusi versio: {data.get('title', '')}"
        return f"Asiakirja kirjattu: {data.get('title', '')}"
    if kind == phaselog.DECISION:
        if data.get("body"):
            return (
                f"Päätös: {data.get('body')} {data.get('meeting', '')} "
                f"§ {data.get('number', '')}"
            ).strip()
        return f"Viranhaltijapäätös {data.get('number', '')}/{data.get('year', '')}"
    if kind == phaselog.RESTRICTION:
        return "Käyttörajoitus- tai säilytystietojen muutos"
    if kind == phaselog.LEGACY:
        return "Aiempi merkintä"
    return action_class or kind


_PUBLICITY_FI = {row[0]: row[3] for row in codelists.PUBLICITY_CLASSES}
_PERSONAL_FI = {row[0]: row[3] for row in codelists.PERSONAL_DATA_CLASSES}


def _value_fi(name, value):
    """A stored value of a restriction or retention field, in Finnish."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_fi(name, item) for item in value) or "–"
    if name == "publicity_class":
        return _PUBLICITY_FI.get(value, str(value))
    if name == "personal_data":
        return _PERSONAL_FI.get(value, str(value))
    if name == "retention_start_rule":
        return START_RULES_FI.get(value, str(value))
    if name == "retention_period" and value == PERMANENT:
        return "pysyvä"
    if name in ("retention_period", "secrecy_period"):
        return f"{value} v"
    return str(value)


def _action_descriptions(entry):
    texts = []
    if entry.get("description"):
        texts.append(entry["description"])
    if entry.get("kind") == phaselog.RESTRICTION:
        for change in (entry.get("data") or {}).get("changes", ()):
            name = FIELD_TITLES_FI.get(change.get("field"), change.get("field"))
            old = _value_fi(change.get("field"), change.get("old"))
            new = _value_fi(change.get("field"), change.get("new"))
            texts.append(f"{name}: {old} → {new}")
    if entry.get("kind") == phaselog.DOCUMENT and (entry.get("data") or {}).get(
        "sha256"
    ):
        texts.append(f"SHA-256 {entry['data']['sha256']}")
    if entry.get("note"):
        label = "Aiempi teksti" if entry.get("kind") == phaselog.LEGACY else "Perustelu"
        texts.append(f"{label}: {entry['note']}")
    return texts


def _action(parent, entry, records=()):
    action = _el(parent, "Action")
    _el(action, "Created", phaselog.day(entry).isoformat())
    for text in _action_descriptions(entry):
        _el(action, "Description", text)
    _el(action, "Title", _action_title(entry))
    if entry.get("agent"):
        _agent(action, "Käsittelijä", name=user_title(entry["agent"]))
    _el(
        action,
        "Type",
        ACTION_TITLES_FI.get(entry.get("action_class"), entry.get("action_class")),
    )
    for build in records:
        build(action)
    return action


def _record(parent, case, document, files, chain, checked_day):
    """The document's Record (and its public rendition's) under ``parent``."""
    language = _language(case)
    created = _day(document.created())
    registered = getattr(document, "registration_date", None)
    original = next(f for f in files if f.field == "file")
    rendition = next((f for f in files if f.field == "public_rendition"), None)
    native = document.UID()
    rendition_id = f"{native}-julkaisu"

    # the original
    record = _el(parent, "Record")
    _el(record, "Created", created)
    if getattr(document, "direction", None) == "incoming" and registered:
        _el(record, "Acquired", _day(registered))
    _el(record, "NativeId", native)
    _el(record, "OtherId", f"{number_of(case)}/{document.getId()}")
    _el(record, "Language", language)
    if document.Description():
        _el(record, "Description", document.Description())
    _restriction(record, document, case, registered)
    _el(record, "Title", document.Title())
    if rendition is not None:
        relation = _el(record, "RecordRelation")
        _el(relation, "HasRedaction", rendition_id)
    _retention(record, case)
    _el(record, "Status", _state_title(state_of(document), "CaseDocument"))
    _el(record, "Function", chain[-1].code or chain[-1].getId())
    _el(record, "Type", document.record_type)
    _authenticity(record, document, checked_day)
    versions = len(_hashes(document))
    if versions > 1:
        _el(record, "Version", str(versions))
    _document(record, original, native)
    if getattr(document, "correspondent", None):
        role = "Lähettäjä" if document.direction == "incoming" else "Vastaanottaja"
        _agent(record, role, name=document.correspondent)
    if rendition is None:
        return
    # the public (redacted) rendition: a Record of its own
    record = _el(parent, "Record")
    _el(record, "Created", created)
    _el(record, "NativeId", rendition_id)
    _el(record, "Language", language)
    _el(record, "Description", "Julkinen (peitetty) versio asiakirjasta")
    restriction = _el(record, "Restriction")
    _el(restriction, "PublicityClass", PUBLICITY["public"])
    _el(
        restriction,
        "PersonalData",
        PERSONAL_DATA.get(
            getattr(document, "personal_data", None), PERSONAL_DATA["none"]
        ),
    )
    _el(record, "Title", f"{document.Title()} (julkinen versio)")
    relation = _el(record, "RecordRelation")
    _el(relation, "IsRedactionOf", native)
    _retention(record, case)
    _el(record, "Status", _state_title(state_of(document), "CaseDocument"))
    _el(record, "Function", chain[-1].code or chain[-1].getId())
    _el(record, "Type", document.record_type)
    _authenticity(record, document, checked_day, rendition=True)
    _document(record, rendition, rendition_id)


def _hashes(document):
    return IAnnotations(document).get("municipality.policy.documents.hashes", ())


def _authenticity(record, document, checked_day, rendition=False):
    authenticity = _el(record, "Authenticity")
    _el(authenticity, "Checker", "Kuntaportaali")
    _el(authenticity, "Date", checked_day)
    if rendition:
        text = (
            "Julkinen versio tallennettu asiakirjan yhteydessä; SHA-256-tiiviste "
            "laskettu siirtoa muodostettaessa."
        )
    else:
        text = (
            "SHA-256-tiiviste otettu asiakirjaa kirjattaessa ja tarkistettu "
            "tiedostosta siirtoa muodostettaessa: vastaa."
        )
    _el(authenticity, "Description", text)


def _document(record, entry, native):
    document = _el(record, "Document")
    _el(document, "NativeId", f"{native}-tiedosto")
    _el(document, "UseType", entry.use)
    file_element = _el(document, "File")
    _el(file_element, "Name", entry.path.rsplit("/", 1)[-1])
    _el(file_element, "Path", entry.path)
    file_format_element = _el(document, "Format")
    _el(file_format_element, "Name", entry.mime)
    _el(file_format_element, "Version", entry.version)
    _el(document, "HashAlgorithm", HASH_ALGORITHM)
    _el(document, "HashValue", entry.sha256)


def _retention(parent, case):
    _el(parent, "RetentionPeriod", int(case.retention_period))
    _el(parent, "RetentionReason", case.retention_reason)
    end = None
    retention_end = getattr(retention, "retention_end", None)
    if retention_end is not None and case.retention_period != PERMANENT:
        try:
            end = retention_end(case)
        except Exception:  # noqa: BLE001  (optional: the retention part's)
            end = None
    if end is not None:
        _el(parent, "RetentionPeriodEnd", end.isoformat())


def _language(case):
    language = (getattr(case, "Language", lambda: "")() or "fi")[:2].lower()
    return language if len(language) == 2 else "fi"


def build_casefile(parent, case, files, checked_day):
    """Append ``case``'s CaseFile to ``parent`` (call ``case_problems`` first)."""
    task_class = lookup.task_class(case.task_class, case)
    chain = class_chain(task_class)
    casefile = _el(parent, "CaseFile")
    for subject in case.Subject() or ():
        _el(casefile, "Subject", subject)
    _el(casefile, "Created", _day(getattr(case, "initiated", None) or case.created()))
    _el(casefile, "NativeId", case.diary_number)
    _el(casefile, "OtherId", case.UID())
    _el(casefile, "Language", _language(case))
    if case.Description():
        _el(casefile, "Description", case.Description())
    _restriction(casefile, case, case)
    _el(casefile, "Title", case.Title())
    for uid in getattr(case, "related_cases", None) or ():
        brain = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=uid)
        if brain and brain[0].diary_number:
            relation = _el(casefile, "CaseFileRelation")
            _el(relation, "References", brain[0].diary_number)
    _retention(casefile, case)
    _el(casefile, "Status", _state_title(state_of(case)))
    _classification(casefile, chain)
    _el(casefile, "Function", chain[-1].code or chain[-1].getId())
    if getattr(case, "preparer", None):
        _agent(casefile, "Valmistelija", name=user_title(case.preparer))
    if getattr(case, "presenter", None):
        _agent(casefile, "Esittelijä", name=user_title(case.presenter))
    if getattr(case, "deciding_body", None):
        _agent(
            casefile,
            "Päättäjä",
            corporate=_sub_archive_creator_title(case, case.deciding_body),
        )
    for party in getattr(case, "parties", None) or ():
        _agent(casefile, "Asianosainen", name=party)
    closed = closed_date(case)
    if closed is not None:
        _el(casefile, "Finished", _day(closed))
    # Actions, each document's Records under its registration's Action
    by_document = {}
    for entry in files:
        by_document.setdefault(entry.document.UID(), []).append(entry)
    placed = set()
    entries = [
        entry
        for entry in phaselog.entries(case)
        if entry.get("kind") not in SKIPPED_KINDS
    ]
    entries.sort(key=lambda entry: (entry["date"], entry["id"]))
    for entry in entries:
        records = []
        data = entry.get("data") or {}
        uid = data.get("uid")
        if (
            entry.get("kind") == phaselog.DOCUMENT
            and data.get("event") == "registered"
            and uid in by_document
            and uid not in placed
        ):
            placed.add(uid)
            document_files = by_document[uid]
            records.append(
                functools.partial(
                    _record_builder, case, document_files, chain, checked_day
                )
            )
        _action(casefile, entry, records)
    # documents without a registration entry (older or imported records)
    for uid, document_files in by_document.items():
        if uid in placed:
            continue
        document = document_files[0].document
        when = getattr(document, "registration_date", None) or document.created()
        synthetic = {
            "kind": phaselog.DOCUMENT,
            "action_class": "rekisterointi",
            "date": helsinki(when),
            "data": {"event": "registered", "title": document.Title()},
            "description": "",
            "note": "",
            "agent": None,
        }
        _action(
            casefile,
            synthetic,
            [
                functools.partial(
                    _record_builder, case, document_files, chain, checked_day
                )
            ],
        )
    start_rule = getattr(case, "retention_start_rule", None)
    if start_rule:
        custom = _el(casefile, "Custom")
        _el(
            custom,
            "RetentionStartRule",
            START_RULES_FI.get(start_rule, start_rule),
            ns=KP_NS,
        )
    return casefile


def _record_builder(case, files, chain, checked_day, parent):
    _record(parent, case, files[0].document, files, chain, checked_day)


def new_tree(transfer_id, title, contract, contact):
    """An empty ``Metadata`` root with its transfer and contact information."""
    root = etree.Element(f"{{{NS}}}Metadata", nsmap={None: NS, "kp": KP_NS})
    info = _el(root, "TransferInformation")
    _el(info, "NativeId", transfer_id)
    _el(info, "Title", title)
    _el(info, "TransferContractId", contract or "")
    _el(info, "MetadataSchema", NS)
    contact_element = _el(root, "ContactInformation")
    organisation = _el(contact_element, "Organisation")
    _el(organisation, "Name", contact.get("organisation") or "")
    person = _el(contact_element, "ContactPerson")
    for name, key in (
        ("Name", "name"),
        ("Address", "address"),
        ("PhoneNumber", "phone"),
        ("Email", "email"),
    ):
        _el(person, name, contact.get(key) or "")
    return root


# ------------------------------------------------------------------ contact
CONTACT_FIELDS = ("contract", "name", "address", "phone", "email")


def contact(creator):
    """The transfer's contact details: those saved at the last transfer,
    else the current user's name and e-mail; ``organisation`` is the archive
    creator's title."""
    saved = dict(IAnnotations(creator).get(CONTACT_KEY, {}) or {})
    values = {key: saved.get(key, "") for key in CONTACT_FIELDS}
    if not api.user.is_anonymous():
        user = api.user.get_current()
        values["name"] = values["name"] or user.getProperty("fullname", "") or ""
        values["email"] = values["email"] or user.getProperty("email", "") or ""
    values["organisation"] = creator.Title()
    return values


def save_contact(creator, values):
    IAnnotations(creator)[CONTACT_KEY] = {
        key: (values.get(key) or "").strip() for key in CONTACT_FIELDS
    }


# ------------------------------------------------------------------ one case
def describe(
    cases, creator, transfer_id, title, contact_values, hashed=None, verify=True
):
    """(tree, files, problems) of ``cases`` in one ``Metadata``; ``hashed``:
    ``{path: sha256}`` already computed (by a package writer); ``verify=False``
    takes ``hashed`` as it is (a package writer's check of the XML before it
    reads any file)."""
    problems, all_files, valid_cases = [], [], []
    for case in cases:
        found = case_problems(case, creator)
        files = file_entries(case, found)
        for entry in files:
            if hashed and entry.path in hashed:
                entry.sha256 = hashed[entry.path]
        if verify:
            check_hashes(files, found)
        problems.extend(found)
        if not found:
            valid_cases.append((case, files))
        all_files.extend(files)
    root = new_tree(transfer_id, title, contact_values.get("contract"), contact_values)
    checked_day = helsinki(datetime.now(UTC)).date().isoformat()
    if problems:
        return root, all_files, problems
    for case, files in valid_cases:
        build_casefile(root, case, files, checked_day)
    tree = etree.ElementTree(root)
    errors = schema_errors(tree)
    if errors:
        problems.extend(
            _blame(cases, creator, transfer_id, title, contact_values, errors)
        )
    return root, all_files, problems


def _blame(cases, creator, transfer_id, title, contact_values, errors):
    """The schema errors of the cases one by one (to name the case)."""
    problems = []
    checked_day = helsinki(datetime.now(UTC)).date().isoformat()
    for case in cases:
        root = new_tree(
            transfer_id, title, contact_values.get("contract"), contact_values
        )
        files = file_entries(case, [])
        check_hashes(files, [])
        build_casefile(root, case, files, checked_day)
        for message in schema_errors(etree.ElementTree(root)):
            problems.append(Problem(number_of(case), "sahke2", message))
    if not problems:  # the transfer's own part (contact, ...)
        problems = [Problem("-", "sahke2", message) for message in errors]
    return problems


def serialize(root):
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def case_xml(case):
    """One closed case's SÄHKE2 XML (bytes), validated; ``TransferInvalid``
    names the case and field otherwise."""
    creator = creator_of(case)
    values = contact(creator) if creator is not None else {"organisation": ""}
    code = getattr(creator, "code", None) or "KP"
    transfer_id = f"{code}-{case.getId()}"
    title = f"{values.get('organisation', '')}: {number_of(case)}".strip(": ")
    root, _files, problems = describe([case], creator, transfer_id, title, values)
    if problems:
        raise TransferInvalid(problems)
    return serialize(root)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
