"""Form "Lisää käsittelyvaihe": record a handling phase by hand."""

from municipality.policy import _
from municipality.policy.base.dates import today
from municipality.policy.cases import phaselog
from municipality.policy.cases.vocabularies import manual_action_classes
from plone.z3cform.layout import wrap_form
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zope import interface
from zope import schema


class IAddPhase(interface.Interface):
    action_class = schema.Choice(
        title=_("label_action_class", default="Action class"),
        source=manual_action_classes,
        required=True,
    )
    date = schema.Date(
        title=_("label_phase_date", default="Date"),
        required=True,
        defaultFactory=today,
    )
    description = schema.Text(
        title=_("label_phase_public_description", default="Public description"),
        description=_(
            "help_phase_public_description",
            default="Shown to everyone who may see the case, also the public "
            "once it is public: no personal data or secret information.",
        ),
        required=True,
    )
    note = schema.Text(
        title=_("label_phase_internal_note", default="Internal note"),
        description=_(
            "help_phase_internal_note",
            default="Shown only to those handling the case.",
        ),
        required=False,
    )


class AddPhaseForm(form.Form):
    fields = field.Fields(IAddPhase)
    ignoreContext = True
    label = _("label_add_phase", default="Add handling phase")

    @button.buttonAndHandler(_("label_phase_save", default="Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        phaselog.append(
            self.context,
            data["action_class"],
            data["description"].strip(),
            date=data["date"],
            note=(data.get("note") or "").strip(),
        )
        IStatusMessage(self.request).add(
            _("msg_phase_added", default="Handling phase added."), type="info"
        )
        self.request.response.redirect(self.context.absolute_url())

    @button.buttonAndHandler(_("label_phase_cancel", default="Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())


AddPhaseView = wrap_form(AddPhaseForm)
