"""The e-service forms: their JSON Schemas (``schemas/<kind>.json``, Finnish
titles and descriptions) and validation of a submission with ``jsonschema``
(Draft 2020-12, formats checked).

``clean(data)`` strips strings and drops empty ones (an HTML form sends its
empty optional fields); ``validate(kind, data)`` raises a 400
(``errors.field_bad_request``) naming the first bad field, with every error in
``errors`` (``field``, ``message``, ``pointer``), the messages in the
reader's language and the field's title (Finnish) in them.
"""

from functools import cache
from jsonschema import Draft202012Validator
from jsonschema import FormatChecker
from municipality.policy import _
from municipality.policy.errors import field_bad_request
from municipality.policy.eservices.settings import KINDS
from municipality.policy.publication.accessibility import valid_email
from pathlib import Path
from zope.globalrequest import getRequest
from zope.i18n import translate
import json


SCHEMAS = Path(__file__).parent / "schemas"

FORMATS = FormatChecker()
FORMATS.checks("email")(lambda value: not isinstance(value, str) or valid_email(value))

MSG_REQUIRED = "msg_eservice_required"
MESSAGES = {
    "required": (MSG_REQUIRED, "${field}: required input is missing."),
    "minLength": (MSG_REQUIRED, "${field}: required input is missing."),
    "maxLength": (
        "msg_eservice_too_long",
        "${field}: too long (at most ${limit} characters).",
    ),
    "type": ("msg_eservice_type", "${field}: wrong type of value."),
    "format": (
        "msg_eservice_email",
        "${field}: this is not an e-mail address (for example nimi@example.fi).",
    ),
    "pattern": ("msg_eservice_pattern", "${field}: not a valid value."),
    "enum": ("msg_eservice_enum", "${field}: choose one of ${limit}."),
    "additionalProperties": ("msg_eservice_unknown_field", "${field}: unknown field."),
    "anyOf": ("msg_eservice_any_of", "Give at least one of: ${limit}."),
}
MSG_INVALID = ("msg_eservice_invalid", "${field}: invalid value.")
MSG_UNKNOWN_KIND = _(
    "msg_eservice_unknown_kind",
    default="Unknown form. Choose one of: ${kinds}.",
    mapping={"kinds": ", ".join(KINDS)},
)
MSG_NOT_OBJECT = _(
    "msg_eservice_not_object",
    default="The request body must be a JSON object.",
)


@cache
def schema(kind):
    """The JSON Schema of ``kind`` (a dict; don't change it)."""
    if kind not in KINDS:
        raise KeyError(kind)
    return json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))


@cache
def validator(kind):
    schema_ = schema(kind)
    Draft202012Validator.check_schema(schema_)
    return Draft202012Validator(schema_, format_checker=FORMATS)


def field_title(kind, field):
    """The field's title in the schema (Finnish), or its name."""
    return schema(kind)["properties"].get(field, {}).get("title", field)


def clean(data):
    """Strings stripped, empty strings dropped (the rest as given)."""
    cleaned = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        cleaned[key] = value
    return cleaned


def _fields(kind, error, named=()):
    """The field names an error is about (first: the one to name). jsonschema
    gives one "required" error per missing field, each with the whole list:
    ``named`` are the missing fields the earlier ones named."""
    if error.path:
        return [str(error.path[0])]
    if error.validator == "required":
        missing = [
            name
            for name in error.validator_value
            if name not in error.instance and name not in named
        ]
        return missing[:1]
    if error.validator == "additionalProperties":
        known = schema(kind)["properties"]
        return sorted(name for name in error.instance if name not in known)[:1]
    if error.validator == "anyOf":
        return [
            name
            for branch in error.validator_value
            for name in branch.get("required", ())
        ]
    return []


def _pointer(error, field):
    """The JSON pointer (RFC 6901) of the bad value (of a missing field: where
    it should be)."""
    path = [str(part) for part in error.absolute_path] or ([field] if field else [])
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in path)


def _message(kind, error, fields, request):
    msgid, default = MESSAGES.get(error.validator, MSG_INVALID)
    if error.validator == "anyOf":
        limit = ", ".join(field_title(kind, name) for name in fields)
    elif error.validator == "enum":
        limit = ", ".join(str(value) for value in error.validator_value)
    elif error.validator == "maxLength":
        limit = error.validator_value
    else:
        limit = ""
    title = field_title(kind, fields[0]) if fields else ""
    message = _(msgid, default=default, mapping={"field": title, "limit": limit})
    return translate(message, context=request)


def errors(kind, data, request=None):
    """Every error of ``data`` against ``kind``'s schema, in the order of the
    schema's fields: ``[{"field", "message", "pointer"}]``."""
    request = request if request is not None else getRequest()
    order = {name: index for index, name in enumerate(schema(kind)["properties"])}
    found = []
    named = set()
    for error in validator(kind).iter_errors(data):
        fields = _fields(kind, error, named)
        field = fields[0] if fields else ""
        if error.validator == "required" and field:
            named.add(field)
        found.append(
            {
                "field": field,
                "message": _message(kind, error, fields, request),
                "pointer": _pointer(error, field),
            }
        )
    found.sort(key=lambda item: order.get(item["field"], len(order)))
    return found


def validate(kind, data):
    """Raise a 400 naming the field unless ``data`` is a valid ``kind``."""
    if kind not in KINDS:
        raise field_bad_request("kind", MSG_UNKNOWN_KIND)
    if not isinstance(data, dict):
        raise field_bad_request("body", MSG_NOT_OBJECT)
    found = errors(kind, data)
    if found:
        first = found[0]
        raise field_bad_request(first["field"], first["message"], found)
