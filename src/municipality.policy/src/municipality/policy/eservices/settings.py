"""E-service settings of the municipality (plone.app.registry).

Records ``municipality.eservices.<kind>_task_class`` (the dotted code of the
task class a form's submissions are registered under; empty or not in the
plan: ``FALLBACK_TASK_CLASSES``) and ``municipality.eservices.<kind>_days``
(the form's processing-time estimate in days, HL 23 a §: the due date of
its cases) and ``municipality.eservices.<kind>_enabled`` (``IEServicesEnabled``,
default True: a form switched off is not listed and its submissions are
refused; ``@@eservices-controlpanel`` edits them all). Feedback and information requests have no ``_days`` record: the
law fixes them (``FIXED_DAYS``).
"""

from municipality.policy import _
from plone import api
from zope import schema
from zope.interface import Interface


PREFIX = "municipality.eservices"

#: The kinds of form, in the order they are listed.
KINDS = (
    "feedback",
    "information_request",
    "initiative",
    "application",
    "rectification_claim",
)

#: The kinds' names in the reader's language (pages for staff).
KIND_LABELS = {
    "feedback": _("label_eservice_kind_feedback", default="Feedback"),
    "information_request": _(
        "label_eservice_kind_information_request", default="Information request"
    ),
    "initiative": _("label_eservice_kind_initiative", default="Initiative"),
    "application": _("label_eservice_kind_application", default="Application"),
    "rectification_claim": _(
        "label_eservice_kind_rectification_claim", default="Rectification claim"
    ),
}

#: Days to answer fixed by law: feedback (as 306/2019 for accessibility
#: feedback: two weeks) and an information request (JulkL 14 §: at the
#: latest in 14 days).
FIXED_DAYS = {"feedback": 14, "information_request": 14}

#: Task classes of the City of Helsinki plan (the demo's), tried after the
#: record, then ``GENERAL_TASK_CLASS``.
FALLBACK_TASK_CLASSES = {
    # Toiminnan arviointi- ja kehittämismenettelyt (customer feedback)
    "feedback": "00.01.02",
    # Asiakirjapyynnöt (requests for documents)
    "information_request": "07.01.02",
    # Valtuuston aloitetoiminta (initiatives to the council)
    "initiative": "00.00.03",
    # Hallinnon järjestäminen (until the municipality chooses per form)
    "application": "00.01.00",
    # Lautakuntien päätöksenteko (a claim is decided by the body)
    "rectification_claim": "00.02.03",
}
#: Hallinnon järjestäminen: the last resort of every kind.
GENERAL_TASK_CLASS = "00.01.00"


TASK_CLASS_HELP = _(
    "help_setting_eservice_task_class",
    default="The dotted code of the task class the form's submissions are "
    "registered under (e.g. 00.01.02); empty: the default.",
)
DAYS_HELP = _(
    "help_setting_eservice_days",
    default="The due date of a submission's case is its arrival day plus "
    "these days (HL 23 a §).",
)


def _task_class(title, default):
    return schema.TextLine(
        title=title, description=TASK_CLASS_HELP, required=False, default=default
    )


def _days(title, default):
    return schema.Int(
        title=title, description=DAYS_HELP, min=1, max=730, default=default
    )


class IEServicesSettings(Interface):
    """Task class and processing time of each e-service form."""

    feedback_task_class = _task_class(
        _("label_eservice_feedback_task_class", default="Feedback: task class"),
        "00.01.02",
    )
    information_request_task_class = _task_class(
        _(
            "label_eservice_information_request_task_class",
            default="Information request: task class",
        ),
        "07.01.02",
    )
    initiative_task_class = _task_class(
        _("label_eservice_initiative_task_class", default="Initiative: task class"),
        "00.00.03",
    )
    application_task_class = _task_class(
        _("label_eservice_application_task_class", default="Application: task class"),
        "00.01.00",
    )
    rectification_claim_task_class = _task_class(
        _(
            "label_eservice_rectification_claim_task_class",
            default="Rectification claim: task class",
        ),
        "00.02.03",
    )
    initiative_days = _days(
        _("label_eservice_initiative_days", default="Initiative: processing days"),
        180,
    )
    application_days = _days(
        _("label_eservice_application_days", default="Application: processing days"),
        30,
    )
    rectification_claim_days = _days(
        _(
            "label_eservice_rectification_claim_days",
            default="Rectification claim: processing days",
        ),
        30,
    )


ENABLED_HELP = _(
    "help_setting_eservice_enabled",
    default="Off: the form is not listed and its submissions are refused.",
)


def _enabled(title):
    return schema.Bool(title=title, description=ENABLED_HELP, default=True)


class IEServicesEnabled(Interface):
    """Which e-service forms are in use (``<kind>_enabled``)."""

    feedback_enabled = _enabled(
        _("label_eservice_feedback_enabled", default="Feedback: in use")
    )
    information_request_enabled = _enabled(
        _(
            "label_eservice_information_request_enabled",
            default="Information request: in use",
        )
    )
    initiative_enabled = _enabled(
        _("label_eservice_initiative_enabled", default="Initiative: in use")
    )
    application_enabled = _enabled(
        _("label_eservice_application_enabled", default="Application: in use")
    )
    rectification_claim_enabled = _enabled(
        _(
            "label_eservice_rectification_claim_enabled",
            default="Rectification claim: in use",
        )
    )


def get(name):
    """The value of setting ``name`` (the schema's default when not registered)."""
    value = api.portal.get_registry_record(f"{PREFIX}.{name}", default=None)
    if value is None:
        schema_ = IEServicesEnabled if name.endswith("_enabled") else IEServicesSettings
        return schema_[name].default
    return value


def enabled(kind):
    """Is the form ``kind`` in use (``municipality.eservices.<kind>_enabled``)?"""
    return bool(get(f"{kind}_enabled"))


def enabled_kinds():
    return [kind for kind in KINDS if enabled(kind)]


def processing_days(kind):
    """Days from arrival to the due date of a submission of ``kind``."""
    if kind in FIXED_DAYS:
        return FIXED_DAYS[kind]
    return get(f"{kind}_days")


# Attachments (``attachments``): the type is decided by the content
# (puremagic, and for the ZIP containers their manifest), never by the name
# or the type the client gives.

#: accepted types: MIME type -> (file name extension, name people know)
ATTACHMENT_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "docx",
        "DOCX",
    ),
    "application/vnd.oasis.opendocument.text": ("odt", "ODT"),
    "text/plain": ("txt", "TXT"),
}
#: at most this many attachments in one submission
ATTACHMENT_MAX_COUNT = 5
#: one attachment at most (bytes)
ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024
#: all attachments of one submission together at most (bytes)
ATTACHMENT_MAX_TOTAL = 25 * 1024 * 1024
#: the JHS 191 record type of an attachment (``classification.codelists``)
ATTACHMENT_RECORD_TYPE = "Liite"

#: a tracking code answers until this many months after its case was closed
#: (then the same 404 as a wrong code)
TRACKING_MONTHS_AFTER_CLOSING = 12
