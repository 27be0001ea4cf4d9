"""REST: clean 400 errors (naming the field) for registered and looser documents."""

from municipality.policy.base.content import parent_case
from municipality.policy.documents.content import ICaseDocument
from municipality.policy.documents.registration import MSG_READONLY
from municipality.policy.documents.registration import Immutable
from municipality.policy.documents.restriction import FIELDS
from municipality.policy.documents.restriction import current
from municipality.policy.documents.restriction import inherited
from municipality.policy.documents.restriction import looser
from municipality.policy.errors import deserialize
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from zExceptions import BadRequest
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer


def bad_request(request, field, message):
    return BadRequest(
        [
            {
                "field": field,
                "error": "ValidationError",
                "message": translate(message, context=request),
            }
        ]
    )


@implementer(IDeserializeFromJson)
@adapter(ICaseDocument, IMunicipalityPolicyLayer)
class DocumentDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, **kw):
        if data is None:
            data = json_body(self.request)
        if "sha256" in data and data["sha256"] != self.context.sha256:
            raise bad_request(self.request, "sha256", MSG_READONLY)
        case = parent_case(self.context)
        if case is not None:
            values = inherited(case) if create else {}
            values.update(
                {k: v for k, v in current(self.context).items() if v is not None}
            )
            values.update({name: data[name] for name in FIELDS if name in data})
            errors = looser(case, values)
            if errors:
                raise bad_request(self.request, *errors[0])
        try:
            return deserialize(
                super().__call__,
                validate_all=validate_all,
                data=data,
                create=create,
                **kw,
            )
        except Immutable as error:
            raise bad_request(self.request, error.field, error.message) from None
