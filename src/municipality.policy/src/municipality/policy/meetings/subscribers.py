"""Event subscribers of decision records (agenda items, office-holder decisions)."""

from municipality.policy.base.content import parent_case
from municipality.policy.classification.inheritance import RESTRICTION_FIELDS
from municipality.policy.classification.inheritance import defaults_for
from municipality.policy.classification.inheritance import without_secrecy
from municipality.policy.security import chain


def inherit_restriction(obj, event):
    """An agenda item or office-holder decision takes its case's restriction
    (publicity class, grounds, personal data, ...) for the values it leaves
    empty, then goes onto the workflow variant that allows."""
    case = parent_case(obj)
    if case is None or event.newParent is None:
        return
    own = {name: getattr(obj, name, None) for name in RESTRICTION_FIELDS}
    values = without_secrecy(defaults_for(case), own["publicity_class"])
    for name, value in values.items():
        if name in own and own[name] is None and value is not None:
            setattr(obj, name, list(value) if isinstance(value, tuple) else value)
    chain.sync(obj)
