"""REST: a case's diary number is system-assigned; setting it is refused (400).
Restriction and retention errors are 400s naming the field (``errors.deserialize``)."""

from municipality.policy import _
from municipality.policy.cases.content import ICase
from municipality.policy.errors import deserialize
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from zExceptions import BadRequest
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer


SYSTEM_FIELDS = ("diary_number", "diary_year", "diary_sequence")


@implementer(IDeserializeFromJson)
@adapter(ICase, IMunicipalityPolicyLayer)
class CaseDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, **kw):
        if data is None:
            data = json_body(self.request)
        errors = [
            {
                "field": name,
                "error": "ValidationError",
                "message": translate(
                    _(
                        "msg_diary_number_read_only",
                        default="The diary number is assigned by the system and "
                        "cannot be set.",
                    ),
                    context=self.request,
                ),
            }
            for name in SYSTEM_FIELDS
            if name in data and data[name] != getattr(self.context, name, None)
        ]
        if errors:
            raise BadRequest(errors)
        return deserialize(
            super().__call__,
            validate_all=validate_all,
            data=data,
            create=create,
            **kw,
        )
