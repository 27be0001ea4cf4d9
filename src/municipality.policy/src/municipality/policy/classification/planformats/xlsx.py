"""Excel ``.xlsx`` (openpyxl, read only, cached values): the first sheet with a plan.

Excel turns a typed ``00.01`` into the number 0.01 and ``05`` into 5. A number
in the code column is read back: a whole number is a top class (5 -> ``05``),
two decimals are the second level (0.01 -> ``00.01``); a date (Finnish
Excel reads ``05.10`` as 5 October) is read back as day.month and noted. One decimal is
ambiguous (0.1 was ``00.10`` unless the cell format shows two decimals): it is
read as ``00.10`` and the preview notes it on its line. Anything else (three
decimals, negative, over 99) is skipped.
"""

from municipality.policy import _
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import Parsed
from municipality.policy.classification.planformats.base import normalize_code
from municipality.policy.classification.planformats.columns import read_table
import datetime
import io
import openpyxl


MAX_ROWS = 20000


def _number_code(value):
    """(code, ambiguous) of a number cell, or (None, False)."""
    if isinstance(value, bool) or value < 0:
        return None, False
    whole = int(value)
    if whole > 99:
        return None, False
    if value == whole:
        return f"{whole:02d}", False
    fraction = repr(float(value)).split(".")[1]
    if len(fraction) == 2:
        return f"{whole:02d}.{fraction}", False
    if len(fraction) == 1:
        return f"{whole:02d}.{fraction}0", True
    return None, False


def code_from(cell, line, parsed):
    value, number_format = cell if isinstance(cell, tuple) else (cell, "General")
    if isinstance(value, int | float) and not isinstance(value, bool):
        code, ambiguous = _number_code(value)
        if code and ambiguous and "00" in (number_format or ""):
            ambiguous = False  # the format showed two decimals, as typed
        if code and ambiguous and parsed is not None:
            parsed.note(
                _(
                    "msg_import_number_code",
                    default="The code is the number ${number} in Excel; read as "
                    "${code}. Check it, or type the codes as text.",
                    mapping={"number": repr(value), "code": code},
                ),
                line=line,
            )
        return code
    if isinstance(value, datetime.datetime | datetime.date):
        # Excel in a Finnish locale turns a typed 05.10 into 5 October.
        code = f"{value.day:02d}.{value.month:02d}"
        if parsed is not None:
            parsed.note(
                _(
                    "msg_import_date_code",
                    default="The code is a date in Excel; read as ${code}. "
                    "Check it, or type the codes as text.",
                    mapping={"code": code},
                ),
                line=line,
            )
        return code
    return normalize_code(str(value) if value is not None else None)


def read(data):
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any failure of a foreign file
        raise ImportProblem(
            _(
                "msg_import_xlsx_unreadable",
                default="The Excel file cannot be read: ${detail}",
                mapping={"detail": str(error)[:200]},
            )
        ) from None
    try:
        best = _best_sheet(book)
    except ImportProblem:
        raise
    except Exception as error:  # noqa: BLE001 - a broken sheet
        raise ImportProblem(
            _(
                "msg_import_xlsx_unreadable",
                default="The Excel file cannot be read: ${detail}",
                mapping={"detail": str(error)[:200]},
            )
        ) from None
    finally:
        book.close()
    if best is not None and len(book.sheetnames) > 1:
        best.note(
            _(
                "msg_import_sheet",
                default='Read the sheet "${sheet}".',
                mapping={"sheet": best.sheet},
            )
        )
    return best or Parsed("xlsx")


def _best_sheet(book):
    """The first sheet with task classes (or the one with most rows)."""
    best = None
    for sheet in book.worksheets:
        lines = []
        for number, row in enumerate(sheet.iter_rows(min_row=1), start=1):
            if number > MAX_ROWS:
                break
            cells = [
                (c.value, getattr(c, "number_format", None) or "General")
                if isinstance(c.value, int | float)
                else c.value
                for c in row
            ]
            lines.append((number, cells))
        parsed = Parsed("xlsx")
        read_table(parsed, lines, code_from=code_from)
        if best is None or len(parsed.rows) > len(best.rows):
            best = parsed
            best.sheet = sheet.title
        if parsed.rows:
            break
    return best
