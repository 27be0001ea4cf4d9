"""Registry (kirjaamo): the diary of one archive creator."""

from municipality.policy import _
from municipality.policy import interfaces
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.interfaces import ValidationError
import string


DEFAULT_NUMBER_FORMAT = "{prefix}/{number}/{class}/{year}"
PLACEHOLDERS = frozenset({"prefix", "number", "class", "year"})
REQUIRED_PLACEHOLDERS = frozenset({"number", "year"})


class InvalidNumberFormat(ValidationError):
    __doc__ = _(
        "msg_invalid_number_format",
        default="Use only the placeholders {prefix}, {number}, {class} and "
        "{year}; {number} and {year} are required.",
    )


class InvalidPrefix(ValidationError):
    __doc__ = _(
        "msg_invalid_prefix",
        default="The prefix may contain letters, digits, '-' and '_' only.",
    )


def validate_number_format(value):
    """A format names only known placeholders and both ``{number}`` and ``{year}``."""
    try:
        names = {
            name.split(".")[0].split("[")[0]
            for _text, name, _spec, _conv in string.Formatter().parse(value)
            if name is not None
        }
        if names - PLACEHOLDERS or not names >= REQUIRED_PLACEHOLDERS:
            raise ValueError(value)
        value.format(prefix="X", number=1, year=2026, **{"class": "00.00.00"})
    except (ValueError, IndexError, KeyError) as exc:
        raise InvalidNumberFormat(value) from exc
    return True


def validate_prefix(value):
    if not value or not all(char.isalnum() or char in "-_" for char in value):
        raise InvalidPrefix(value)
    return True


class IRegistry(model.Schema, interfaces.IRegistry):
    """The registry office's diary: numbers cases per year."""

    prefix = schema.TextLine(
        title=_("label_registry_prefix", default="Diary number prefix"),
        description=_(
            "help_registry_prefix",
            default="Short code of the archive creator, e.g. ESIM.",
        ),
        required=True,
        constraint=validate_prefix,
    )
    number_format = schema.TextLine(
        title=_("label_number_format", default="Diary number format"),
        description=_(
            "help_number_format",
            default="Placeholders: {prefix}, {number}, {class} (task class code), "
            "{year}.",
        ),
        required=True,
        default=DEFAULT_NUMBER_FORMAT,
        constraint=validate_number_format,
    )


@implementer(IRegistry)
class Registry(Container):
    """A registry; cases are its children. Unordered: thousands of cases."""

    _ordering = "unordered"
