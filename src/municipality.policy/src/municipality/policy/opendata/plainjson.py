"""Open data without ``Accept: application/json``.

plone.rest dispatches a service only for requests that ask for JSON; a
harvester's plain ``curl`` or a browser would get Plone's HTML 404. A
``PlainJSONView`` registered under the service's name answers those requests
with the same service: the same JSON, the same 400 naming the parameter,
a JSON 404, CORS ``*``.
"""

from municipality.policy.errors import IJSONError
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import json


def _service(factory, context, request):
    """An instance of a plone.rest ``Service`` class outside plone.rest's
    dispatch (its registered factory mixes in the view's constructor)."""
    service = factory()
    service.context, service.request = context, request
    return service


@implementer(IPublishTraverse)
class PlainJSONView(BrowserView):
    """The answer of ``service_factory`` (a traversable ``Service``) as JSON."""

    service_factory = None

    def __init__(self, context, request):
        super().__init__(context, request)
        self.names = []

    def publishTraverse(self, request, name):
        self.names.append(name)
        return self

    def __call__(self):
        service = _service(self.service_factory, self.context, self.request)
        for name in self.names:
            service = service.publishTraverse(self.request, name)
        response = self.request.response
        try:
            answer = service.reply()
        except BadRequest as error:
            if not IJSONError.providedBy(error):
                raise
            response.setStatus(400)
            answer = {"type": "BadRequest", "message": str(error), **error.extra}
        except NotFound:
            response.setStatus(404)
            answer = {"type": "NotFound", "message": "Not found"}
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Access-Control-Allow-Origin", "*")
        return json.dumps(answer, indent=2, sort_keys=True)
