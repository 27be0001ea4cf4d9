"""JHS 191 TOS XML from any tool, schema-valid or not.

Elements are found by local name, so a file in another namespace version (or
none) is read too; ``Luokka`` elements are read wherever they are (flat as the
schema has them, or nested). A class with a code and a title is imported; what
cannot be (a class without a code, a value outside the code lists, a record
type JHS 191 does not know) is skipped and reported with its source line and
element path. The schema check is information: "the file does not validate"
is a note, never a refusal. The parser reads no DTD, expands no entity and
opens no network resource; a file with a DOCTYPE is refused.
"""

from lxml import etree
from municipality.policy import _
from municipality.policy.classification import codelists
from municipality.policy.classification import jhs191
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.classification.planformats.base import NO_TITLE
from municipality.policy.classification.planformats.base import ClassRow
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import Parsed
from municipality.policy.classification.planformats.base import bad_code
from municipality.policy.classification.planformats.base import bad_value
from municipality.policy.classification.planformats.base import normalize_code
import datetime


class Bad(ValueError):
    """A value to skip: (message, element)."""

    def __init__(self, message, element):
        super().__init__(message)
        self.message = message
        self.element = element


def local(element):
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def child(element, name):
    if element is None:
        return None
    for item in element:
        if local(item) == name:
            return item
    return None


def children(element, name):
    return [item for item in element if local(item) == name]


def text_of(element, name):
    found = child(element, name)
    return found.text.strip() if found is not None and found.text else None


def path(element):
    return element.getroottree().getpath(element)


def titles(element):
    nimeke = child(element, "Nimeke")
    if nimeke is None:
        return text_of(element, "NimekeTeksti"), None
    single = text_of(nimeke, "NimekeTeksti")
    if single:
        return single, None
    found = {}
    for kielella in children(nimeke, "NimekeKielella"):
        lang = next(
            (v for k, v in kielella.attrib.items() if k.endswith("kieliKoodi")), ""
        )
        found[lang.lower()] = text_of(kielella, "NimekeTeksti")
    title = found.get("fi") or next((t for t in found.values() if t), None)
    return title, found.get("sv") or found.get("se")


def _int(element, name):
    text = text_of(element, name)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise Bad(bad_value(text, name), child(element, name)) from None


def restriction(element):
    values = {}
    if element is None:
        return values
    for name, xml_name, table in (
        ("publicity_class", "JulkisuusluokkaKoodi", jhs191.PUBLICITY_FROM_JHS),
        ("protection_level", "SuojaustasoKoodi", jhs191.PROTECTION_FROM_JHS),
        ("personal_data", "HenkilotietoluonneKoodi", jhs191.PERSONAL_DATA_FROM_JHS),
    ):
        number = _int(element, xml_name)
        if number is not None:
            if number not in table:
                raise Bad(bad_value(number, xml_name), child(element, xml_name))
            values[name] = table[number]
    period = _int(element, "SalassapitoAikaArvo")
    if period is not None:
        if period not in codelists.SECRECY_PERIODS:
            raise Bad(bad_value(period, "SalassapitoAikaArvo"), element)
        values["secrecy_period"] = period
    reasons = text_of(element, "SalassapitoPerusteTeksti")
    if reasons:
        try:
            values["security_reasons"] = jhs191.reasons_from_text(reasons)
        except ValueError as error:
            raise Bad(
                bad_value(str(error), "SalassapitoPerusteTeksti"), element
            ) from None
    return values


def retention(element):
    values = {}
    if element is None:
        return values
    period = _int(element, "SailytysajanPituusArvo")
    laajennos = child(element, "Laajennos")
    undefined = laajennos is not None and any(
        local(item) == "SailytysaikaMaarittelematta" for item in laajennos
    )
    if period is not None and not undefined:
        if period not in codelists.RETENTION_PERIODS:
            raise Bad(bad_value(period, "SailytysajanPituusArvo"), element)
        values["retention_period"] = period
    reason = text_of(element, "SailytysajanPerusteTeksti")
    if reason:
        values["retention_reason"] = reason
    rule = text_of(element, "SailytysajanLaskentaperusteTeksti")
    if rule and rule.lower() in jhs191.START_RULE_FROM_TEXT:
        values["retention_start_rule"] = jhs191.START_RULE_FROM_TEXT[rule.lower()]
    return values


class Reader:
    def __init__(self, parsed):
        self.parsed = parsed
        self.code = None  # of the class being read

    def skip(self, message, element, what=None):
        self.parsed.skip(
            message,
            line=element.sourceline,
            element=path(element),
            text=what or self.code,
        )

    def guarded(self, call, element, *args):
        """``call(*args)``; a Bad value is skipped (reported) and {} returned."""
        try:
            return call(*args)
        except Bad as bad:
            self.skip(bad.message, bad.element if bad.element is not None else element)
            return {}

    def record_types(self, process, class_values):
        records = []
        known = {value for value, _en, _sv in codelists.RECORD_TYPES}
        for action_element in process.iter():
            if local(action_element) != "Toimenpidetiedot":
                continue
            action_text = text_of(action_element, "ToimenpideluokkaTeksti")
            try:
                action = jhs191.action_from_text(action_text)
            except ValueError:
                self.skip(
                    bad_value(action_text or "", "ToimenpideluokkaTeksti"),
                    action_element,
                )
                continue
            for record_element in children(action_element, "Asiakirjatieto"):
                record_type = text_of(record_element, "AsiakirjaluokkaTeksti")
                if record_type not in known:
                    self.skip(
                        bad_value(record_type or "", "AsiakirjaluokkaTeksti"),
                        record_element,
                    )
                    continue
                record = {"record_type": record_type, "action_class": action}
                specifier = text_of(record_element, "AsiakirjaluokkaTarkenneTeksti")
                if specifier:
                    record["specifier"] = specifier
                try:
                    own = restriction(child(record_element, "Kayttorajoitustiedot"))
                    own.update(retention(child(record_element, "Sailytysaikatiedot")))
                except Bad as bad:
                    self.skip(bad.message, record_element)
                    continue
                record.update(
                    {k: v for k, v in own.items() if class_values.get(k) != v}
                )
                records.append(record)
        return records

    def date(self, element, name, values, key):
        text = text_of(element, name)
        if not text:
            values[key] = None
            return
        try:
            values[key] = datetime.date.fromisoformat(text[:10])
        except ValueError:
            values[key] = None
            self.skip(bad_value(text, name), child(element, name))

    def luokka(self, element):
        raw = text_of(element, "Luokitustunnus")
        code = normalize_code(raw)
        self.code = code or raw
        title, title_sv = titles(element)
        if code is None:
            self.skip(
                bad_code(raw)
                if raw
                else _(
                    "msg_import_no_class_code",
                    default="The class has no Luokitustunnus (code).",
                ),
                element,
                title,
            )
            return
        if not title:
            self.skip(NO_TITLE, element, code)
            return
        process = child(element, "KasittelyprosessiTiedot")
        # The file is authoritative: a value it leaves out is unset, not inherited.
        values = dict.fromkeys(FIELDS)
        if process is not None:
            values.update(
                self.guarded(
                    restriction, process, child(process, "Kayttorajoitustiedot")
                )
            )
            values.update(
                self.guarded(retention, process, child(process, "Sailytysaikatiedot"))
            )
            values["record_types"] = self.record_types(process, values)
            values["process_owner"] = text_of(process, "ProsessinOmistajaNimi")
        else:
            values["record_types"] = []
            values["process_owner"] = None
        self.date(element, "VoimassaoloAlkaaPvm", values, "valid_from")
        self.date(element, "VoimassaoloPaattyyPvm", values, "valid_until")
        self.parsed.rows.append(
            ClassRow(
                code=code,
                title=title,
                title_sv=title_sv,
                description=text_of(element, "LuokitusKuvausTeksti"),
                values=values,
                line=element.sourceline,
                element=path(element),
                defaults=False,
            )
        )


def parse(data):
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
    if document.getroottree().docinfo.doctype:
        raise ImportProblem(
            _(
                "msg_import_xml_doctype",
                default="The XML has a DOCTYPE declaration; a plan file needs none "
                "and it is not read.",
            ),
            line=1,
        )
    return document


def read(data):
    document = parse(data)
    parsed = Parsed("xml")
    if etree.QName(document).namespace == jhs191.NS:
        schema = jhs191.schema()
        if not schema.validate(document):
            errors = list(schema.error_log)
            parsed.note(
                _(
                    "msg_import_xml_not_valid",
                    default="The file does not validate against JHS 191 "
                    "(${count} errors; the first: ${detail}). What can be read "
                    "is imported; what cannot is listed as skipped.",
                    mapping={"count": len(errors), "detail": errors[0].message},
                ),
                line=errors[0].line,
            )
    else:
        parsed.note(
            _(
                "msg_import_xml_other_namespace",
                default="The file is not in the JHS 191 namespace ${ns}; its "
                "elements are read by name.",
                mapping={"ns": jhs191.NS},
            )
        )
    reader = Reader(parsed)
    for element in document.iter():
        if local(element) == "Luokka":
            reader.luokka(element)
    return parsed
