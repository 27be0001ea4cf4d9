"""REST: ``GET <plan>/@tos`` (JHS 191 XML) and ``POST <plan>/@tos`` (import:
``dry_run`` previews, ``token`` applies the preview, see ``TosPost``)."""

from municipality.policy import _
from municipality.policy.classification import exporter
from municipality.policy.classification import importer
from municipality.policy.classification import planformats
from municipality.policy.classification import planpreview
from municipality.policy.classification.planformats.base import ImportProblem
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides
import base64
import binascii
import json


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


def kind_of(content_type):
    """The format a Content-Type names, or None (detect from the content)."""
    if "spreadsheetml" in content_type or "ms-excel" in content_type:
        return "xlsx"
    if "xml" in content_type:
        return "xml"
    if "csv" in content_type:
        return "csv"
    return None


def _flag(value):
    return str(value).lower() in ("1", "true", "yes", "on")


class TosPost(Service):
    """Import a plan file: CSV, JHS 191 XML, Excel or a text list.

    The body is the file (its Content-Type hints the format), or JSON
    ``{"file": {"data", "encoding": "base64"}}`` / ``{"file": "<text>"}`` /
    ``{"lines": "<pasted text>"}``. Options (query string or JSON keys):
    ``format`` (auto|xml|csv|xlsx|text), ``keep_case``, and

    - ``dry_run=true``: the preview (created, updated old -> new, unchanged,
      skipped lines and why, notes) and a ``token``; nothing is written;
    - ``token=<token>``: the same file again; writes exactly that preview, or
      400 naming ``token`` (with the new preview) if the plan or file changed;
    - neither: the one-step import, refused (400) when anything was skipped.

    A file that cannot be read is a 400 naming ``file`` (or ``lines``).
    """

    def options(self):
        options = dict(self.request.form)
        content_type = (self.request.getHeader("Content-Type") or "").lower()
        body = self.request.get("BODY") or b""
        field = "file"
        if "json" in content_type:
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                raise ImportProblem(
                    _("msg_import_bad_json", default="The body is not JSON.")
                ) from None
            if not isinstance(payload, dict):
                payload = {}
            options.update(
                {k: v for k, v in payload.items() if k not in ("file", "lines")}
            )
            body = b""
            if payload.get("lines"):
                field, body = "lines", str(payload["lines"]).encode("utf-8")
            elif isinstance(payload.get("file"), dict):
                upload = payload["file"]
                body = upload.get("data") or ""
                if upload.get("encoding") == "base64":
                    try:
                        body = base64.b64decode(body, validate=True)
                    except (ValueError, binascii.Error):
                        raise ImportProblem(
                            _(
                                "msg_import_bad_base64",
                                default="The file is not base64.",
                            )
                        ) from None
            elif isinstance(payload.get("file"), str):
                body = payload["file"]
        kind = options.get("format") or None
        if kind == "auto":
            kind = None
        if kind is None and "json" not in content_type:
            kind = kind_of(content_type)
        if kind is not None and kind not in planformats.KINDS:
            raise ImportProblem(
                _("msg_import_bad_format", default="Unknown format."), field="format"
            )
        if isinstance(body, str):
            body = body.encode("utf-8")
        return body, kind, field, options

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        url = f"{self.context.absolute_url()}/@tos"
        try:
            body, kind, field, options = self.options()
            keep_case = _flag(options.get("keep_case"))
            if _flag(options.get("dry_run")):
                result, token = importer.preview_step(
                    self.context, body, kind, keep_case, field
                )
                return {
                    "@id": url,
                    "dry_run": True,
                    **planpreview.as_dict(result, self.request),
                    "token": token,
                }
            if options.get("token"):
                result, counts = importer.apply_step(
                    self.context, body, options["token"], kind, keep_case, field
                )
                return {
                    "@id": url,
                    **counts,
                    "unchanged": len(result.unchanged),
                    "skipped": len(result.skipped),
                }
            result = importer.import_data(self.context, body, kind, keep_case, field)
        except importer.StalePreview as stale:
            self.request.response.setStatus(400)
            return {
                "error": stale.as_dict(self.request),
                "preview": planpreview.as_dict(stale.preview, self.request),
                "token": stale.token,
            }
        except importer.ImportProblem as problem:
            self.request.response.setStatus(400)
            return {"error": problem.as_dict(self.request)}
        return {"@id": url, **result}
