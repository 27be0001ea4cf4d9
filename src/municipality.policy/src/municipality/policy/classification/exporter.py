"""Export a ClassificationPlan as JHS 191 XML (validates against Skeema_TOS_kooste.xsd).

Every task class becomes one ``Luokka`` with its handling process; a value a
class leaves empty is exported as inherited from its parent class. Record
types are grouped by action class into ``Toimenpidetiedot``; each
``Asiakirjatieto`` carries its own restriction and retention, filled from the
class where the record type has none (as JHS 191 asks of a TOS system).
"""

from lxml import etree
from municipality.policy.classification import codelists
from municipality.policy.classification import jhs191
from municipality.policy.classification import lookup
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.classification.jhs191 import q
from municipality.policy.interfaces import IArchiveCreator


DEFAULT_ACTION = "valmistelu"


def _sub(parent, name, text=None, **attrs):
    element = etree.SubElement(parent, q(name), {q(k): v for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def _title(parent, title, title_sv=None):
    nimeke = _sub(parent, "Nimeke")
    if title_sv:
        for lang, text in (("fi", title), ("sv", title_sv)):
            kielella = _sub(nimeke, "NimekeKielella", kieliKoodi=lang)
            _sub(kielella, "NimekeTeksti", text)
    else:
        _sub(nimeke, "NimekeTeksti", title or "")


def class_values(obj):
    """The effective restriction and retention values of a task class."""
    return {name: getattr(obj, name, None) for name in FIELDS}


def _restriction(parent, values):
    element = _sub(parent, "Kayttorajoitustiedot")
    _sub(
        element,
        "JulkisuusluokkaKoodi",
        codelists.PUBLICITY_JHS[values.get("publicity_class") or "public"],
    )
    if values.get("protection_level"):
        _sub(
            element,
            "SuojaustasoKoodi",
            codelists.PROTECTION_JHS[values["protection_level"]],
        )
    _sub(
        element,
        "HenkilotietoluonneKoodi",
        codelists.PERSONAL_DATA_JHS[values.get("personal_data") or "none"],
    )
    if values.get("secrecy_period"):
        _sub(element, "SalassapitoAikaArvo", values["secrecy_period"])
    if values.get("security_reasons"):
        _sub(
            element,
            "SalassapitoPerusteTeksti",
            jhs191.reasons_text(values["security_reasons"]),
        )


def _retention(parent, values):
    element = _sub(parent, "Sailytysaikatiedot")
    period = values.get("retention_period")
    # Undefined retention is exported as permanent (nothing is destroyed on a
    # guess) and marked as undefined in our extension element.
    _sub(element, "SailytysajanPituusArvo", -1 if period is None else period)
    _sub(element, "SailytysajanPerusteTeksti", values.get("retention_reason") or "")
    if values.get("retention_start_rule"):
        _sub(
            element,
            "SailytysajanLaskentaperusteTeksti",
            jhs191.START_RULE_TEXT[values["retention_start_rule"]],
        )
    if period is None:
        laajennos = _sub(element, "Laajennos")
        marker = etree.SubElement(
            laajennos, jhs191.UNDEFINED_RETENTION, nsmap={"kp": jhs191.KP_NS}
        )
        marker.text = "true"


def _record(parent, code, index, record, class_values_):
    values = dict(class_values_)
    values.update({k: v for k, v in record.items() if v not in (None, "", [])})
    element = _sub(parent, "Asiakirjatieto", id=f"a-{code}-{index}")
    _restriction(element, values)
    _retention(element, values)
    _sub(element, "AsiakirjaluokkaTeksti", record["record_type"])
    if record.get("specifier"):
        _sub(element, "AsiakirjaluokkaTarkenneTeksti", record["specifier"])


def _luokka(root, obj):
    code = obj.code or obj.getId()
    luokka = _sub(root, "Luokka", id=f"c-{code}")
    if obj.valid_from:
        _sub(luokka, "VoimassaoloAlkaaPvm", obj.valid_from.isoformat())
    if obj.valid_until:
        _sub(luokka, "VoimassaoloPaattyyPvm", obj.valid_until.isoformat())
    _sub(luokka, "Luokitustunnus", code)
    _title(luokka, obj.title, obj.title_sv)
    if obj.description:
        _sub(luokka, "LuokitusKuvausTeksti", obj.description)
    process = _sub(luokka, "KasittelyprosessiTiedot", id=f"p-{code}")
    values = class_values(obj)
    _restriction(process, values)
    _retention(process, values)
    groups = {}
    for record in obj.record_types or []:
        groups.setdefault(record.get("action_class") or DEFAULT_ACTION, []).append(
            record
        )
    if not groups:
        groups[DEFAULT_ACTION] = []
    index = 0
    for action, records in groups.items():
        toimenpide = _sub(process, "Toimenpidetiedot", id=f"t-{code}-{action}")
        _sub(toimenpide, "ToimenpideluokkaTeksti", jhs191.action_text(action))
        for record in records:
            index += 1
            _record(toimenpide, code, index, record, values)
    if obj.process_owner:
        _sub(process, "ProsessinOmistajaNimi", obj.process_owner)


def export_plan(plan):
    """The plan as JHS 191 XML (bytes, UTF-8)."""
    root = etree.Element(q("Tos"), nsmap={"tos": jhs191.NS})
    info = _sub(root, "TosTiedot", id=f"tos-{plan.getId()}")
    _title(info, plan.title)
    _sub(info, "YhteyshenkiloNimi", getattr(plan, "contact_person", None) or "")
    _sub(info, "TosVersio", getattr(plan, "plan_version", None) or "1.0")
    creator = plan.aq_parent
    if IArchiveCreator.providedBy(creator):
        _sub(info, "OrganisaatioNimi", creator.title)
    if plan.description:
        _sub(info, "LisatiedotTeksti", plan.description)
    classes = lookup.classes_in(plan)
    for code in sorted(classes):
        _luokka(root, classes[code])
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def validation_errors(data):
    """Schema errors of JHS 191 XML ``data`` (empty when it validates)."""
    document = etree.fromstring(data, jhs191.parser())
    schema = jhs191.schema()
    if schema.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]
