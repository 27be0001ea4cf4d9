"""Form "Kirjaa saapunut asiakirja": register an incoming document.

Into an existing case (found by diary number or title) or a new one, which
gets its diary number at once. Everything is created in the request's
transaction; on any error nothing is left behind.
"""

from html import escape
from municipality.policy import _
from municipality.policy.base.dates import today
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from municipality.policy.cases.widgets import (
    CheckedSelect2FieldWidget as Select2FieldWidget,
)
from municipality.policy.documents.api import create_document
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.registry.api import get_case_by_diary_number
from municipality.policy.registry.api import register_case
from plone import api
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.autoform.form import AutoExtensibleForm
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from plone.z3cform.layout import wrap_form
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import form
from z3c.form.browser.radio import RadioFieldWidget
from z3c.form.interfaces import IErrorViewSnippet
from zope import schema
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import Invalid
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary
import transaction


@provider(IContextSourceBinder)
def task_class_choices(context):
    """Task classes titled "code title", so typing either finds the class."""
    terms = []
    for term in task_classes(context):
        title = str(term.title or term.value)
        if not title.startswith(term.value):
            title = f"{term.value} {title}"
        terms.append(SimpleTerm(term.value, term.token, title))
    return SimpleVocabulary(terms)


TARGETS = SimpleVocabulary(
    [
        SimpleTerm("new", "new", _("label_target_new", default="A new case")),
        SimpleTerm(
            "existing",
            "existing",
            _("label_target_existing", default="An existing case"),
        ),
    ]
)


class IRegisterDocument(model.Schema):
    directives.widget("target", RadioFieldWidget)
    target = schema.Choice(
        title=_("label_register_into", default="Register into"),
        vocabulary=TARGETS,
        default="new",
        required=True,
    )
    existing_case = schema.TextLine(
        title=_("label_existing_case", default="Existing case"),
        description=_(
            "help_existing_case", default="Diary number or words of the title."
        ),
        required=False,
    )
    directives.widget("task_class", Select2FieldWidget)
    task_class = schema.Choice(
        title=_("label_case_task_class", default="Task class"),
        description=_(
            "help_register_task_class_choose",
            default="Type a code or words of the title, then choose the class "
            "from the list with the arrow keys or the mouse.",
        ),
        source=task_class_choices,
        required=False,
    )
    case_title = schema.TextLine(
        title=_("label_case_title", default="Title"), required=False
    )
    public_title = schema.TextLine(
        title=_("label_case_public_title", default="Public title"),
        description=_(
            "help_case_public_title",
            default="Descriptive title shown in public listings; must not "
            "reveal secret content.",
        ),
        required=False,
    )
    directives.widget(
        "preparer", AjaxSelectFieldWidget, vocabulary="plone.app.vocabularies.Users"
    )
    preparer = schema.Choice(
        title=_("label_case_preparer", default="Preparer"),
        vocabulary="plone.app.vocabularies.Users",
        required=False,
    )
    sub_archive_creator = schema.Choice(
        title=_("label_case_sub_archive_creator", default="Sub-archive creator"),
        source=sub_archive_creators,
        required=False,
    )
    file = NamedBlobFile(title=_("label_register_file", default="File"), required=True)
    document_title = schema.TextLine(
        title=_("label_register_document_title", default="Document title"),
        description=_(
            "help_register_document_title", default="Defaults to the file name."
        ),
        required=False,
    )
    record_type = schema.Choice(
        title=_("label_doc_record_type", default="Record type"),
        source=record_types,
        required=True,
    )
    correspondent = schema.TextLine(
        title=_("label_register_sender", default="Sender"), required=False
    )
    registration_date = schema.Date(
        title=_("label_doc_registration_date", default="Registration date"),
        required=True,
        defaultFactory=today,
    )


MSG_NOT_LISTED = _(
    "msg_task_class_not_listed",
    default="This is not a task class of the plan: choose one from the list.",
)
MSG_CHOOSE_FROM_LIST = _(
    "msg_task_class_choose_from_list",
    default="Nothing was chosen: move to a class in the list with the arrow keys "
    "or the mouse, then press Enter.",
)


class RegisterDocumentForm(AutoExtensibleForm, form.Form):
    schema = IRegisterDocument
    ignoreContext = True
    label = _("label_register_document", default="Register incoming document")

    def set_error(self, name, message):
        widget = self.widgets[name]
        error = Invalid(message)
        snippet = getMultiAdapter(
            (error, self.request, widget, widget.field, self, self.context),
            IErrorViewSnippet,
        )
        snippet.update()
        widget.error = snippet
        self.widgets.errors += (snippet,)

    def unlisted_task_class(self):
        """The posted task class when it is not a class of the list, else None
        (the widget reads an unknown value as none: say what was wrong)."""
        widget = self.widgets["task_class"]
        raw = self.request.form.get(widget.name)
        values = raw if isinstance(raw, (list, tuple)) else [raw]
        for value in values:
            if not value or value == widget.noValueToken:
                continue
            try:
                widget.terms.getTermByToken(value)
            except LookupError:
                return value
        return None

    def render(self):
        """The form, the hint the task class picker shows and its script."""
        html = super().render()
        portal_url = api.portal.get().absolute_url()
        hint = escape(translate(MSG_CHOOSE_FROM_LIST, context=self.request))
        return (
            f"{html}\n"
            f'<p id="kp-task-class-hint" class="invalid-feedback d-block" '
            f'role="status" hidden>{hint}</p>\n'
            f'<script src="{portal_url}/++resource++municipality.policy.'
            'register-task-class.js"></script>'
        )

    def find_case(self, text):
        """The one case of this registry matching a diary number or title words."""
        case = get_case_by_diary_number(text.strip())
        if case is not None:
            return case, None
        path = "/".join(self.context.getPhysicalPath())
        words = " ".join(f"{word}*" for word in text.split() if word.isalnum())
        brains = (
            api.content.find(portal_type="Case", path=path, Title=words)
            if words
            else []
        )
        if len(brains) == 1:
            return brains[0].getObject(), None
        if not brains:
            return None, _("msg_case_not_found", default="No case matches.")
        return None, _(
            "msg_case_ambiguous", default="Several cases match; give the diary number."
        )

    def validate(self, data):
        """Field errors of the conditional fields; returns the case if existing."""
        case = None
        if data.get("target") == "existing":
            if not data.get("existing_case"):
                self.set_error(
                    "existing_case",
                    _("msg_register_required", default="Required input is missing."),
                )
            else:
                case, message = self.find_case(data["existing_case"])
                if message:
                    self.set_error("existing_case", message)
        else:
            if self.unlisted_task_class():
                self.set_error("task_class", MSG_NOT_LISTED)
            for name in ("task_class", "case_title"):
                if self.widgets[name].error is None and not data.get(name):
                    self.set_error(
                        name,
                        _(
                            "msg_register_required",
                            default="Required input is missing.",
                        ),
                    )
        return case

    @button.buttonAndHandler(
        _("label_register_submit", default="Register"), name="register"
    )
    def handle_register(self, action):
        data, errors = self.extractData()
        case = self.validate(data)
        if errors or self.widgets.errors:
            self.status = self.formErrorsMessage
            return
        savepoint = transaction.savepoint()
        try:
            if case is None:
                case = register_case(
                    self.context,
                    title=data["case_title"],
                    public_title=data.get("public_title"),
                    task_class=data["task_class"],
                    preparer=data.get("preparer"),
                    sub_archive_creator=data.get("sub_archive_creator"),
                    initiated=data["registration_date"],
                )
            create_document(
                case,
                title=data.get("document_title") or data["file"].filename,
                file=data["file"],
                record_type=data["record_type"],
                direction="incoming",
                correspondent=data.get("correspondent"),
                registration_date=data["registration_date"],
            )
        except (ValueError, Invalid) as exc:
            savepoint.rollback()
            self.status = _(
                "msg_registration_failed",
                default="Registration failed: ${reason}",
                mapping={"reason": str(exc)},
            )
            return
        IStatusMessage(self.request).add(
            _(
                "msg_document_registered",
                default="Registered in case ${number}.",
                mapping={"number": case.diary_number},
            ),
            type="info",
        )
        self.request.response.redirect(case.absolute_url())


RegisterDocumentView = wrap_form(RegisterDocumentForm)
