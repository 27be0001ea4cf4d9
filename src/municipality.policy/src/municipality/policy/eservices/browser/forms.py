"""The e-service forms as people's pages (issue 13): ``<site>/@@asiointi``
lists the forms, ``<site>/@@asiointi/<kind>`` is a plain HTML form rendered
from the kind's JSON Schema (``eservices/schemas/<kind>.json``) that posts to
itself and works without JavaScript.

The POST goes through what ``POST @submissions`` uses: the body size limit,
the per-address rate limit (``abuse.hit``), the honeypot ``website`` (hidden
from people and screen readers; filled: the receipt without details, nothing
written), ``forms.clean``/``forms.errors`` (the same jsonschema validation,
messages in the reader's language) and ``intake.submit``. Errors are shown on
their fields (``aria-invalid``, ``aria-describedby``) and in a summary at the
top that links to them and takes the focus; nothing is written. A valid
submission is answered 303 to the receipt ``@@asiointi-kuitti?koodi=<code>``
(``status.py``). The form is ``multipart/form-data`` with a file input
``attachments`` (``multiple``): the files are read and checked by
``attachments.from_uploads`` (type by content, count and size limits) before
anything is written; their errors show on the file field. A signed-in sender's form carries plone.protect's
authenticator, checked before anything is done.
"""

from contextlib import suppress
from html import escape
from municipality.policy import _
from municipality.policy.eservices import abuse
from municipality.policy.eservices import attachments
from municipality.policy.eservices import forms
from municipality.policy.eservices import intake
from municipality.policy.eservices import settings
from municipality.policy.eservices.services import ARRIVAL_KEY
from municipality.policy.eservices.services import MSG_TOO_LARGE
from municipality.policy.eservices.services import MSG_TOO_LARGE_FILES
from municipality.policy.eservices.services import msg_too_many
from municipality.policy.eservices.settings import KINDS
from municipality.policy.eservices.settings import PREFIX
from plone import api
from plone.protect.authenticator import check as check_authenticator
from plone.protect.authenticator import createToken
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import transaction


#: the receipt page and its parameter (the tracking code)
RECEIPT = "asiointi-kuitti"
CODE_PARAM = "koodi"
#: strings at least this long are asked in a textarea
TEXTAREA_FROM = 255
#: an enum of at most this many values is a radio group, a longer one a select
RADIOS_UP_TO = 6
#: autocomplete tokens (WCAG 1.3.5) of the schemas' contact fields
AUTOCOMPLETE = {
    "name": "name",
    "email": "email",
    "phone": "tel",
    "address": "street-address",
}

MSG_REQUIRED_MARK = _("label_eservice_required_mark", default="required")
MSG_CHOOSE = _("label_eservice_choose", default="Choose")
MSG_ERRORS_SUMMARY = _(
    "msg_eservice_errors_summary",
    default="The form was not sent. Correct these:",
)
MSG_FORM_ERROR = _("msg_eservice_form_error", default="The form was not sent.")
MSG_ATTACHMENTS = _("label_eservice_attachments", default="Attachments")


def msg_attachments_help():
    return _(
        "help_eservice_attachments",
        default="Optional. At most ${count} files, each at most ${size} MB, "
        "together at most ${total} MB. Accepted: ${types}. If the form is "
        "shown again with errors, choose the files again.",
        mapping={
            "count": settings.ATTACHMENT_MAX_COUNT,
            "size": attachments._mb(settings.ATTACHMENT_MAX_SIZE),
            "total": attachments._mb(settings.ATTACHMENT_MAX_TOTAL),
            "types": attachments.accepted_names(),
        },
    )


def _t(request, message):
    return translate(message, context=request)


def _is_textarea(spec):
    return spec.get("type") == "string" and spec.get("maxLength", 0) >= TEXTAREA_FROM


def field_id(name):
    if name.startswith(attachments.FIELD + "["):  # one file: the file field
        name = attachments.FIELD
    return f"kp-field-{name}"


#: what the file input offers to choose (the content decides, not this)
ACCEPT = ",".join(
    [f".{ext}" for ext, _name in settings.ATTACHMENT_TYPES.values()]
    + [".jpeg", *settings.ATTACHMENT_TYPES]
)


class FormField:
    """One schema property as an HTML control (with its label, description,
    required mark, error and the value sent)."""

    def __init__(self, kind, name, spec, required, value, error, request):
        self.kind = kind
        self.name = name
        self.spec = spec
        self.required = required
        self.value = value
        self.error = error
        self.request = request
        self.id = field_id(name)
        self.title = spec.get("title", name)
        self.description = spec.get("description", "")

    @property
    def widget(self):
        spec = self.spec
        if "enum" in spec:
            return "radio" if len(spec["enum"]) <= RADIOS_UP_TO else "select"
        if spec.get("type") == "boolean":
            return "checkbox"
        if _is_textarea(spec):
            return "textarea"
        return "input"

    def _aria(self):
        """``aria-describedby`` (the help text, the error) and
        ``aria-invalid``, as attribute text."""
        described = []
        if self.description and self.widget != "radio":
            described.append(f"{self.id}-help")
        if self.error:
            described.append(f"{self.id}-error")
        attrs = ""
        if described:
            attrs += f' aria-describedby="{" ".join(described)}"'
        if self.error:
            attrs += ' aria-invalid="true"'
        return attrs

    def _required(self):
        return " required" if self.required else ""

    def _mark(self):
        if not self.required:
            return ""
        mark = escape(_t(self.request, MSG_REQUIRED_MARK))
        return f' <span class="kp-required">({mark})</span>'

    def _help(self, id_=None):
        if not self.description:
            return ""
        return (
            f'<div class="form-text" id="{id_ or self.id + "-help"}" lang="fi">'
            f"{escape(self.description)}</div>"
        )

    def _error(self):
        if not self.error:
            return ""
        return (
            f'<div class="invalid-feedback d-block" id="{self.id}-error">'
            f"{escape(self.error)}</div>"
        )

    def html(self):
        widget = self.widget
        invalid = " is-invalid" if self.error else ""
        name = escape(self.name, quote=True)
        if widget == "radio":
            return self._radios(invalid)
        if widget == "checkbox":
            checked = " checked" if self.value is True else ""
            return (
                f'<div class="mb-3 form-check" id="formfield-{self.id}">'
                f'<input class="form-check-input{invalid}" type="checkbox" '
                f'id="{self.id}" name="{name}" value="1"{checked}'
                f"{self._required()}{self._aria()} />"
                f'<label class="form-check-label" for="{self.id}" lang="fi">'
                f"{escape(self.title)}</label>{self._mark()}"
                f"{self._help()}{self._error()}</div>"
            )
        label = (
            f'<label class="form-label" for="{self.id}"><span lang="fi">'
            f"{escape(self.title)}</span>{self._mark()}</label>"
        )
        value = "" if self.value is None else str(self.value)
        extra = ""
        if "maxLength" in self.spec:
            extra += f' maxlength="{int(self.spec["maxLength"])}"'
        if self.name in AUTOCOMPLETE:
            extra += f' autocomplete="{AUTOCOMPLETE[self.name]}"'
        common = f'id="{self.id}" name="{name}"{extra}{self._required()}{self._aria()}'
        if widget == "textarea":
            rows = 8 if self.spec.get("maxLength", 0) > 1000 else 3
            control = (
                f'<textarea class="form-control{invalid}" rows="{rows}" {common}>'
                f"{escape(value)}</textarea>"
            )
        elif widget == "select":
            options = [
                f'<option value="">{escape(_t(self.request, MSG_CHOOSE))}</option>'
            ]
            titles = self.spec.get("x-enum-titles") or {}
            for option in self.spec["enum"]:
                selected = " selected" if option == self.value else ""
                options.append(
                    f'<option value="{escape(str(option), quote=True)}"{selected}>'
                    f"{escape(titles.get(option, str(option)))}</option>"
                )
            control = (
                f'<select class="form-select{invalid}" {common}>'
                f"{''.join(options)}</select>"
            )
        else:
            type_ = "text"
            if self.spec.get("format") == "email":
                type_ = "email"
            elif self.name == "phone":
                type_ = "tel"
            control = (
                f'<input class="form-control{invalid}" type="{type_}" {common} '
                f'value="{escape(value, quote=True)}" />'
            )
        return (
            f'<div class="mb-3" id="formfield-{self.id}">{label}'
            f"{self._help()}{control}{self._error()}</div>"
        )

    def _radios(self, invalid):
        titles = self.spec.get("x-enum-titles") or {}
        described = []
        if self.description:
            described.append(f"{self.id}-help")
        if self.error:
            described.append(f"{self.id}-error")
        group = f' aria-describedby="{" ".join(described)}"' if described else ""
        items = []
        for index, option in enumerate(self.spec["enum"]):
            option_id = self.id if index == 0 else f"{self.id}-{index}"
            checked = " checked" if option == self.value else ""
            aria = ' aria-invalid="true"' if self.error else ""
            items.append(
                f'<div class="form-check">'
                f'<input class="form-check-input{invalid}" type="radio" '
                f'id="{option_id}" name="{escape(self.name, quote=True)}" '
                f'value="{escape(str(option), quote=True)}"{checked}'
                f"{self._required()}{aria} />"
                f'<label class="form-check-label" for="{option_id}" lang="fi">'
                f"{escape(titles.get(option, str(option)))}</label></div>"
            )
        return (
            f'<fieldset class="mb-3" id="formfield-{self.id}"{group}>'
            f'<legend class="form-label fs-6"><span lang="fi">'
            f"{escape(self.title)}</span>{self._mark()}</legend>"
            f"{self._help()}{''.join(items)}{self._error()}</fieldset>"
        )


def form_data(kind, form):
    """The submission of ``kind`` from an HTML form's fields (only the
    schema's properties; a checkbox unticked is False)."""
    data = {}
    for name, spec in forms.schema(kind)["properties"].items():
        if spec.get("type") == "boolean":
            data[name] = bool(form.get(name))
            continue
        value = form.get(name)
        if isinstance(value, (list, tuple)):  # a field sent twice
            value = value[0] if value else None
        if value is None:
            continue
        if spec.get("type") in ("integer", "number") and isinstance(value, str):
            # not a number: the schema's type error names the field
            with suppress(ValueError):
                value = int(value) if spec["type"] == "integer" else float(value)
        data[name] = value
    return forms.clean(data)


def in_use(kind):
    """Whether the form is switched on (``municipality.eservices.<kind>_enabled``
    of the control panel; on when not registered)."""
    return (
        api.portal.get_registry_record(f"{PREFIX}.{kind}_enabled", default=True)
        is not False
    )


def _site_url():
    return api.portal.get().absolute_url()


class FormsListView(BrowserView):
    """``@@asiointi``: the forms; ``@@asiointi/<kind>``: one form."""

    index = ViewPageTemplateFile("forms_list.pt")

    def kinds(self):
        site = _site_url()
        return [
            {
                "kind": kind,
                "title": forms.schema(kind)["title"],
                "description": forms.schema(kind).get("description", ""),
                "url": f"{site}/@@asiointi/{kind}",
            }
            for kind in KINDS
            if in_use(kind)
        ]

    def status_url(self):
        return f"{_site_url()}/@@asiointi-tila"

    def __call__(self):
        return self.index()


@implementer(IPublishTraverse)
class FormsView(FormsListView):
    """The page ``@@asiointi`` traverses to ``<kind>``: its form."""

    form_template = ViewPageTemplateFile("forms_form.pt")
    kind = None

    def __init__(self, context, request):
        super().__init__(context, request)
        self.values = {}
        self.errors = []
        self.problem = None

    def publishTraverse(self, request, name):
        if self.kind is None and name in KINDS and in_use(name):
            self.kind = name
            return self
        raise NotFound(name)

    # the form's page

    def schema(self):
        return forms.schema(self.kind)

    def action(self):
        return f"{_site_url()}/@@asiointi/{self.kind}"

    def fields(self):
        schema = self.schema()
        required = set(schema.get("required", ()))
        by_field = {}
        for error in self.errors:
            by_field.setdefault(error["field"], error["message"])
        return [
            FormField(
                self.kind,
                name,
                spec,
                name in required,
                self.values.get(name),
                by_field.get(name),
                self.request,
            )
            for name, spec in schema["properties"].items()
        ]

    def fields_html(self):
        return "\n".join(field.html() for field in self.fields())

    def attachments_html(self):
        """The file input (``multiple``), its help and its errors."""
        request = self.request
        id_ = field_id(attachments.FIELD)
        errors = [
            error["message"] for error in self.errors if field_id(error["field"]) == id_
        ]
        described = f"{id_}-help" + (f" {id_}-error" if errors else "")
        invalid = " is-invalid" if errors else ""
        aria = ' aria-invalid="true"' if errors else ""
        error_html = (
            f'<div class="invalid-feedback d-block" id="{id_}-error">'
            + "<br>".join(escape(message) for message in errors)
            + "</div>"
            if errors
            else ""
        )
        return (
            f'<div class="mb-3" id="formfield-{id_}">'
            f'<label class="form-label" for="{id_}">'
            f"{escape(_t(request, MSG_ATTACHMENTS))}</label>"
            f'<div class="form-text" id="{id_}-help">'
            f"{escape(_t(request, msg_attachments_help()))}</div>"
            f'<input class="form-control{invalid}" type="file" id="{id_}" '
            f'name="{attachments.FIELD}" multiple accept="{ACCEPT}" '
            f'aria-describedby="{described}"{aria} />{error_html}</div>'
        )

    def summary(self):
        """``[(message, "#field-id" or None)]`` of every error, in field order."""
        known = {*self.schema()["properties"], attachments.FIELD}
        return [
            (
                error["message"],
                f"#{field_id(error['field'])}"
                if error["field"].split("[")[0] in known
                else None,
            )
            for error in self.errors
        ]

    def alternatives(self):
        """The schema's "give at least one of" rules as sentences."""
        schema = self.schema()
        out = []
        for branch_set in [schema.get("anyOf") or []]:
            names = [n for b in branch_set for n in b.get("required", ())]
            if names:
                titles = ", ".join(forms.field_title(self.kind, n) for n in names)
                out.append(
                    _t(
                        self.request,
                        _(
                            forms.MESSAGES["anyOf"][0],
                            default=forms.MESSAGES["anyOf"][1],
                            mapping={"limit": titles},
                        ),
                    )
                )
        return out

    def authenticator(self):
        """plone.protect's token for a signed-in sender ("" for anyone else:
        an anonymous page stays cacheable and the check does not apply)."""
        if api.user.is_anonymous():
            return ""
        return createToken()

    def honeypot(self):
        return abuse.HONEYPOT

    def __call__(self):
        if self.kind is None:
            return self.index()
        if self.request.get("REQUEST_METHOD", "GET") == "POST":
            answer = self.handle_post()
            if answer is not None:
                return answer
        else:  # a link may prefill fields: ?decision=<the decision's URL>
            self.values = form_data(self.kind, self.request.form)
        return self.form_template()

    def _arrival(self):
        """(arrival, first attempt?): as ``POST @submissions`` keeps it on a
        retry after a ConflictError (the original environ)."""
        environ = getattr(self.request, "_orig_env", None)
        if environ is None:
            environ = {}
        first = ARRIVAL_KEY not in environ
        if first:
            environ[ARRIVAL_KEY] = intake.now()
        return environ[ARRIVAL_KEY], first

    def _receipt(self, code=None):
        url = f"{_site_url()}/@@{RECEIPT}"
        if code:
            url += "?" + urlencode({CODE_PARAM: code})
        self.request.response.redirect(url, status=303)
        return ""

    def handle_post(self):
        """Register the submission and redirect, or leave the errors for the
        form (None)."""
        request = self.request
        response = request.response
        arrival, first = self._arrival()
        if not api.user.is_anonymous():
            check_authenticator(request)  # Forbidden without a valid token
        length = (request.get_header("Content-Length") or "0").strip()
        length = int(length) if length.isdigit() else 0
        uploads = request.form.get(attachments.FIELD)
        if length > abuse.MAX_BODY_ATTACHMENTS or (
            length > abuse.MAX_BODY and not attachments.has_uploads(uploads)
        ):
            response.setStatus(413)
            self.problem = _t(
                request,
                MSG_TOO_LARGE_FILES if length > abuse.MAX_BODY else MSG_TOO_LARGE,
            )
            return None
        wait = abuse.hit(request.getClientAddr()) if first else 0
        if wait:
            response.setStatus(429)
            response.setHeader("Retry-After", str(wait))
            self.problem = _t(request, msg_too_many(wait))
            return None
        self.values = form_data(self.kind, request.form)
        if (request.form.get(abuse.HONEYPOT) or "").strip():
            return self._receipt()  # a robot: nothing is written
        self.errors = forms.errors(self.kind, self.values, request)
        files = []
        try:  # every file read and checked before anything is written
            files = attachments.from_uploads(uploads)
        except BadRequest as exc:
            self.errors.append(self._field_error(exc))
        if self.errors:  # the page again (200, as a form shown again)
            self.problem = _t(request, MSG_ERRORS_SUMMARY)
            return None
        savepoint = transaction.savepoint()
        try:
            case, code = intake.submit(self.kind, self.values, arrival, files)
        except BadRequest as exc:  # refused before writing (nothing written)
            savepoint.rollback()
            error = self._field_error(exc)
            if error["field"] in self.schema()["properties"]:
                self.errors.append(error)  # e.g. a claim after its deadline
                self.problem = _t(request, MSG_ERRORS_SUMMARY)
                return None
            message = getattr(exc, "message", None)
            self.problem = " ".join(
                [_t(request, MSG_FORM_ERROR)]
                + ([_t(request, message)] if message else [])
            )
            return None
        return self._receipt(code)

    def _field_error(self, exc):
        """A 400 of ``errors.field_bad_request`` as a form error."""
        field = (getattr(exc, "extra", None) or {}).get("field") or ""
        message = getattr(exc, "message", None)
        text = _t(self.request, message) if message is not None else str(exc)
        return {"field": field, "message": text, "pointer": f"/{field}"}
