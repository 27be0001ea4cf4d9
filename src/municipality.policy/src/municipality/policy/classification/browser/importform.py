"""Form "Tuo tehtäväluokat": preview a plan file, then import exactly that.

Step 1 (``Esikatsele``): a file (JHS 191 XML, CSV, Excel) or pasted lines are
read and compared with the plan; the page lists the classes to be created,
those to be updated (old -> new) and the lines skipped with their reasons.
Nothing is written. Step 2 (``Tuo``): the page posts the same file back
(base64, in a hidden field) with the preview's signed token; the file is read
again and written only if the preview is still the same (see
``classification.planpreview``). A file that cannot be read at all is an
error on the field it came from (``file`` or ``lines``).
"""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.classification import importer
from municipality.policy.classification import vocabularies
from municipality.policy.classification.browser.views import LABELS
from municipality.policy.classification.planformats import KINDS
from plone.namedfile.field import NamedFile
from plone.z3cform.layout import wrap_form
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zope import interface
from zope import schema
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary
import base64
import binascii
import datetime


FORMATS = SimpleVocabulary(
    [
        SimpleTerm("auto", "auto", _("label_import_format_auto", default="Detect")),
        SimpleTerm("xml", "xml", _("label_import_format_xml", default="JHS 191 XML")),
        SimpleTerm(
            "csv", "csv", _("label_import_format_csv", default="CSV (code, title)")
        ),
        SimpleTerm(
            "xlsx", "xlsx", _("label_import_format_xlsx", default="Excel (.xlsx)")
        ),
        SimpleTerm(
            "text",
            "text",
            _("label_import_format_text", default="Text list (code first or last)"),
        ),
    ]
)
assert {term.value for term in FORMATS} == {"auto", *KINDS}

#: Fields shown by their code list's titles in the preview.
VOCABULARIES = {
    "publicity_class": vocabularies.publicity_classes,
    "personal_data": vocabularies.personal_data_classes,
    "protection_level": vocabularies.protection_levels,
    "retention_period": vocabularies.retention_periods,
    "retention_start_rule": vocabularies.retention_start_rules,
    "secrecy_period": vocabularies.secrecy_periods,
    "security_reasons": vocabularies.security_reasons,
}

#: Hidden fields of step 2.
UPLOAD = "kp-upload"
TOKEN = "kp-token"
SOURCE = "kp-source"

FIELD_TITLES = {
    "title": _("label_title", default="Title"),
    "title_sv": _("label_task_class_title_sv", default="Title in Swedish"),
    "description": _("label_import_description", default="Description"),
    **LABELS,
    "valid_from": _("label_valid_from", default="Valid from"),
    "valid_until": _("label_valid_until", default="Valid until"),
    "process_owner": _("label_process_owner", default="Process owner"),
    "record_types": _("label_record_types", default="Record types"),
}


class ITosImport(interface.Interface):
    file = NamedFile(
        title=_("label_import_file", default="File"),
        description=_(
            "help_import_plan_file",
            default="A JHS 191 XML file, a CSV or Excel (.xlsx) table with a code "
            "and a title per row, or a text list with the code at the start or "
            "the end of each line (codes with spaces or dots, e.g. 00 02 08).",
        ),
        required=False,
    )
    lines = schema.Text(
        title=_("label_import_lines", default="Or paste the list here"),
        description=_(
            "help_import_lines",
            default="Lines copied from a PDF or Word document, e.g. "
            "“00 HALLINTOASIAT” or “Hallintoasioiden ohjaus 00.01”. Lines "
            "starting with #, // or -- are comments.",
        ),
        required=False,
    )
    format = schema.Choice(
        title=_("label_import_format", default="Format"),
        vocabulary=FORMATS,
        default="auto",
        required=True,
    )
    keep_case = schema.Bool(
        title=_("label_import_keep_case", default="Keep titles as written"),
        description=_(
            "help_import_keep_case",
            default="Otherwise a title of a text list written all in capitals "
            "becomes sentence case (HALLINTOASIAT → Hallintoasiat).",
        ),
        required=False,
        default=False,
    )


class TosImportForm(form.Form):
    fields = field.Fields(ITosImport)
    ignoreContext = True
    label = _("label_tos_import", default="Import task classes")
    template = ViewPageTemplateFile("tos_import.pt")
    preview = None
    token = None
    upload = None
    source = "file"
    kind = None
    keep_case = False

    UPLOAD = UPLOAD
    TOKEN = TOKEN
    SOURCE = SOURCE

    def _data(self, data):
        """(bytes, field) of step 1: the uploaded file or the pasted lines."""
        if data.get("file") is not None and data["file"].data:
            return data["file"].data, "file"
        if (data.get("lines") or "").strip():
            return data["lines"].encode("utf-8"), "lines"
        raise WidgetActionExecutionError(
            "file",
            Invalid(
                translate(
                    _(
                        "msg_import_nothing",
                        default="Choose a file or paste the list.",
                    ),
                    context=self.request,
                )
            ),
        )

    def _options(self, data):
        kind = None if data["format"] == "auto" else data["format"]
        return kind, bool(data.get("keep_case"))

    def _error(self, problem):
        name = problem.field if problem.field in ("file", "lines") else "file"
        raise WidgetActionExecutionError(
            name, Invalid(problem.text(self.request))
        ) from None

    def _show(self, result, token, body, source, keep_case):
        self.preview, self.token, self.source = result, token, source
        self.keep_case = keep_case
        self.kind = result.kind
        self.upload = base64.b64encode(body).decode("ascii")

    @button.buttonAndHandler(
        _("label_import_preview", default="Preview"), name="preview"
    )
    def handle_preview(self, action):
        self.show_preview()

    def show_preview(self):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        body, source = self._data(data)
        kind, keep_case = self._options(data)
        try:
            result, token = importer.preview_step(
                self.context, body, kind, keep_case, source
            )
        except importer.ImportProblem as problem:
            self._error(problem)
        self._show(result, token, body, source, keep_case)

    @button.buttonAndHandler(
        _("label_import_button", default="Import"),
        name="apply",
        # only the preview's own form (which carries the file) has this button
        condition=lambda form: bool(form.request.form.get(UPLOAD)),
    )
    def handle_apply(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        source = self.request.form.get(SOURCE)
        source = source if source in ("file", "lines") else "file"
        try:
            body = base64.b64decode(self.request.form.get(UPLOAD) or "", validate=True)
        except (ValueError, binascii.Error):
            body = b""
        if not body:  # no preview shown: show it first
            return self.show_preview()
        kind, keep_case = self._options(data)
        try:
            result, counts = importer.apply_step(
                self.context,
                body,
                self.request.form.get(TOKEN),
                kind,
                keep_case,
                source,
            )
        except importer.StalePreview as stale:
            self._show(stale.preview, stale.token, body, source, keep_case)
            self.status = stale.text(self.request)
            return
        except importer.ImportProblem as problem:
            self._error(problem)
        IStatusMessage(self.request).add(
            _(
                "msg_import_done",
                default="Import done: ${created} task classes created, ${updated} updated.",
                mapping=counts,
            ),
            type="info",
        )
        self.request.response.redirect(self.context.absolute_url())

    # ------------------------------------------------------------ for the page

    def field_title(self, name):
        return translate(
            FIELD_TITLES.get(name, name), context=self.request, default=name
        )

    def show_value(self, name, value):
        """``value`` of field ``name`` as the reader reads it (code list titles)."""
        if value in (None, "", []):
            return "–"
        if isinstance(value, datetime.date):
            return format_date(value)
        vocabulary = VOCABULARIES.get(name)
        if vocabulary is not None:
            terms = vocabulary(self.context)
            values = value if isinstance(value, list) else [value]
            return ", ".join(
                translate(terms.getTerm(v).title, context=self.request)
                if v in terms
                else str(v)
                for v in values
            )
        if isinstance(value, list):
            return ", ".join(
                item.get("record_type", str(item))
                if isinstance(item, dict)
                else str(item)
                for item in value
            )
        return str(value)

    def skip_text(self, skip):
        return translate(skip.reason, context=self.request)

    def note_text(self, note):
        return note.text(self.request)

    def summary(self):
        counts = self.preview.counts()
        counts["skipped"] = len([s for s in self.preview.skipped if not s.benign])
        counts["ignored"] = len(self.preview.skipped) - counts["skipped"]
        return counts

    def where(self, skip):
        """The line (and element) a skipped line or a class came from."""
        return skip.element or ""


TosImportView = wrap_form(TosImportForm)
