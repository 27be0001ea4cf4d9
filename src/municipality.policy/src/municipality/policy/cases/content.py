"""Case (asia): one matter from initiation to decision and closing."""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.base.dates import today
from municipality.policy.base.ids import new_case_id
from municipality.policy.cases import taskclass
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from municipality.policy.cases.widgets import (
    CheckedSelect2FieldWidget as Select2FieldWidget,
)
from municipality.policy.errors import FieldInvalid
from municipality.policy.interfaces import ICase as ICaseMarker
from plone.app.content.interfaces import INameFromTitle
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from z3c.form.interfaces import IEditForm
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import invariant
from zope.schema.interfaces import ValidationError


#: Who may read a case's parties (personal data), as a Zope 3 permission id
#: (``directives.read_permission``) and its title (``has_permission``).
PARTIES_READ_PERMISSION = "cmf.ListFolderContents"
PARTIES_READ_PERMISSION_TITLE = "List folder contents"


class CaseNotFound(ValidationError):
    __doc__ = _("msg_related_case_not_found", default="No case with this identifier.")


def validate_case_uid(value):
    from plone.app.uuid.utils import uuidToCatalogBrain

    brain = uuidToCatalogBrain(value)
    if brain is None or brain.portal_type != "Case":
        raise CaseNotFound(value)
    return True


class TaskClassReasonRequired(FieldInvalid):
    field = "task_class_change_reason"
    __doc__ = _(
        "msg_task_class_change_reason_required",
        default="A reason is required when the task class of a registered case "
        "is changed.",
    )


class TaskClassChangeNotAllowed(FieldInvalid):
    field = "task_class"
    __doc__ = _(
        "msg_task_class_change_not_allowed",
        default="Only a records officer, sector records manager or chief records "
        "officer may change the task class of a registered case.",
    )


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
    directives.omitted("task_class_change_reason")
    directives.no_omit(IEditForm, "task_class_change_reason")
    task_class_change_reason = schema.Text(
        title=_(
            "label_task_class_change_reason",
            default="Reason for changing the task class",
        ),
        description=_(
            "help_task_class_change_reason",
            default="Required when the task class of a registered case is "
            "changed. The diary number keeps the class it was given under. "
            "Only a records officer may change the class.",
        ),
        required=False,
    )
    initiated = schema.Date(
        title=_("label_case_initiated", default="Initiated"),
        required=False,
        defaultFactory=today,
    )
    due_date = schema.Date(
        title=_("label_case_due_date", default="Due date"),
        description=_(
            "help_case_due_date",
            default="The day by which the matter is to be answered or decided "
            "(e.g. feedback 14 days, an information request 14 days).",
        ),
        required=False,
    )
    # Parties are personal data: never shown to the public, even on a public
    # case. Staff and the case's role holders hold ``List folder contents``
    # on a case (security.model: "L"); the public (Anonymous: "V") does not.
    directives.read_permission(parties=PARTIES_READ_PERMISSION)
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

    @invariant
    def task_class_change(data):
        """A registered case's new task class: permission and reason."""
        context = getattr(data, "__context__", None)
        if not ICaseMarker.providedBy(context) or not getattr(
            aq_base(context), "diary_number", None
        ):
            return
        try:
            new = data.task_class
        except AttributeError:  # z3c.form Data without the field
            return
        submitted = getattr(data, "_Data_data___", None)
        if isinstance(submitted, dict) and "task_class" not in submitted:
            return
        if not new or new == taskclass.previous(context):
            return
        if not taskclass.may_change(context):
            raise TaskClassChangeNotAllowed(TaskClassChangeNotAllowed.__doc__)
        try:
            reason = data.task_class_change_reason
        except AttributeError:
            reason = None
        if not (reason or "").strip():
            raise TaskClassReasonRequired(TaskClassReasonRequired.__doc__)


@implementer(ICase)
class Case(Container):
    """A case; its documents are its children."""

    diary_number = None
    diary_year = None
    diary_sequence = None
    #: the task class the diary number was given under (it never changes)
    diary_task_class = None
    registered = None
    task_class_change_reason = None


@implementer(INameFromTitle)
@adapter(ICase)
class CaseName:
    """Case ids never come from the title: a secret title must not leak into URLs."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return new_case_id()
