"""Inheritance of restriction and retention: TaskClass -> Case -> CaseDocument.

``defaults_for(obj)`` is what a new object below ``obj`` inherits. A task class
passes on its own values (a value it leaves empty comes from its parent class);
a case passes on its values to its documents. Sub-classes, cases and documents
get the values written onto them when they are added (``apply_inherited``), so
that a later change of the class does not silently change them; the "class
defaults changed" view applies such changes to cases on purpose.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from municipality.policy.base.content import parent_case
from municipality.policy.classification import lookup
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import ITaskClass
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import IForm
from zope.globalrequest import getRequest


RESTRICTION_FIELDS = (
    "publicity_class",
    "security_reasons",
    "secrecy_period",
    "personal_data",
    "protection_level",
)
RETENTION_FIELDS = ("retention_period", "retention_reason", "retention_start_rule")
FIELDS = RESTRICTION_FIELDS + RETENTION_FIELDS


def stored(obj, name):
    """The value stored on ``obj`` itself (no schema default, no acquisition)."""
    base = aq_base(obj)
    activate = getattr(base, "_p_activate", None)
    if activate is not None:
        activate()
    return getattr(base, "__dict__", {}).get(name)


def _parent(obj):
    return aq_parent(aq_inner(obj))


def defaults_for(obj):
    """The restriction and retention defaults a new object below ``obj`` inherits."""
    if obj is None:
        return {}
    if ITaskClass.providedBy(obj):
        values, current = {}, obj
        while ITaskClass.providedBy(current):
            for name in FIELDS:
                if values.get(name) is None:
                    values[name] = stored(current, name)
            current = _parent(current)
        return values
    if ICase.providedBy(obj) or stored(obj, "task_class"):
        return {name: stored(obj, name) for name in FIELDS}
    return {}


def source_of(obj):
    """Where ``obj`` inherits from: a case's task class, a document's case, a
    class's parent class; None for anything else."""
    if ITaskClass.providedBy(obj):
        parent = _parent(obj)
        return parent if ITaskClass.providedBy(parent) else None
    code = stored(obj, "task_class")
    if ICase.providedBy(obj) or code:
        return lookup.task_class(code, obj)
    if ICaseDocument.providedBy(obj):
        return parent_case(obj)
    return None


def inherited(obj):
    """The defaults ``obj`` itself inherits."""
    return defaults_for(source_of(obj))


def published_form():
    """The z3c.form form being published, or None (e.g. a REST service)."""
    request = getRequest()
    published = request.get("PUBLISHED") if request is not None else None
    form = getattr(published, "form_instance", published)
    return form if IForm.providedBy(form) else None


def adding():
    """True when the published form is an add form (its context is the container)."""
    return IAddForm.providedBy(published_form())


def form_source(context):
    """The source of the object a form is about.

    In an add form ``context`` is the container: the source is the task class
    chosen in the form, or the container when it is a case or a class.
    """
    if adding():
        code = getRequest().form.get("form.widgets.task_class")
        if isinstance(code, (list, tuple)):
            code = code[0] if code else None
        if code:
            return lookup.task_class(code, context)
        if ICase.providedBy(context) or ITaskClass.providedBy(context):
            return context
        return None
    return source_of(context)


#: Values that only a non-public record has: not inherited by a public one.
SECRECY_FIELDS = ("security_reasons", "secrecy_period", "protection_level")


def without_secrecy(values, publicity_class=None):
    """``values`` to inherit, minus ``SECRECY_FIELDS`` when the inheriting
    record is public (``publicity_class``, or else the inherited class): a
    public document of a partly secret case takes no grounds for secrecy."""
    if (publicity_class or values.get("publicity_class")) != "public":
        return dict(values)
    return {k: v for k, v in values.items() if k not in SECRECY_FIELDS}


def apply_inherited(obj, names=FIELDS):
    """Write the inherited value into each of ``names`` that ``obj`` leaves unset;
    returns the names written (``without_secrecy`` for a public record)."""
    values = without_secrecy(inherited(obj), stored(obj, "publicity_class"))
    written = []
    for name in names:
        if stored(obj, name) is None and values.get(name) is not None:
            value = values[name]
            setattr(
                obj, name, list(value) if isinstance(value, (list, tuple)) else value
            )
            written.append(name)
    return written


def differences(obj, names=FIELDS):
    """``{name: (current, inherited)}`` where ``obj`` differs from its source."""
    values = inherited(obj)
    result = {}
    for name in names:
        expected = values.get(name)
        if expected is None:
            continue
        current = stored(obj, name)
        if _normal(current) != _normal(expected):
            result[name] = (current, expected)
    return result


def _normal(value):
    if isinstance(value, (list, tuple, set)):
        return sorted(value)
    return value
