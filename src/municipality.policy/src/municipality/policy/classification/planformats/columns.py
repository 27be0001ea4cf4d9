"""Tables (CSV, Excel): find the header row, map its column names and values.

Column names are recognised in Finnish, Swedish and English (``Koodi``/``Kod``/
``Code``, ``Nimi``/``Otsikko``/``Namn``/``Title``, ``Säilytysaika``/
``Förvaringstid``, ``Julkisuus``/``Offentlighet`` ...). A table without a header
row is read by position: code, title, Swedish title, description. Rows above
the header (a sheet's own title) are skipped and reported.
"""

from municipality.policy import _
from municipality.policy.classification import codelists
from municipality.policy.classification.planformats.base import NO_TITLE
from municipality.policy.classification.planformats.base import ClassRow
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import bad_code
from municipality.policy.classification.planformats.base import bad_value
from municipality.policy.classification.planformats.base import normalize_code
import re


#: Column -> names (normalised: lower case, letters, digits, _ and spaces).
NAMES = {
    "code": {"code", "koodi", "kod", "tunnus", "luokitustunnus", "luokkakoodi"},
    "title_sv": {
        "title_sv",
        "nimi_sv",
        "ruotsiksi",
        "rubrik_sv",
        "namn_sv",
        "nimi ruotsiksi",
        "ruotsinkielinen nimi",
        "på svenska",
        "svenska",
        "swedish",
        "swedish title",
    },
    "title": {
        "title",
        "nimi",
        "nimeke",
        "nimike",
        "otsikko",
        "name",
        "tehtäväluokan nimi",
        "luokan nimi",
    },
    "description": {"description", "kuvaus", "beskrivning", "selite", "lisätiedot"},
    "retention": {
        "säilytysaika",
        "sailytysaika",
        "förvaringstid",
        "forvaringstid",
        "retention",
        "retention period",
    },
    "publicity": {
        "julkisuus",
        "julkisuusluokka",
        "offentlighet",
        "offentlighetsklass",
        "publicity",
        "publicity class",
    },
}
#: Swedish title names: the title, or title_sv when a Finnish title column exists.
SWEDISH_TITLE = {"namn", "rubrik", "titel", "benämning"}
POSITIONS = {"code": 0, "title": 1, "title_sv": 2, "description": 3}
HEADER_SCAN = 20

PERMANENT = {
    "pysyvä",
    "pysyvästi",
    "pysyvästi säilytettävä",
    "pys",
    "permanent",
    "permanently",
    "ständigt",
    "varaktigt",
    "bevaras",
    "bevaras varaktigt",
    "-1",
}
_YEARS = re.compile(r"^(\d{1,3})\s*(v|vuotta|vuosi|år|y|yr|years?)?\.?$")


def _fold(text):
    return re.sub(r"\s+", "", text.lower())


PUBLICITY = {}
for _value, _msgid, _en, _fi, _sv in codelists.PUBLICITY_CLASSES:
    for _name in (_value, _en, _fi, _sv, str(codelists.PUBLICITY_JHS[_value])):
        PUBLICITY[_fold(_name)] = _value
PUBLICITY.update({"salainen": "secret", "osittainsalainen": "partly_secret"})


def _norm(cell):
    if isinstance(cell, tuple):  # an Excel number cell: (value, number format)
        cell = cell[0]
    text = str(cell if cell is not None else "").strip().lower()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^\w ]", " ", text)
    return " ".join(text.split())


def header_columns(cells):
    """Column indexes of a header row (None for a column not there)."""
    names = [_norm(cell) for cell in cells]
    found = dict.fromkeys(NAMES)
    swedish = None
    for index, name in enumerate(names):
        if not name:
            continue
        words = {name, *name.split()}
        for column, options in NAMES.items():
            if found[column] is None and (
                name in options
                or (column != "title" and len(words) <= 4 and words & options)
            ):
                found[column] = index
                break
        else:
            if swedish is None and words & SWEDISH_TITLE:
                swedish = index
    if swedish is not None:
        if found["title"] is None:
            found["title"] = swedish
        elif found["title_sv"] is None:
            found["title_sv"] = swedish
    return found


def _is_header(cells):
    columns = header_columns(cells)
    return columns["code"] is not None


def _text(value):
    if isinstance(value, tuple):  # an Excel number cell: (value, number format)
        value = value[0]
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def retention_value(raw):
    """Years (-1 permanent) from ``10``, ``10 v``, ``10 år``, ``pysyvä`` ...; None if unknown."""
    text = " ".join(str(raw).lower().split())
    if text in PERMANENT:
        return -1
    match = _YEARS.match(text)
    if match and int(match.group(1)) in codelists.RETENTION_PERIODS:
        return int(match.group(1))
    return None


def publicity_value(raw):
    return PUBLICITY.get(_fold(str(raw)))


def string_code(value, line, parsed):
    """A code from a text cell."""
    return normalize_code(_text(value))


def read_table(parsed, lines, code_from=string_code):
    """Fill ``parsed`` from ``lines``: (line number, cells) of non-empty rows."""
    lines = [(line, cells) for line, cells in lines if any(_text(c) for c in cells)]
    header_at = None
    for index, (_line, cells) in enumerate(lines[:HEADER_SCAN]):
        if code_from(cells[0] if cells else None, None, None):
            break  # data before any header: the table has none
        if _is_header(cells):
            header_at = index
            break
    columns, names = POSITIONS, {}
    if header_at is not None:
        line, cells = lines[header_at]
        columns = header_columns(cells)
        if columns["title"] is None:
            raise ImportProblem(
                _("msg_import_columns", default="Expected a code and a title."),
                line=line,
            )
        names = {key: _text(cells[i]) for key, i in columns.items() if i is not None}
        for line, cells in lines[:header_at]:
            parsed.skip(
                _("msg_import_before_header", default="Above the header row."),
                line=line,
                text=" ".join(_text(c) or "" for c in cells).strip(),
                benign=True,
            )
        lines = lines[header_at + 1 :]

    for line, cells in lines:

        def cell(name, cells=cells):
            index = columns.get(name)
            if index is None or index >= len(cells):
                return None
            return cells[index]

        raw_code = cell("code")
        code = code_from(raw_code, line, parsed)
        text = "; ".join(_text(c) or "" for c in cells).strip("; ")
        if code is None:
            parsed.skip(bad_code(_text(raw_code)), line=line, text=text)
            continue
        title = _text(cell("title"))
        if not title:
            parsed.skip(NO_TITLE, line=line, text=text)
            continue
        values = {}
        for name, field_name, convert in (
            ("retention", "retention_period", retention_value),
            ("publicity", "publicity_class", publicity_value),
        ):
            raw = _text(cell(name))
            if raw is None:
                continue
            value = convert(raw)
            if value is None:
                parsed.skip(
                    bad_value(raw, names.get(name) or name),
                    line=line,
                    element=names.get(name),
                    text=text,
                )
            else:
                values[field_name] = value
        parsed.rows.append(
            ClassRow(
                code=code,
                title=title,
                line=line,
                title_sv=_text(cell("title_sv")),
                description=_text(cell("description")),
                values=values,
            )
        )
    return parsed
