"""1004 -> 1005: a registered case's task class change needs a role and a reason.

Grants the new permission ``municipality.policy: Change task class`` (records
officer and above; the ``rolemap`` import step), and gives every existing case
what ``cases.taskclass`` compares with: ``diary_task_class``, the class its
diary number was given under (read from the number with its registry's
``number_format``; the current class when the number does not say), and the
snapshot of the class last seen, so the next change is logged.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from municipality.policy.cases import taskclass
from municipality.policy.registry.content import DEFAULT_NUMBER_FORMAT
from plone import api
import logging
import re
import string


logger = logging.getLogger("municipality.policy.upgrades")
PROFILE = "profile-municipality.policy:default"
PARTS = {
    "prefix": r".*?",
    "number": r"\d+",
    "class": r"(?P<code>[0-9][0-9.]*)",
    "year": r"\d{4}",
}


def class_in_number(number, number_format):
    """The task class code in a diary ``number`` written with ``number_format``."""
    if not number:
        return None
    pattern = ""
    for literal, name, _spec, _conv in string.Formatter().parse(
        number_format or DEFAULT_NUMBER_FORMAT
    ):
        pattern += re.escape(literal)
        if name is not None:
            pattern += PARTS.get(name, r".*?")
    match = re.fullmatch(pattern, number)
    return match.group("code") if match and "code" in match.groupdict() else None


def remember_task_classes(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "rolemap", run_dependencies=False)
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Case"):
        case = brain._unrestrictedGetObject()
        base = aq_base(case)
        if base.__dict__.get("diary_number") and not base.__dict__.get(
            "diary_task_class"
        ):
            registry = aq_parent(case)
            code = class_in_number(
                base.diary_number, getattr(registry, "number_format", None)
            )
            base.diary_task_class = code or base.task_class
        if getattr(base, taskclass.SEEN_ATTR, None) is None:
            taskclass.remember(case)
        count += 1
    logger.info("Task class snapshots taken on %d cases", count)
