"""``@@publication-controlpanel``: the municipality's publication settings
(``publication.settings.IPublicationSettings``: notice display days, how
many months minutes and decisions stay on the public web), a
plone.app.registry control panel listed in Site setup."""

from municipality.policy import _
from municipality.policy.publication.settings import PREFIX
from municipality.policy.publication.settings import IPublicationSettings
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout


class PublicationSettingsForm(RegistryEditForm):
    schema = IPublicationSettings
    schema_prefix = PREFIX
    id = "publication-controlpanel"
    label = _("label_publication_controlpanel", default="Publication on the web")
    description = _(
        "help_publication_controlpanel",
        default="How long notices are displayed and how long checked minutes "
        "and office-holder decisions stay on the public web (KuntaL 108 §, "
        "140 §). Personal data leaves the web after the appeal period "
        "whatever these say.",
    )


PublicationControlPanel = layout.wrap_form(
    PublicationSettingsForm, ControlPanelFormWrapper
)
