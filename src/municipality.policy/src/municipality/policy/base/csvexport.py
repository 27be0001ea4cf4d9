"""One CSV convention for every export, made for Finnish spreadsheets.

``;`` between cells, UTF-8 with a byte-order mark (Excel then reads the text
as UTF-8), ``\\r\\n`` line ends, headers translated to the reader's language,
dates and times in Europe/Helsinki local time (``30.11.2026 20:43:05``,
which Excel in Finnish and Swedish reads as a date), and text that a
spreadsheet would run as a formula quoted with a leading apostrophe.

``respond(request, filename, headers, rows)`` sets the download headers and
returns the body; ``text(headers, rows)`` returns the body alone. Used by the
diary (``@@diary.csv``) and the access log (``@@access-log-export``).
"""

from datetime import date
from datetime import datetime
from municipality.policy.base.dates import helsinki
from zope.i18n import translate
from zope.i18nmessageid import Message
import csv
import io


DELIMITER = ";"
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"
#: a cell starting with one of these would be a formula in a spreadsheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value, request=None):
    """One cell as text: dates in local time, messages translated, formulas
    defused."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return helsinki(value).strftime("%-d.%-m.%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%-d.%-m.%Y")
    if isinstance(value, Message):
        value = translate(value, context=request)
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def text(headers, rows, request=None):
    """The CSV document: a header row (messages translated for ``request``),
    then ``rows`` (iterables of values)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([cell(header, request) for header in headers])
    for row in rows:
        writer.writerow([cell(value, request) for value in row])
    return BOM + out.getvalue()


def respond(request, filename, headers, rows):
    """Answer ``request`` with the CSV download ``filename``; returns the body."""
    response = request.response
    response.setHeader("Content-Type", CONTENT_TYPE)
    response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    return text(headers, rows, request)
