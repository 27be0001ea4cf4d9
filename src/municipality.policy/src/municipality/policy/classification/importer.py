"""Import task classes into a ClassificationPlan: the entry points.

The readers are in ``planformats`` (JHS 191 XML, CSV, Excel, text lists: one
module each, all yielding ``ClassRow``s plus skipped lines with their reasons);
``planpreview`` compares them with the plan and writes exactly what it showed.

- ``parse(data, kind)``: what a file holds (``planformats.base.Parsed``).
- ``preview_data(plan, data, kind)``: the Preview (nothing written).
- ``import_data(plan, data, kind)``: the one-step import (``POST @tos``
  without a token, the demo): it writes only a file with nothing skipped
  but comments and page footers, else raises ``ImportProblem`` naming the
  first line or element at fault; nothing is half-written. Its ``updated``
  counts every existing class the file named (as it always has).
"""

from municipality.policy.classification import planformats
from municipality.policy.classification import planpreview
from municipality.policy.classification.planformats.base import ClassRow
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import Parsed
from municipality.policy.classification.planformats.base import normalize_code


__all__ = (
    "CSV_TOP_DEFAULTS",
    "ClassRow",
    "ImportProblem",
    "Parsed",
    "check",
    "import_data",
    "normalize_code",
    "parse",
    "parse_csv",
    "parse_xml",
    "preview_data",
    "sniff",
    "write",
)

CSV_TOP_DEFAULTS = planpreview.TOP_DEFAULTS


def parse(data, kind=None, keep_case=False, field="file"):
    """What ``data`` holds: rows, skipped lines and notes (``Parsed``)."""
    return planformats.read(data, kind, keep_case=keep_case, field=field)


def _strict(parsed_or_preview):
    for skip in parsed_or_preview.skipped:
        if not skip.benign:
            raise skip.problem()


def parse_csv(data):
    """Rows of a CSV file; ImportProblem at the first malformed line."""
    parsed = planformats.read(data, "csv")
    _strict(parsed)
    return parsed.rows


def parse_xml(data):
    """Rows of a JHS 191 file; ImportProblem at the first element skipped."""
    parsed = planformats.read(data, "xml")
    _strict(parsed)
    return parsed.rows


def sniff(data):
    return planformats.detect(data)


def preview_data(plan, data, kind=None, keep_case=False, field="file"):
    """The Preview of importing ``data`` into ``plan``; writes nothing."""
    parsed = parse(data, kind, keep_case=keep_case, field=field)
    try:
        return planpreview.preview(plan, parsed)
    except ImportProblem as problem:
        problem.field = field
        raise


def check(plan, rows):
    """Raise ImportProblem for duplicate codes or classes without a parent."""
    _strict(planpreview.preview(plan, Parsed("rows", rows=list(rows))))


def _write_strict(plan, result):
    _strict(result)
    planpreview.apply(plan, result)
    return {
        "created": len(result.created),
        "updated": len(result.updated) + len(result.unchanged),
    }


def write(plan, rows):
    """Create or update the classes of ``rows``."""
    return _write_strict(
        plan, planpreview.preview(plan, Parsed("rows", rows=list(rows)))
    )


def import_data(plan, data, kind=None):
    """Parse, check and write ``data`` into ``plan`` in one step (strict)."""
    parsed = parse(data, kind)
    _strict(parsed)
    return _write_strict(plan, planpreview.preview(plan, parsed))
