"""A select2 widget that treats an unknown token as no value (not a crash)."""

from plone.app.z3cform.widgets.select import Select2Widget
from z3c.form.interfaces import NO_VALUE
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.interface import implementer


class CheckedSelect2Widget(Select2Widget):
    def extract(self, default=NO_VALUE):
        value = super().extract(default)
        if value is default or value in ("", [], None):
            return value
        tokens = value if isinstance(value, (list, tuple)) else [value]
        for token in tokens:
            if token == self.noValueToken:
                continue
            try:
                self.terms.getTermByToken(token)
            except LookupError:
                return default
        return value


@implementer(IFieldWidget)
def CheckedSelect2FieldWidget(field, request):
    return FieldWidget(field, CheckedSelect2Widget(request))
