"""``@@eservices-controlpanel``: per e-service form whether it is in use,
its task class and its processing-time estimate (the records
``municipality.eservices.<kind>_enabled|_task_class|_days`` of
``settings``), a plone.app.registry control panel listed in Site setup.

The task class is chosen from the vocabulary ``municipality.TaskClasses``
of the plan the submissions are registered in (that of
``publication.accessibility.feedback_registry``): the record stays a text
line (a dotted code), so the choice only narrows what can be saved. A
stored code that is not in the plan shows as unset; saved unset, the
intake falls back to ``settings.FALLBACK_TASK_CLASSES``.
"""

from municipality.policy import _
from municipality.policy.eservices import settings
from municipality.policy.eservices.settings import PREFIX
from municipality.policy.publication.accessibility import feedback_registry
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.autoform import directives
from plone.supermodel import model
from plone.z3cform import layout
from z3c.form.browser.select import SelectFieldWidget
from zope import schema
from zope.component import getUtility
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IVocabularyFactory


@provider(IContextSourceBinder)
def plan_task_classes(context):
    """``municipality.TaskClasses`` of the plan submissions are registered in."""
    factory = getUtility(IVocabularyFactory, "municipality.TaskClasses")
    return factory(feedback_registry())


TASK_CLASS_HELP = _(
    "help_setting_eservice_task_class_choice",
    default="The task class of the plan the form's submissions are "
    "registered under; empty: the default.",
)


def _task_class(kind):
    field = settings.IEServicesSettings[f"{kind}_task_class"]
    return schema.Choice(
        title=field.title,
        description=TASK_CLASS_HELP,
        source=plan_task_classes,
        required=False,
    )


def _enabled(kind):
    field = settings.IEServicesEnabled[f"{kind}_enabled"]
    return schema.Bool(title=field.title, description=field.description, default=True)


def _days(kind):
    field = settings.IEServicesSettings[f"{kind}_days"]
    return schema.Int(
        title=field.title,
        description=field.description,
        min=field.min,
        max=field.max,
        default=field.default,
    )


class IEServicesControlPanel(model.Schema):
    """The form: one fieldset per kind (field names = record names)."""

    model.fieldset(
        "feedback",
        label=settings.KIND_LABELS["feedback"],
        fields=["feedback_enabled", "feedback_task_class"],
    )
    feedback_enabled = _enabled("feedback")
    feedback_task_class = _task_class("feedback")

    model.fieldset(
        "information_request",
        label=settings.KIND_LABELS["information_request"],
        fields=["information_request_enabled", "information_request_task_class"],
    )
    information_request_enabled = _enabled("information_request")
    information_request_task_class = _task_class("information_request")

    model.fieldset(
        "initiative",
        label=settings.KIND_LABELS["initiative"],
        fields=["initiative_enabled", "initiative_task_class", "initiative_days"],
    )
    initiative_enabled = _enabled("initiative")
    initiative_task_class = _task_class("initiative")
    initiative_days = _days("initiative")

    model.fieldset(
        "application",
        label=settings.KIND_LABELS["application"],
        fields=["application_enabled", "application_task_class", "application_days"],
    )
    application_enabled = _enabled("application")
    application_task_class = _task_class("application")
    application_days = _days("application")

    model.fieldset(
        "rectification_claim",
        label=settings.KIND_LABELS["rectification_claim"],
        fields=[
            "rectification_claim_enabled",
            "rectification_claim_task_class",
            "rectification_claim_days",
        ],
    )
    rectification_claim_enabled = _enabled("rectification_claim")
    rectification_claim_task_class = _task_class("rectification_claim")
    rectification_claim_days = _days("rectification_claim")

    directives.widget(
        feedback_task_class=SelectFieldWidget,
        information_request_task_class=SelectFieldWidget,
        initiative_task_class=SelectFieldWidget,
        application_task_class=SelectFieldWidget,
        rectification_claim_task_class=SelectFieldWidget,
    )


class EServicesSettingsForm(RegistryEditForm):
    schema = IEServicesControlPanel
    schema_prefix = PREFIX
    id = "eservices-controlpanel"
    label = _("label_eservices_controlpanel", default="E-services")
    description = _(
        "help_eservices_controlpanel",
        default="Which forms are in use, the task class each form's "
        "submissions are registered under and the processing-time estimate "
        "that sets their due date (HL 23 a §). Feedback and information "
        "requests are answered within 14 days (JulkL 14 §).",
    )


EServicesControlPanel = layout.wrap_form(EServicesSettingsForm, ControlPanelFormWrapper)
