"""Form "Tuo tehtäväluokat": import a CSV or JHS 191 XML file into the plan."""

from municipality.policy import _
from municipality.policy.classification import importer
from plone.namedfile.field import NamedFile
from plone.z3cform.layout import wrap_form
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zope import interface
from zope import schema
from zope.interface import Invalid
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


FORMATS = SimpleVocabulary(
    [
        SimpleTerm("auto", "auto", _("label_import_format_auto", default="Detect")),
        SimpleTerm(
            "csv", "csv", _("label_import_format_csv", default="CSV (code, title)")
        ),
        SimpleTerm("xml", "xml", _("label_import_format_xml", default="JHS 191 XML")),
    ]
)


class ITosImport(interface.Interface):
    file = NamedFile(
        title=_("label_import_file", default="File"),
        description=_(
            "help_import_file",
            default="CSV with a code and a title per line (codes with spaces or dots, "
            "e.g. 00 02 08) or a JHS 191 TOS XML file.",
        ),
        required=True,
    )
    format = schema.Choice(
        title=_("label_import_format", default="Format"),
        vocabulary=FORMATS,
        default="auto",
        required=True,
    )


class TosImportForm(form.Form):
    fields = field.Fields(ITosImport)
    ignoreContext = True
    label = _("label_tos_import", default="Import task classes")

    @button.buttonAndHandler(_("label_import_button", default="Import"), name="import")
    def handle_import(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        kind = None if data["format"] == "auto" else data["format"]
        try:
            result = importer.import_data(self.context, data["file"].data, kind)
        except importer.ImportProblem as problem:
            raise WidgetActionExecutionError(
                "file", Invalid(problem.text(self.request))
            ) from None
        IStatusMessage(self.request).add(
            _(
                "msg_import_done",
                default="Import done: ${created} task classes created, ${updated} updated.",
                mapping=result,
            ),
            type="info",
        )
        self.request.response.redirect(self.context.absolute_url())


TosImportView = wrap_form(TosImportForm)
