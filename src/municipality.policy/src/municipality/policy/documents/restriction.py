"""Restriction of a document against its case: stricter, never looser.

A document inherits the restriction of its case. When the case is secret
(``salassa pidettävä``) the document must be secret too, with a secrecy
period at least as long and a protection level at least as high (I is the
highest, IV the lowest).
"""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy.classification.inheritance import defaults_for


FIELDS = (
    "publicity_class",
    "security_reasons",
    "secrecy_period",
    "personal_data",
    "protection_level",
    "restriction_reason",
)
SECRET = "secret"
LEVELS = {"I": 1, "II": 2, "III": 3, "IV": 4}


def inherited(case):
    """The restriction defaults for a document in ``case``."""
    values = dict(defaults_for(case) or {})
    for name in FIELDS[:-1]:
        if values.get(name) is None:
            value = getattr(aq_base(case), name, None)
            if value is not None:
                values[name] = (
                    list(value) if isinstance(value, (list, tuple)) else value
                )
    return {name: value for name, value in values.items() if name in FIELDS}


def looser(case, values):
    """``[(field, message)]`` where ``values`` would be looser than a secret case."""
    if case is None or getattr(aq_base(case), "publicity_class", None) != SECRET:
        return []
    errors = []
    if values.get("publicity_class") != SECRET:
        errors.append(
            (
                "publicity_class",
                _(
                    "msg_document_looser_publicity",
                    default="The case is secret: the document must be secret too.",
                ),
            )
        )
    case_period = getattr(aq_base(case), "secrecy_period", None)
    period = values.get("secrecy_period")
    if case_period and (not period or int(period) < int(case_period)):
        errors.append(
            (
                "secrecy_period",
                _(
                    "msg_document_looser_secrecy_period",
                    default="The secrecy period cannot be shorter than the case's "
                    "(${years} years).",
                    mapping={"years": case_period},
                ),
            )
        )
    case_level = LEVELS.get(getattr(aq_base(case), "protection_level", None))
    level = LEVELS.get(values.get("protection_level"))
    if case_level and (level is None or level > case_level):
        errors.append(
            (
                "protection_level",
                _(
                    "msg_document_looser_protection_level",
                    default="The protection level cannot be lower than the case's.",
                ),
            )
        )
    return errors


def current(obj):
    """The restriction values stored on ``obj``."""
    return {name: getattr(aq_base(obj), name, None) for name in FIELDS}
