"""Case (asia): one matter from initiation to decision and closing."""

from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.base.dates import today
from municipality.policy.base.ids import new_case_id
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from municipality.policy.cases.widgets import (
    CheckedSelect2FieldWidget as Select2FieldWidget,
)
from plone.app.content.interfaces import INameFromTitle
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.schema.interfaces import ValidationError


class CaseNotFound(ValidationError):
    __doc__ = _("msg_related_case_not_found", default="No case with this identifier.")


def validate_case_uid(value):
    from plone.app.uuid.utils import uuidToCatalogBrain

    brain = uuidToCatalogBrain(value)
    if brain is None or brain.portal_type != "Case":
        raise CaseNotFound(value)
    return True


class ICase(model.Schema, interfaces.ICase):
    """A case of the diary. ``diary_number`` is assigned by the system."""

    diary_number = schema.TextLine(
        title=_("label_diary_number", default="Diary number"),
        required=False,
        readonly=True,
    )
    public_title = schema.TextLine(
        title=_("label_case_public_title", default="Public title"),
        description=_(
            "help_case_public_title",
            default="Descriptive title shown in public listings; must not reveal "
            "secret content.",
        ),
        required=False,
    )
    directives.widget("task_class", Select2FieldWidget)
    task_class = schema.Choice(
        title=_("label_case_task_class", default="Task class"),
        source=task_classes,
        required=True,
    )
    initiated = schema.Date(
        title=_("label_case_initiated", default="Initiated"),
        required=False,
        defaultFactory=today,
    )
    parties = schema.List(
        title=_("label_case_parties", default="Parties"),
        description=_(
            "help_case_parties", default="One party per line (personal data)."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    directives.widget(
        "preparer", AjaxSelectFieldWidget, vocabulary="plone.app.vocabularies.Users"
    )
    preparer = schema.Choice(
        title=_("label_case_preparer", default="Preparer"),
        vocabulary="plone.app.vocabularies.Users",
        required=False,
    )
    directives.widget(
        "presenter", AjaxSelectFieldWidget, vocabulary="plone.app.vocabularies.Users"
    )
    presenter = schema.Choice(
        title=_("label_case_presenter", default="Presenter"),
        vocabulary="plone.app.vocabularies.Users",
        required=False,
    )
    deciding_body = schema.Choice(
        title=_("label_case_deciding_body", default="Deciding body"),
        source=sub_archive_creators,
        required=False,
    )
    sub_archive_creator = schema.Choice(
        title=_("label_case_sub_archive_creator", default="Sub-archive creator"),
        source=sub_archive_creators,
        required=False,
    )
    related_cases = schema.List(
        title=_("label_case_related_cases", default="Related cases"),
        value_type=schema.ASCIILine(constraint=validate_case_uid),
        required=False,
        default=[],
    )


@implementer(ICase)
class Case(Container):
    """A case; its documents are its children."""

    diary_number = None
    diary_year = None
    diary_sequence = None
    registered = None


@implementer(INameFromTitle)
@adapter(ICase)
class CaseName:
    """Case ids never come from the title: a secret title must not leak into URLs."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return new_case_id()
