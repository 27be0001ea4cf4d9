"""Import task classes into a ClassificationPlan: the entry points.

The readers are in ``planformats`` (JHS 191 XML, CSV, Excel, text lists: one
module each, all yielding ``ClassRow``s plus skipped lines with their reasons);
``planpreview`` compares them with the plan and writes exactly what it showed.

- ``parse(data, kind)``: what a file holds (``planformats.base.Parsed``).
- ``preview_data(plan, data, kind)``: the Preview (nothing written).
- ``preview_step`` / ``apply_step``: the two steps of the import page and
  ``POST @tos`` (``dry_run``, then ``token``): the second reads the same file
  again and writes only when its preview is still the one shown.
- ``import_data(plan, data, kind)``: the one-step import (``POST @tos``
  without a token, the demo): it writes only a file with nothing skipped
  but comments and page footers, else raises ``ImportProblem`` naming the
  first line or element at fault; nothing is half-written. Its ``updated``
  counts every existing class the file named (as it always has).
"""

from municipality.policy import _
from municipality.policy.classification import planformats
from municipality.policy.classification import planpreview
from municipality.policy.classification.planformats.base import ClassRow
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import Parsed
from municipality.policy.classification.planformats.base import normalize_code
import hmac


__all__ = (
    "CSV_TOP_DEFAULTS",
    "ClassRow",
    "ImportProblem",
    "Parsed",
    "StalePreview",
    "apply_step",
    "check",
    "import_data",
    "normalize_code",
    "parse",
    "parse_csv",
    "parse_xml",
    "preview_data",
    "preview_step",
    "sniff",
    "write",
)


class StalePreview(ImportProblem):
    """The token does not match the file and the plan as they are now; ``preview``
    and ``token`` are the new ones."""

    def __init__(self, message, preview, token):
        super().__init__(message, field="token")
        self.preview = preview
        self.token = token


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


def import_data(plan, data, kind=None, keep_case=False, field="file"):
    """Parse, check and write ``data`` into ``plan`` in one step (strict)."""
    parsed = parse(data, kind, keep_case=keep_case, field=field)
    try:
        _strict(parsed)
        return _write_strict(plan, planpreview.preview(plan, parsed))
    except ImportProblem as problem:
        problem.field = field
        raise


def _options(result, keep_case):
    return {"kind": result.kind, "keep_case": bool(keep_case)}


def preview_step(plan, data, kind=None, keep_case=False, field="file"):
    """(Preview, token): what importing ``data`` would do; nothing written."""
    result = preview_data(plan, data, kind, keep_case=keep_case, field=field)
    token = planpreview.token(plan, data, _options(result, keep_case), result)
    return result, token


def apply_step(plan, data, token, kind=None, keep_case=False, field="file"):
    """Write the preview ``token`` was given for; StalePreview if the file or
    the plan changed since (nothing written)."""
    result, current = preview_step(plan, data, kind, keep_case, field)
    if not token or not hmac.compare_digest(current, str(token)):
        raise StalePreview(
            _(
                "msg_import_stale",
                default="The plan or the file has changed since the preview: "
                "check the new preview and import again.",
            ),
            result,
            current,
        )
    counts = planpreview.apply(plan, result)
    return result, counts
