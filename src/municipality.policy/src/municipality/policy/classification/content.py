"""ClassificationPlan (TOS, one per archive creator) and TaskClass (nestable)."""

from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.classification import codelists
from municipality.policy.classification import lookup
from plone.app.content.interfaces import INameFromTitle
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema import JSONField
from plone.supermodel import model
from z3c.form.interfaces import IEditForm
from zope import schema
from zope.component import adapter
from zope.interface import Invalid
from zope.interface import implementer
from zope.interface import invariant
from zope.schema.interfaces import ValidationError
import json
import re


CODE_RE = re.compile(r"^\d{2}(\.\d{2})*$")

RECORD_TYPE_SCHEMA = json.dumps(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "record_type": {
                    "type": "string",
                    "enum": [value for value, _en, _sv in codelists.RECORD_TYPES],
                },
                "specifier": {"type": "string"},
                "action_class": {
                    "type": "string",
                    "enum": [row[0] for row in codelists.ACTION_CLASSES],
                },
                "publicity_class": {
                    "type": "string",
                    "enum": [row[0] for row in codelists.PUBLICITY_CLASSES],
                },
                "security_reasons": {"type": "array", "items": {"type": "string"}},
                "secrecy_period": {"enum": list(codelists.SECRECY_PERIODS)},
                "personal_data": {
                    "type": "string",
                    "enum": [row[0] for row in codelists.PERSONAL_DATA_CLASSES],
                },
                "retention_period": {"enum": list(codelists.RETENTION_PERIODS)},
                "retention_reason": {"type": "string"},
            },
            "required": ["record_type"],
            "additionalProperties": False,
        },
    }
)


class InvalidCode(ValidationError):
    __doc__ = _(
        "msg_invalid_task_class_code",
        default="A task class code is two digits per level separated by dots, "
        "e.g. 00.02.08.",
    )


def valid_code(value):
    if not CODE_RE.match(value or ""):
        raise InvalidCode(value)
    return True


class DuplicateCode(Invalid):
    __doc__ = _(
        "msg_duplicate_task_class_code",
        default="The plan already has a task class with this code.",
    )


class IClassificationPlan(model.Schema, interfaces.IClassificationPlan):
    """The information management plan (TOS) of one archive creator."""

    contact_person = schema.TextLine(
        title=_("label_plan_contact_person", default="Contact person"),
        required=False,
    )
    plan_version = schema.TextLine(
        title=_("label_plan_version", default="Version"),
        required=False,
        default="1.0",
    )


class ITaskClass(model.Schema, interfaces.ITaskClass):
    """A class of the task classification with its handling-process metadata."""

    directives.mode(IEditForm, code="display")
    code = schema.ASCIILine(
        title=_("label_task_class_code", default="Code"),
        description=_("help_task_class_code", default="Dotted code, e.g. 00.02.08."),
        required=True,
        constraint=valid_code,
    )
    title_sv = schema.TextLine(
        title=_("label_task_class_title_sv", default="Title in Swedish"),
        required=False,
    )
    valid_from = schema.Date(
        title=_("label_valid_from", default="Valid from"), required=False
    )
    valid_until = schema.Date(
        title=_("label_valid_until", default="Valid until"), required=False
    )
    process_owner = schema.TextLine(
        title=_("label_process_owner", default="Process owner"), required=False
    )
    record_types = JSONField(
        title=_("label_record_types", default="Record types"),
        description=_(
            "help_record_types",
            default="The record types of the handling process with their own "
            "publicity and retention where they differ from the class.",
        ),
        schema=RECORD_TYPE_SCHEMA,
        required=False,
        default=[],
    )

    @invariant
    def code_unique(data):
        context = getattr(data, "__context__", None)
        try:
            code = data.code
        except Exception:  # noqa: BLE001  (display mode: not in the data)
            return
        if context is None or not code:
            return
        existing = lookup.task_class(code, context)
        if (
            existing is not None
            and existing is not context
            and (not ITaskClass.providedBy(context) or existing.UID() != context.UID())
        ):
            raise DuplicateCode(DuplicateCode.__doc__)

    @invariant
    def validity(data):
        start, end = (
            getattr(data, "valid_from", None),
            getattr(data, "valid_until", None),
        )
        if start and end and end < start:
            raise Invalid(
                _(
                    "msg_valid_until_before_from",
                    default="Valid until is before valid from.",
                )
            )


@implementer(IClassificationPlan)
class ClassificationPlan(Container):
    """The plan; its children are the top-level task classes."""


@implementer(ITaskClass)
class TaskClass(Container):
    """A task class; its children are its sub-classes."""


@implementer(INameFromTitle)
@adapter(ITaskClass)
class TaskClassName:
    """The id of a task class is its code."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.code
