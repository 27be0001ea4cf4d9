"""Changing a registered case's task class: permission, reason, log entry.

The diary number never changes: it keeps the code of the class it was given
under (``diary_task_class``, set by the registry when it numbers the case).
Changing the class of a case that has a diary number needs the permission
``CHANGE_TASK_CLASS`` (records officer and above) and a
``task_class_change_reason`` (``cases.content.ICase.task_class_change``
checks both, in forms and over REST). ``modified`` writes the change to the
handling-phase log the way ``restrictionlog`` writes a field change (a
``restriction`` entry, ``data["changes"]`` ``[{field, old, new}]``, the reason
as its note) and clears the reason, so a reason belongs to one change.

The case keeps its own restriction and retention: they were set for this case
(some with their own reasons), and loosening or tightening who may see it as a
side effect of a reclassification would be a change nobody decided. When the
new class's defaults differ, the user is told (a status message in the form;
the class's ``@@class-defaults`` view lists such cases).
"""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy.cases import phaselog
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.classification.inheritance import defaults_for
from municipality.policy.classification.inheritance import stored
from municipality.policy.classification.lookup import task_class as lookup_class
from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from zope.globalrequest import getRequest
from zope.i18n import translate
import contextlib


#: Zope permission needed to change the task class of a registered case.
CHANGE_TASK_CLASS = "municipality.policy: Change task class"
#: the class last logged (or given at registration): a REST call has written
#: the new value before it is validated, so the old one is kept here
SEEN_ATTR = "_municipality_task_class_seen"
REASON = "task_class_change_reason"


def previous(case):
    """The task class the case had before the change being made now."""
    base = aq_base(case)
    seen = getattr(base, SEEN_ATTR, None)
    if seen is not None:
        return seen
    return getattr(base, "diary_task_class", None) or stored(case, "task_class")


def remember(case):
    setattr(aq_base(case), SEEN_ATTR, getattr(aq_base(case), "task_class", None))


def registered_class(case):
    """The class the diary number was given under (None before registration)."""
    if not getattr(aq_base(case), "diary_number", None):
        return None
    return getattr(aq_base(case), "diary_task_class", None) or previous(case)


def class_title(code, context):
    """``"10.03.02 Rakennusluvat"``: a class's code and title (the code alone
    when the class is not in the plan)."""
    if not code:
        return ""
    found = lookup_class(code, context)
    title = found.Title() if found is not None else ""
    return f"{code} {title}".strip()


def differing_defaults(case):
    """Restriction and retention fields whose value on ``case`` differs from
    its (new) task class's default: ``[field name]``."""
    source = lookup_class(getattr(aq_base(case), "task_class", None), case)
    if source is None:
        return []
    expected = defaults_for(source)
    names = []
    for name in FIELDS:
        default = expected.get(name)
        if default in (None, [], ()):
            continue
        value = getattr(aq_base(case), name, None)
        normal = sorted(value) if isinstance(value, (list, tuple)) else value
        wanted = sorted(default) if isinstance(default, (list, tuple)) else default
        if normal != wanted:
            names.append(name)
    return names


def added(case, event):
    remember(case)


def modified(case, event):
    """Subscriber: log a changed task class with its reason, clear the reason."""
    base = aq_base(case)
    old, new = previous(case), getattr(base, "task_class", None)
    if not getattr(base, "diary_number", None) or old == new:
        if getattr(base, REASON, None):
            setattr(base, REASON, None)
        if getattr(base, SEEN_ATTR, None) != new:
            remember(case)
        return
    reason = (getattr(base, REASON, None) or "").strip()
    phaselog.add(
        case,
        phaselog.RESTRICTION,
        "ohjaus",
        data={
            "document": None,
            "changes": [{"field": "task_class", "old": old, "new": new}],
        },
        note=reason,
    )
    setattr(base, REASON, None)
    remember(case)
    _tell_defaults(case)


def _tell_defaults(case):
    """A status message when the new class's defaults differ from the case's."""
    names = differing_defaults(case)
    request = getRequest()
    if not names or request is None:
        return
    from municipality.policy.classification.behaviors import IRestriction
    from municipality.policy.classification.behaviors import IRetention

    titles = []
    for name in names:
        schema = IRestriction if name in IRestriction else IRetention
        titles.append(translate(schema[name].title, context=request))
    message = _(
        "msg_task_class_defaults_differ",
        default="The case keeps its own restriction and retention. The defaults "
        "of task class ${code} differ in: ${fields}. Change them on the case if "
        "they should follow the new class.",
        mapping={"code": case.task_class, "fields": ", ".join(titles)},
    )
    with contextlib.suppress(TypeError):  # not a Zope request: no messages
        IStatusMessage(request).add(message, "warning")


def may_change(case):
    return bool(api.user.has_permission(CHANGE_TASK_CLASS, obj=case))
