"""Import task classes into a ClassificationPlan from CSV or JHS 191 XML.

The same code serves the import form, ``POST @tos`` and the demo loader.
Everything is parsed and checked first; only a clean file is written, so a
malformed import names the CSV line or XML element at fault and changes nothing.
Existing classes (same code) are updated, new ones created under their parent.
"""

from dataclasses import dataclass
from dataclasses import field
from lxml import etree
from municipality.policy import _
from municipality.policy.classification import codelists
from municipality.policy.classification import jhs191
from municipality.policy.classification import lookup
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.classification.jhs191 import q
from plone import api
from zope.i18n import translate
import csv
import datetime
import io
import re


_PART = re.compile(r"^\d{2}$")
CODE_HEADERS = ("code", "koodi", "tunnus", "luokitustunnus", "kod")
TITLE_HEADERS = ("title", "nimi", "nimeke", "otsikko", "rubrik")
SV_HEADERS = ("title_sv", "nimi_sv", "ruotsiksi", "rubrik_sv")
DESCRIPTION_HEADERS = ("description", "kuvaus", "beskrivning")


class ImportProblem(ValueError):
    """A malformed import: ``line`` (CSV or XML source line) and/or ``element``."""

    def __init__(self, message, line=None, element=None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.element = element

    def text(self, request=None):
        problem = translate(self.message, context=request)
        if self.element:
            return translate(
                _(
                    "msg_import_at_element",
                    default="Element ${element} (line ${line}): ${problem}",
                    mapping={
                        "element": self.element,
                        "line": self.line,
                        "problem": problem,
                    },
                ),
                context=request,
            )
        if self.line:
            return translate(
                _(
                    "msg_import_at_line",
                    default="Line ${line}: ${problem}",
                    mapping={"line": self.line, "problem": problem},
                ),
                context=request,
            )
        return problem

    def as_dict(self, request=None):
        result = {"type": "ImportError", "message": self.text(request)}
        if self.line is not None:
            result["line"] = self.line
        if self.element is not None:
            result["element"] = self.element
        return result


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

    @property
    def parent_code(self):
        return self.code.rpartition(".")[0]


def normalize_code(text):
    """``00 02 08`` or ``00.02.08`` -> ``00.02.08``; None if it is not a code."""
    parts = re.split(r"[\s.]+", (text or "").strip())
    if parts and all(_PART.match(part) for part in parts):
        return ".".join(parts)
    return None


# ------------------------------------------------------------------ CSV


def _decode(data):
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(
            _("msg_import_encoding", default="The file is not UTF-8 text."), line=line
        ) from None


def _columns(header):
    names = [cell.strip().lower() for cell in header]

    def find(options):
        for index, name in enumerate(names):
            if name in options:
                return index
        return None

    return {
        "code": find(CODE_HEADERS),
        "title": find(TITLE_HEADERS),
        "title_sv": find(SV_HEADERS),
        "description": find(DESCRIPTION_HEADERS),
    }


def parse_csv(data):
    """Rows of a ``code,title[,title_sv[,description]]`` file (``;`` also works)."""
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = {"code": 0, "title": 1, "title_sv": 2, "description": 3}
    rows, seen = [], False
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if not seen:
            seen = True
            header = _columns(cells)
            if normalize_code(cells[0]) is None and header["code"] is not None:
                if header["title"] is None:
                    raise ImportProblem(
                        _("msg_import_columns", default="Expected a code and a title."),
                        line=line,
                    )
                columns = header
                continue

        def cell(name, cells=cells, columns=columns):
            index = columns.get(name)
            if index is None or index >= len(cells):
                return None
            return cells[index].strip() or None

        raw_code, title = cell("code"), cell("title")
        code = normalize_code(raw_code)
        if code is None:
            raise ImportProblem(
                _(
                    "msg_import_bad_code",
                    default='Invalid task class code "${code}".',
                    mapping={"code": raw_code or ""},
                ),
                line=line,
            )
        if not title:
            raise ImportProblem(
                _("msg_import_no_title", default="The title is missing."), line=line
            )
        rows.append(
            ClassRow(
                code=code,
                title=title,
                line=line,
                title_sv=cell("title_sv"),
                description=cell("description"),
            )
        )
    return rows


# ------------------------------------------------------------------ XML


def _text(element, name):
    child = element.find(q(name))
    return child.text.strip() if child is not None and child.text else None


def _titles(element):
    nimeke = element.find(q("Nimeke"))
    if nimeke is None:
        return None, None
    single = _text(nimeke, "NimekeTeksti")
    if single:
        return single, None
    titles = {}
    for kielella in nimeke.findall(q("NimekeKielella")):
        lang = kielella.get(q("kieliKoodi")) or kielella.get("kieliKoodi") or ""
        titles[lang.lower()] = _text(kielella, "NimekeTeksti")
    title = titles.get("fi") or next(iter(titles.values()), None)
    return title, titles.get("sv") or titles.get("se")


def _bad_value(value, name):
    return _(
        "msg_import_bad_value",
        default='Invalid value "${value}" for ${field}.',
        mapping={"value": value, "field": name},
    )


def _restriction_values(element, where):
    values = {}
    if element is None:
        return values
    for name, xml_name, table in (
        ("publicity_class", "JulkisuusluokkaKoodi", jhs191.PUBLICITY_FROM_JHS),
        ("protection_level", "SuojaustasoKoodi", jhs191.PROTECTION_FROM_JHS),
        ("personal_data", "HenkilotietoluonneKoodi", jhs191.PERSONAL_DATA_FROM_JHS),
    ):
        text = _text(element, xml_name)
        if text is not None:
            values[name] = table[int(text)]  # the schema allows only known codes
    period = _text(element, "SalassapitoAikaArvo")
    if period is not None:
        if int(period) not in codelists.SECRECY_PERIODS:
            raise ImportProblem(_bad_value(period, "SalassapitoAikaArvo"), **where)
        values["secrecy_period"] = int(period)
    reasons = _text(element, "SalassapitoPerusteTeksti")
    if reasons:
        try:
            values["security_reasons"] = jhs191.reasons_from_text(reasons)
        except ValueError as error:
            raise ImportProblem(
                _bad_value(str(error), "SalassapitoPerusteTeksti"), **where
            ) from None
    return values


def _retention_values(element, where):
    values = {}
    if element is None:
        return values
    period = int(_text(element, "SailytysajanPituusArvo"))
    undefined = (
        element.find(f"{q('Laajennos')}/{jhs191.UNDEFINED_RETENTION}") is not None
    )
    if not undefined:
        if period not in codelists.RETENTION_PERIODS:
            raise ImportProblem(_bad_value(period, "SailytysajanPituusArvo"), **where)
        values["retention_period"] = period
    reason = _text(element, "SailytysajanPerusteTeksti")
    if reason:
        values["retention_reason"] = reason
    rule = _text(element, "SailytysajanLaskentaperusteTeksti")
    if rule and rule.lower() in jhs191.START_RULE_FROM_TEXT:
        values["retention_start_rule"] = jhs191.START_RULE_FROM_TEXT[rule.lower()]
    return values


def _where(element):
    return {
        "line": element.sourceline,
        "element": element.getroottree().getpath(element),
    }


def _record_types(process, class_values):
    records = []
    known = {value for value, _en, _sv in codelists.RECORD_TYPES}
    for action_element in process.iter(q("Toimenpidetiedot")):
        where = _where(action_element)
        try:
            action = jhs191.action_from_text(
                _text(action_element, "ToimenpideluokkaTeksti")
            )
        except ValueError as error:
            raise ImportProblem(
                _bad_value(str(error), "ToimenpideluokkaTeksti"), **where
            ) from None
        for record_element in action_element.findall(q("Asiakirjatieto")):
            where = _where(record_element)
            record_type = _text(record_element, "AsiakirjaluokkaTeksti")
            if record_type not in known:
                raise ImportProblem(
                    _bad_value(record_type, "AsiakirjaluokkaTeksti"), **where
                )
            record = {"record_type": record_type, "action_class": action}
            specifier = _text(record_element, "AsiakirjaluokkaTarkenneTeksti")
            if specifier:
                record["specifier"] = specifier
            own = _restriction_values(
                record_element.find(q("Kayttorajoitustiedot")), where
            )
            own.update(
                _retention_values(record_element.find(q("Sailytysaikatiedot")), where)
            )
            record.update({k: v for k, v in own.items() if class_values.get(k) != v})
            records.append(record)
    return records


def _date(element, name, where):
    text = _text(element, name)
    return datetime.date.fromisoformat(text[:10]) if text else None


def parse_xml(data):
    """Rows of a JHS 191 TOS document (validated against the schema first)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        document = etree.fromstring(data, jhs191.parser())
    except etree.XMLSyntaxError as error:
        raise ImportProblem(
            _(
                "msg_import_xml_syntax",
                default="The XML is not well-formed: ${detail}",
                mapping={"detail": error.msg},
            ),
            line=error.lineno,
        ) from None
    schema = jhs191.schema()
    if not schema.validate(document):
        error = schema.error_log[0]
        raise ImportProblem(
            _(
                "msg_import_xml_schema",
                default="The XML does not conform to JHS 191: ${detail}",
                mapping={"detail": error.message},
            ),
            line=error.line,
            element=error.path,
        )
    rows = []
    for luokka in document.findall(q("Luokka")):
        where = _where(luokka)
        raw = _text(luokka, "Luokitustunnus")
        code = normalize_code(raw)
        if code is None:
            raise ImportProblem(
                _(
                    "msg_import_bad_code",
                    default='Invalid task class code "${code}".',
                    mapping={"code": raw or ""},
                ),
                **where,
            )
        title, title_sv = _titles(luokka)
        if not title:
            raise ImportProblem(
                _("msg_import_no_title", default="The title is missing."), **where
            )
        process = luokka.find(q("KasittelyprosessiTiedot"))
        # The file is authoritative: a value it leaves out is unset, not inherited.
        values = dict.fromkeys(FIELDS)
        values.update(
            _restriction_values(
                process.find(q("Kayttorajoitustiedot")), _where(process)
            )
        )
        values.update(
            _retention_values(process.find(q("Sailytysaikatiedot")), _where(process))
        )
        values["record_types"] = _record_types(process, values)
        values["process_owner"] = _text(process, "ProsessinOmistajaNimi")
        values["valid_from"] = _date(luokka, "VoimassaoloAlkaaPvm", where)
        values["valid_until"] = _date(luokka, "VoimassaoloPaattyyPvm", where)
        rows.append(
            ClassRow(
                code=code,
                title=title,
                title_sv=title_sv,
                description=_text(luokka, "LuokitusKuvausTeksti"),
                values=values,
                **where,
            )
        )
    return rows


# ------------------------------------------------------------------ write


def check(plan, rows):
    """Raise ImportProblem for duplicate codes or classes without a parent."""
    if not rows:
        raise ImportProblem(
            _("msg_import_empty", default="The file contains no task classes.")
        )
    existing = set(lookup.classes_in(plan))
    seen = {}
    for row in rows:
        where = {"line": row.line, "element": row.element}
        if row.code in seen:
            raise ImportProblem(
                _(
                    "msg_import_duplicate",
                    default="The code ${code} appears twice.",
                    mapping={"code": row.code},
                ),
                **where,
            )
        seen[row.code] = row
    for row in rows:
        parent = row.parent_code
        if parent and parent not in seen and parent not in existing:
            raise ImportProblem(
                _(
                    "msg_import_no_parent",
                    default="The parent class ${parent} of ${code} is missing.",
                    mapping={"parent": parent, "code": row.code},
                ),
                line=row.line,
                element=row.element,
            )


#: Values new top-level classes from a CSV file get: public (the openness
#: principle) without personal data; sub-classes inherit them.
CSV_TOP_DEFAULTS = {"publicity_class": "public", "personal_data": "none"}


def write(plan, rows):
    """Create or update the classes of ``rows`` (already checked)."""
    classes = lookup.classes_in(plan)
    created = updated = 0
    for row in sorted(rows, key=lambda row: row.code.count(".")):
        fields = {
            "title": row.title,
            "title_sv": row.title_sv,
            "description": row.description or "",
        }
        fields.update(row.values)
        obj = classes.get(row.code)
        if obj is None:
            parent = classes[row.parent_code] if row.parent_code else plan
            if not row.parent_code and row.line is not None and row.element is None:
                fields = {**CSV_TOP_DEFAULTS, **fields}
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
            created += 1
        else:
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.reindexObject()
            updated += 1
    return {"created": created, "updated": updated}


def sniff(data):
    """``xml`` or ``csv``."""
    head = data[:200].lstrip() if isinstance(data, str) else data[:200].lstrip()
    if isinstance(head, bytes):
        head = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "ignore")
    return "xml" if head.startswith("<") else "csv"


def import_data(plan, data, kind=None):
    """Parse, check and write ``data`` (CSV or JHS 191 XML) into ``plan``."""
    kind = kind or sniff(data)
    rows = parse_xml(data) if kind == "xml" else parse_csv(data)
    check(plan, rows)
    return write(plan, rows)
