"""Readers of the shapes municipalities' plans come in; one module each.

``read(data, kind=None)`` -> ``base.Parsed`` (rows, skipped lines, notes).
``kind`` is ``xml`` (JHS 191), ``csv``, ``xlsx`` or ``text``; None detects it
from the content: a zip with ``xl/workbook.xml`` is Excel, ``<`` first is XML,
a table whose first column holds codes (or a header naming one) is CSV, anything
else a text list.
"""

from municipality.policy import _
from municipality.policy.classification.planformats import csvfile
from municipality.policy.classification.planformats import jhs191xml
from municipality.policy.classification.planformats import text
from municipality.policy.classification.planformats import xlsx
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.columns import header_columns
from municipality.policy.classification.planformats.columns import string_code
import csv
import io
import zipfile


KINDS = ("xml", "csv", "xlsx", "text")
#: The largest plan file read (Helsinki's 584 classes are 30 kB as CSV).
MAX_BYTES = 5 * 1024 * 1024


def _code_and_title(cells):
    columns = header_columns(cells)
    return columns["code"], columns["title"]


def _looks_csv(sample):
    lines = [
        line
        for line in sample.splitlines()
        if line.strip() and not line.lstrip().startswith(text.COMMENT)
    ][:10]
    if not lines:
        return False
    delimiter = csvfile.delimiter_of("\n".join(lines))
    rows = [
        cells
        for cells in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
        if cells
    ]
    rows = [cells for cells in rows if len(cells) > 1]
    if any(None not in _code_and_title(cells) for cells in rows):
        return True
    coded = [cells for cells in rows if string_code(cells[0], None, None)]
    return bool(rows) and len(coded) * 2 >= len(rows)


def detect(data):
    if isinstance(data, bytes):
        if data[:4] == b"PK\x03\x04":
            return "xlsx"
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return "xls"
        head = data[:4000].lstrip(b"\xef\xbb\xbf \t\r\n")
        try:
            sample = head.decode("utf-8")
        except UnicodeDecodeError:
            sample = head.decode("cp1252", "replace")
    else:
        sample = data[:4000].lstrip("\ufeff \t\r\n")
    if sample.startswith("<"):
        return "xml"
    return "csv" if _looks_csv(sample) else "text"


def read(data, kind=None, keep_case=False, field="file"):
    """Parse ``data`` (bytes or str) as ``kind`` (detected when None)."""
    if not data or not (data.strip() if isinstance(data, str) else data.strip()):
        raise ImportProblem(
            _("msg_import_empty", default="The file contains no task classes."),
            field=field,
        )
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            _(
                "msg_import_too_big",
                default="The file is larger than ${size} MB.",
                mapping={"size": MAX_BYTES // (1024 * 1024)},
            ),
            field=field,
        )
    kind = kind or detect(data)
    try:
        if kind == "xls":
            raise ImportProblem(
                _(
                    "msg_import_xls",
                    default="This is an old Excel file (.xls): save it as .xlsx or CSV.",
                )
            )
        if kind == "xlsx":
            if isinstance(data, str) or not zipfile.is_zipfile(io.BytesIO(data)):
                raise ImportProblem(
                    _(
                        "msg_import_not_xlsx",
                        default="The file is not an Excel workbook (.xlsx).",
                    )
                )
            parsed = xlsx.read(data)
        elif kind == "xml":
            parsed = jhs191xml.read(data)
        elif kind == "csv":
            parsed = csvfile.read(data)
        else:
            parsed = text.read(data, keep_case=keep_case)
    except ImportProblem as problem:
        problem.field = field
        raise
    return parsed
