"""The neutral result every plan reader yields.

A reader turns one file shape (JHS 191 XML, CSV, Excel, a pasted text list)
into ``ClassRow``s plus ``Skip``s (a line or element left out, and why) and
``Note``s (what the reader decided or noticed, e.g. "the file does not
validate"). Only a file that cannot be read at all raises ``ImportProblem``.
"""

from dataclasses import dataclass
from dataclasses import field
from municipality.policy import _
from zope.i18n import translate
import re


_PART = re.compile(r"^\d{2}$")


def normalize_code(text):
    """``00 02 08`` or ``00.02.08`` -> ``00.02.08``; None if it is not a code."""
    parts = re.split(r"[\s.]+", (text or "").strip())
    if parts and all(_PART.match(part) for part in parts):
        return ".".join(parts)
    return None


def _located(message, line=None, element=None, request=None):
    problem = translate(message, context=request)
    if element:
        return translate(
            _(
                "msg_import_at_element",
                default="Element ${element} (line ${line}): ${problem}",
                mapping={"element": element, "line": line, "problem": problem},
            ),
            context=request,
        )
    if line:
        return translate(
            _(
                "msg_import_at_line",
                default="Line ${line}: ${problem}",
                mapping={"line": line, "problem": problem},
            ),
            context=request,
        )
    return problem


class ImportProblem(ValueError):
    """A file that cannot be imported: ``line`` and/or ``element`` name where;
    ``field`` the form field / REST key it is about (``file`` or ``lines``)."""

    def __init__(self, message, line=None, element=None, field="file"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.element = element
        self.field = field

    def text(self, request=None):
        return _located(self.message, self.line, self.element, request)

    def as_dict(self, request=None):
        result = {
            "type": "ImportError",
            "message": self.text(request),
            "field": self.field,
        }
        if self.line is not None:
            result["line"] = self.line
        if self.element is not None:
            result["element"] = self.element
        return result


@dataclass
class Skip:
    """A line or element left out: where (``line``, ``element``), what (``text``) and why."""

    reason: object  # a Message
    line: int | None = None
    element: str | None = None
    text: str | None = None
    #: a comment, page footer or a sheet's title: left out, not an error
    benign: bool = False

    def message(self, request=None):
        return _located(self.reason, self.line, self.element, request)

    def as_dict(self, request=None):
        return {
            "line": self.line,
            "element": self.element,
            "text": self.text,
            "reason": translate(self.reason, context=request),
            "benign": self.benign,
        }

    def problem(self):
        return ImportProblem(self.reason, line=self.line, element=self.element)


@dataclass
class Note:
    """Something the reader decided or noticed; the import goes on."""

    message: object  # a Message
    line: int | None = None

    def text(self, request=None):
        return _located(self.message, self.line, None, request)


@dataclass
class ClassRow:
    """One task class read from a file; ``values`` are further fields to set."""

    code: str
    title: str
    line: int | None = None
    element: str | None = None
    title_sv: str | None = None
    description: str | None = None
    values: dict = field(default_factory=dict)
    #: a new top-level class gets the openness defaults (not from JHS 191 XML,
    #: which states its values)
    defaults: bool = True

    @property
    def parent_code(self):
        return self.code.rpartition(".")[0]


@dataclass
class Parsed:
    """What a reader found."""

    kind: str
    rows: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def skip(self, reason, line=None, element=None, text=None, benign=False):
        self.skipped.append(
            Skip(reason, line=line, element=element, text=text, benign=benign)
        )

    def note(self, message, line=None):
        self.notes.append(Note(message, line=line))


def bad_code(raw):
    return _(
        "msg_import_bad_code",
        default='Invalid task class code "${code}".',
        mapping={"code": raw or ""},
    )


def bad_value(value, name):
    return _(
        "msg_import_bad_value",
        default='Invalid value "${value}" for ${field}.',
        mapping={"value": value, "field": name},
    )


NO_TITLE = _("msg_import_no_title", default="The title is missing.")
