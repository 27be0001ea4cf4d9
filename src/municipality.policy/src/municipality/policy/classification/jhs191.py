"""JHS 191 (TOS) XML: namespace, the schema (copied into data/) and code mappings."""

from functools import lru_cache
from lxml import etree
from municipality.policy.classification import codelists
import os
import re


NS = "http://skeemat.jhs-suositukset.fi/tos/2015/01/15"
#: Our extension (in tos:Laajennos): the class has no retention period yet.
KP_NS = "https://kuntaportaali.fi/tos"
UNDEFINED_RETENTION = f"{{{KP_NS}}}SailytysaikaMaarittelematta"
DATA = os.path.join(os.path.dirname(__file__), "data")
SCHEMA_FILE = os.path.join(DATA, "Skeema_TOS_kooste.xsd")


def q(name):
    """Qualified name in the TOS namespace."""
    return f"{{{NS}}}{name}"


@lru_cache(maxsize=1)
def schema():
    """The JHS 191 TOS schema (Skeema_TOS_kooste.xsd with its includes)."""
    return etree.XMLSchema(etree.parse(SCHEMA_FILE))


def parser():
    """A parser that reads no DTDs, entities or network resources."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


PUBLICITY_FROM_JHS = {v: k for k, v in codelists.PUBLICITY_JHS.items()}
PERSONAL_DATA_FROM_JHS = {1: "none", 2: "personal", 3: "sensitive"}
PROTECTION_FROM_JHS = {v: k for k, v in codelists.PROTECTION_JHS.items()}
START_RULE_TEXT = {row[0]: row[3] for row in codelists.RETENTION_START_RULES}
START_RULE_FROM_TEXT = {text.lower(): value for value, text in START_RULE_TEXT.items()}

_REASON_RE = re.compile(r"24\.1\s*§\s*(\d+)\s*k", re.IGNORECASE)


def reasons_text(tokens):
    """``["24.1.25", "24.1.32"]`` -> ``JulkL (621/1999) 24.1 § 25 k; ...``."""
    return "; ".join(codelists.security_reason_title(token) for token in tokens)


def reasons_from_text(text):
    """Tokens of a SalassapitoPerusteTeksti; raises ValueError for an unknown part."""
    tokens = []
    for part in (p.strip() for p in (text or "").split(";")):
        if not part:
            continue
        match = _REASON_RE.search(part)
        if match is None or int(match.group(1)) not in codelists.SECURITY_REASON_POINTS:
            raise ValueError(part)
        tokens.append(f"24.1.{int(match.group(1))}")
    return tokens


def action_text(value):
    return codelists.ACTION_JHS.get(value, value)


def action_from_text(text):
    value = (text or "").strip().lower().replace("ä", "a").replace("ö", "o")
    value = value.replace(" ", "")
    known = {row[0] for row in codelists.ACTION_CLASSES}
    if value not in known:
        raise ValueError(text)
    return value
