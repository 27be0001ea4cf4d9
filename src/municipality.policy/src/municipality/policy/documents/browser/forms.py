"""Add and edit forms of CaseDocument with field-level errors.

- Add: a document looser than its secret case is refused on the field.
- Edit: a registered document offers only its files, and only to a records
  officer (a new version); everyone else is sent back to the view. A refusal
  by the immutability guard becomes a form error and dooms the transaction.
"""

from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.documents.content import ICaseDocument
from municipality.policy.documents.registration import FILE_FIELDS
from municipality.policy.documents.registration import MSG_FILE_REASON
from municipality.policy.documents.registration import REASON
from municipality.policy.documents.registration import Immutable
from municipality.policy.documents.registration import is_records_officer
from municipality.policy.documents.registration import is_registered
from municipality.policy.documents.registration import replaced_files
from municipality.policy.documents.restriction import FIELDS
from municipality.policy.documents.restriction import current
from municipality.policy.documents.restriction import inherited
from municipality.policy.documents.restriction import looser
from plone.dexterity.browser import add
from plone.dexterity.browser import edit
from plone.z3cform import layout
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import field
from z3c.form.interfaces import ActionExecutionError
from z3c.form.interfaces import IErrorViewSnippet
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import Invalid
import transaction


class FieldErrors:
    """Attach an error to the widget of a field (in the form or its groups)."""

    def field_widgets(self):
        found = {}
        for form in [self, *getattr(self, "groups", ())]:
            for key, widget in form.widgets.items():
                found.setdefault(widget.field.__name__, (form, key, widget))
        return found

    def field_error(self, field, message):
        error = Invalid(translate(message, context=self.request))
        entry = self.field_widgets().get(field)
        if entry is None:
            raise ActionExecutionError(error)
        form, _key, widget = entry
        snippet = getMultiAdapter(
            (error, self.request, widget, widget.field, form, self.context),
            IErrorViewSnippet,
        )
        snippet.update()
        widget.error = snippet
        return snippet


class DocumentAddForm(FieldErrors, add.DefaultAddForm):
    portal_type = "CaseDocument"

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        values = inherited(self.context)
        widgets = self.field_widgets()
        for name in FIELDS:
            if name in widgets:
                value = data.get(widgets[name][1])
                if value is not None:
                    values[name] = value
        found = looser(self.context, values)
        return data, errors + tuple(
            self.field_error(field, message) for field, message in found
        )


class DocumentAddView(add.DefaultAddView):
    form = DocumentAddForm


class DocumentEditForm(FieldErrors, edit.DefaultEditForm):
    def updateFields(self):
        super().updateFields()
        if is_registered(self.context):
            self.fields = self.fields.select(
                *[name for name in FILE_FIELDS if name in self.fields]
            ) + field.Fields(ICaseDocument).select(REASON)
            self.groups = []

    def update(self):
        if is_registered(self.context) and not is_records_officer(self.context):
            IStatusMessage(self.request).addStatusMessage(
                _(
                    "msg_document_registered_immutable",
                    default="The document is registered: its metadata cannot be "
                    "changed.",
                ),
                "error",
            )
            self.request.response.redirect(self.context.absolute_url())
            return
        super().update()

    def render(self):
        if self.request.response.getStatus() in (301, 302):
            return ""
        return super().render()

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        if is_registered(self.context):
            # asked before anything is applied, so the upload is kept for the
            # next submit (the file widget's temporary store)
            if (
                replaced_files(self.context, data)
                and not (data.get(REASON) or "").strip()
            ):
                errors += (self.field_error(REASON, MSG_FILE_REASON),)
            return data, errors
        values = current(self.context)
        widgets = self.field_widgets()
        for name in FIELDS:
            if name in widgets:
                values[name] = data.get(widgets[name][1])
        found = looser(parent_case(self.context), values)
        return data, errors + tuple(
            self.field_error(field, message) for field, message in found
        )

    def applyChanges(self, data):
        try:
            return super().applyChanges(data)
        except Immutable as error:
            transaction.doom()
            self.field_error(error.field, error.message)
            raise ActionExecutionError(
                Invalid(translate(error.message, context=self.request))
            ) from None


DocumentEditView = layout.wrap_form(DocumentEditForm)
