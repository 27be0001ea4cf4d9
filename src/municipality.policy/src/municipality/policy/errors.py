"""Errors that name what they are about, in forms and over REST.

- ``FieldInvalid``: an invariant's error about one field. z3c.form shows it on
  that field's widget (``FieldErrorSnippet``); a plone.restapi deserializer run
  through ``deserialize`` turns it into a 400 naming the field.
- ``json_error``: a plain ``zExceptions`` error (so the HTTP status follows its
  class everywhere) marked ``IJSONError``; over REST ``JSONErrorView`` renders
  ``{"type", "message", ...extra}`` with the message translated.
"""

from plone.rest.errors import ErrorHandling
from z3c.form.error import InvalidErrorViewSnippet
from zExceptions import BadRequest
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import alsoProvides
import json


class FieldInvalid(Invalid):
    """An invariant's error about the field ``field``; ``args[0]`` is the message."""

    field = None


class IJSONError(Interface):
    """A zExceptions error with a translatable ``message`` and ``extra`` JSON keys."""


def json_error(cls, message, marker=None, **extra):
    """``cls(message)`` (translated for the current request) marked
    ``IJSONError`` (and ``marker``), with ``extra`` JSON keys."""
    error = cls(translate(message, context=getRequest()))
    error.message = message
    error.extra = extra
    alsoProvides(error, IJSONError, *([marker] if marker else []))
    return error


def field_bad_request(field, message, errors=None):
    """A 400 naming ``field``: ``{"type": "BadRequest", "message", "field"}``."""
    extra = {"field": field}
    if errors:
        extra["errors"] = errors
    return json_error(BadRequest, message, **extra)


def deserialize(call, **kw):
    """Run a plone.restapi deserializer ``call``; when an invariant raised a
    ``FieldInvalid`` the 400 names its field (other errors are unchanged)."""
    kw.pop("mask_validation_errors", None)
    try:
        return call(mask_validation_errors=False, **kw)
    except BadRequest as error:
        errors = error.args[0] if error.args else None
        if not isinstance(errors, list):
            raise
        named = None
        for item in errors:
            cause = item.get("error") if isinstance(item, dict) else None
            if isinstance(cause, FieldInvalid):
                item.setdefault("field", cause.field)
                named = named or item
            if isinstance(item, dict) and "error" in item:
                item["error"] = "ValidationError"
        if named is None:
            raise BadRequest(errors) from None
        raise field_bad_request(named["field"], named["message"], errors) from None


class JSONErrorView(ErrorHandling):
    """plone.rest's error view, with the status of the error's class and its
    translated message and extra keys."""

    def __call__(self):
        exception = self.context
        data = self.render_exception(exception) or {}
        data["type"] = type(exception).__name__
        data["message"] = translate(exception.message, context=self.request)
        data.update(exception.extra)
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(exception.getStatus(), lock=1)
        response.setBody(json.dumps(data, indent=2, sort_keys=True), lock=1)
        response._has_challenged = True


@adapter(FieldInvalid, None, None, None, None, None)
class FieldErrorSnippet(InvalidErrorViewSnippet):
    """A ``FieldInvalid`` of an invariant is shown on its field's widget."""

    def update(self):
        super().update()
        if self.widget is not None:
            return
        forms = [self.form]
        parent = getattr(self.form, "parentForm", None)
        for form in [parent, *getattr(parent or self.form, "groups", ())]:
            if form is not None and form not in forms:
                forms.append(form)
        for form in forms:
            widgets = getattr(form, "widgets", None) or {}
            for widget in widgets.values():
                if widget.field.__name__ == self.error.field and not widget.error:
                    self.widget = widget
                    widget.error = self
                    return
