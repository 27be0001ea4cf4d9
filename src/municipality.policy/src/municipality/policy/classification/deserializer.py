"""REST: restriction and retention errors of a task class are 400s naming the field."""

from municipality.policy.classification.content import ITaskClass
from municipality.policy.errors import deserialize
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from zope.component import adapter
from zope.interface import implementer


@implementer(IDeserializeFromJson)
@adapter(ITaskClass, IMunicipalityPolicyLayer)
class TaskClassDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, **kw):
        return deserialize(
            super().__call__, validate_all=validate_all, data=data, create=create, **kw
        )
