"""REST: ``GET <plan>/@tos`` (JHS 191 XML) and ``POST <plan>/@tos`` (import)."""

from municipality.policy.classification import exporter
from municipality.policy.classification import importer
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class TosGet(Service):
    """The plan as JHS 191 XML (Content-Type application/xml)."""

    def render(self):
        self.check_permission()
        response = self.request.response
        response.setHeader("Content-Type", "application/xml; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'inline; filename="{self.context.getId()}.xml"'
        )
        return exporter.export_plan(self.context)


class TosPost(Service):
    """Import a CSV or JHS 191 XML body; 400 naming the line/element on error."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        body = self.request.get("BODY") or b""
        content_type = (self.request.getHeader("Content-Type") or "").lower()
        kind = (
            "xml" if "xml" in content_type else "csv" if "csv" in content_type else None
        )
        try:
            result = importer.import_data(self.context, body, kind)
        except importer.ImportProblem as problem:
            self.request.response.setStatus(400)
            return {"error": problem.as_dict(self.request)}
        return {"@id": f"{self.context.absolute_url()}/@tos", **result}
