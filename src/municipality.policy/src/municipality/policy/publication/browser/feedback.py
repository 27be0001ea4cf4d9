"""Form "Saavutettavuuspalaute" (``<site>/@@saavutettavuuspalaute``): anyone
may report an accessibility problem; the message becomes a registered case due
in 14 days (``publication.accessibility.register_feedback``), and the sender
is redirected (POST-redirect-GET: a reload does not send twice) to the
thank-you page ``@@saavutettavuuspalaute-kiitos?numero=<diary number>``, which
shows the number and the case's due date, nothing else of it, and only for a
case registered through this form.

Errors are shown on their fields and nothing is written. A filled honeypot
field (hidden from people and screen readers, left empty by them) gets the
thank-you page and nothing is registered.
"""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.publication.accessibility import MAX_DESCRIPTION
from municipality.policy.publication.accessibility import MSG_BAD_EMAIL
from municipality.policy.publication.accessibility import TITLE_PREFIX
from municipality.policy.publication.accessibility import FeedbackError
from municipality.policy.publication.accessibility import feedback_registry
from municipality.policy.publication.accessibility import register_feedback
from municipality.policy.publication.accessibility import valid_email
from plone.autoform.form import AutoExtensibleForm
from plone.supermodel import model
from plone.z3cform.layout import wrap_form
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from z3c.form import button
from z3c.form import form
from z3c.form.interfaces import IErrorViewSnippet
from zope import schema
from zope.component import getMultiAdapter
from zope.interface import Invalid
import re
import transaction


#: the honeypot's request key (not a schema field: people never see it)
HONEYPOT = "kp_homepage"
#: the thank-you page (a GET after the POST) and its parameter
THANKS = "saavutettavuuspalaute-kiitos"
NUMBER_PARAM = "numero"


def _email(value):
    if value and not valid_email(value):
        raise Invalid(MSG_BAD_EMAIL)
    return True


def _describe_error(html, widget_id):
    """``html`` with the field ``widget_id``'s error message given an id and
    the field ``aria-invalid`` and ``aria-describedby`` pointing to it."""
    start = html.find(f'id="formfield-{widget_id}"')
    if start < 0:
        return html
    end = html.find('id="formfield-', start + 1)
    end = len(html) if end < 0 else end
    error_id = f"{widget_id}-error"
    block = html[start:end].replace(
        '<div class="invalid-feedback"',
        f'<div class="invalid-feedback d-block" id="{error_id}"',
        1,
    )
    block = re.sub(
        rf'(<(?:input|textarea)\b[^>]*\bid="{re.escape(widget_id)}")',
        rf'\1 aria-invalid="true" aria-describedby="{error_id}"',
        block,
        count=1,
    )
    return html[:start] + block + html[end:]


class IAccessibilityFeedback(model.Schema):
    page_url = schema.TextLine(
        title=_("label_feedback_page_url", default="Address of the page"),
        description=_(
            "help_feedback_page_url",
            default="The web address or the name of the page where the problem is.",
        ),
        required=False,
        max_length=2000,
    )
    description = schema.Text(
        title=_("label_feedback_description", default="Describe the problem"),
        description=_(
            "help_feedback_description",
            default="What did you try to do, and what did not work? If you need "
            "the content in another form, tell us how.",
        ),
        required=True,
        max_length=MAX_DESCRIPTION,
    )
    name = schema.TextLine(
        title=_("label_feedback_name", default="Your name"),
        required=False,
        max_length=200,
    )
    email = schema.TextLine(
        title=_("label_feedback_email", default="Your e-mail address"),
        description=_(
            "help_feedback_email",
            default="Give it if you want an answer by e-mail.",
        ),
        required=False,
        max_length=254,
        constraint=_email,
    )


class AccessibilityFeedbackForm(AutoExtensibleForm, form.Form):
    schema = IAccessibilityFeedback
    ignoreContext = True
    enableCSRFProtection = True
    enable_unload_protection = False
    enable_autofocus = False
    template = ViewPageTemplateFile("feedback_form.pt")
    honeypot = HONEYPOT

    def thank(self, number=None):
        """Redirect to the thank-you page (with ``number`` when registered)."""
        url = f"{self.context.absolute_url()}/@@{THANKS}"
        if number:
            url += "?" + urlencode({NUMBER_PARAM: number})
        self.request.response.redirect(url, status=303)

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

    def updateWidgets(self):
        super().updateWidgets()
        self.widgets["description"].rows = 8
        self.widgets["email"].type = "email"
        self.widgets["email"].autocomplete = "email"
        self.widgets["name"].autocomplete = "name"

    def render(self):
        """The form; a field in error is marked for assistive technology too:
        ``aria-invalid`` and ``aria-describedby`` naming its message, shown
        below it (Plone's widgets say it only visually)."""
        for widget in self.widgets.values():
            if widget.error is not None:
                widget.addClass("is-invalid")
        html = super().render()
        for widget in self.widgets.values():
            if widget.error is not None:
                html = _describe_error(html, widget.id)
        return html

    @button.buttonAndHandler(_("label_feedback_send", default="Send"), name="send")
    def handle_send(self, action):
        if self.request.get("REQUEST_METHOD", "GET") != "POST":
            return
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        if (self.request.form.get(HONEYPOT) or "").strip():
            self.thank()  # a robot: pretend success
            return
        savepoint = transaction.savepoint()
        try:
            case = register_feedback(
                feedback_registry(),
                description=data.get("description") or "",
                page_url=data.get("page_url") or "",
                name=data.get("name") or "",
                email=data.get("email") or "",
            )
        except FeedbackError as exc:
            savepoint.rollback()
            if exc.field in self.widgets:
                self.set_error(exc.field, exc.args[0])
                self.status = self.formErrorsMessage
            else:
                self.status = exc.args[0]
            return
        self.thank(case.diary_number)


class AccessibilityFeedbackView(wrap_form(AccessibilityFeedbackForm)):
    index = ViewPageTemplateFile("feedback.pt")
    label = _("heading_accessibility_feedback", default="Accessibility feedback")


class AccessibilityFeedbackThanksView(BrowserView):
    """``@@saavutettavuuspalaute-kiitos?numero=...``: thanks, and for a
    feedback case (titled ``Saavutettavuuspalaute: ...`` with that public
    title, as ``register_feedback`` makes them) its diary number and due
    date; for any other or unknown number only the thanks."""

    index = ViewPageTemplateFile("feedback_thanks.pt")

    def __call__(self):
        return self.index()

    def result(self):
        """{"number": ..., "due": "d.m.yyyy"} or None."""
        catalog = getToolByName(self.context, "portal_catalog")
        number = self.request.form.get(NUMBER_PARAM)
        if not isinstance(number, str) or not number.strip():
            return None
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Case", diary_number=number.strip()
        ):
            case = brain._unrestrictedGetObject()
            if (
                case.Title().startswith(f"{TITLE_PREFIX}:")
                and getattr(case, "public_title", None) == TITLE_PREFIX
                and case.due_date
            ):
                return {
                    "number": case.diary_number,
                    "due": format_date(case.due_date),
                }
        return None
