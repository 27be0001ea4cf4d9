"""Publication settings of the municipality (plone.app.registry).

Records ``municipality.publication.<field>``; the control panel
``@@publication-controlpanel`` edits them. ``get(name)`` reads one with the
schema's default when the record is missing (an older site before its upgrade).
"""

from municipality.policy import _
from plone import api
from zope import schema
from zope.interface import Interface


PREFIX = "municipality.publication"


class IPublicationSettings(Interface):
    """How long public copies stay on the web."""

    notice_days = schema.Int(
        title=_("label_setting_notice_days", default="Notice display (days)"),
        description=_(
            "help_setting_notice_days",
            default="How many days a notice stays on the official notice board "
            "unless its own end date says otherwise (normally 14).",
        ),
        min=1,
        max=365,
        default=14,
    )
    online_months = schema.Int(
        title=_(
            "label_setting_online_months",
            default="Minutes and decisions online (months)",
        ),
        description=_(
            "help_setting_online_months",
            default="How many months checked minutes and published office-holder "
            "decisions stay on the public web; then they leave the web and the "
            "archive keeps them.",
        ),
        min=1,
        max=240,
        default=24,
    )


def get(name):
    """The value of setting ``name`` (the default when not yet registered)."""
    value = api.portal.get_registry_record(f"{PREFIX}.{name}", default=None)
    if value is None:
        value = IPublicationSettings[name].default
    return value
