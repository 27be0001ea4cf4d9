"""REST: ``GET <site>/@openapi`` (anyone), the OpenAPI document, CORS ``*``
as the open-data APIs; without ``Accept: application/json`` the browser page
of the same name gives the same JSON."""

from municipality.policy.openapi import document
from municipality.policy.opendata.plainjson import PlainJSONView
from plone import api
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class OpenAPIGet(Service):
    def publishTraverse(self, request, name):
        raise NotFound(name)

    def reply(self):
        self.request.response.setHeader("Access-Control-Allow-Origin", "*")
        return document.document(api.portal.get().absolute_url())


class OpenAPIView(PlainJSONView):
    service_factory = OpenAPIGet
