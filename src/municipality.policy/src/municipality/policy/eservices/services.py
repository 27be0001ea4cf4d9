"""REST: ``@submissions`` on the site.

- ``POST @submissions`` (anyone): ``{"kind": <form>, ...fields}`` → 201
  ``{"diary_number", "arrival", "due_date", "tracking_code", "status_url"}``;
  400 naming the field (nothing written), 413 for a body over
  ``abuse.MAX_BODY`` (``abuse.MAX_BODY_ATTACHMENTS`` with ``attachments``:
  ``[{"filename", "data" (base64), "content_type"?}]``, ``attachments.py``),
  429 with ``Retry-After`` over the rate limit, and a
  201-looking answer with nothing written when the honeypot is filled.
- ``GET @submissions`` / ``@submissions/schemas``: the forms in use
  (``settings.enabled``) and their schema URLs; a form switched off answers
  ``POST`` with 404 ``{"field": "kind", "kind"}`` and writes nothing; ``GET @submissions/schemas/<kind>``: the JSON Schema.
- ``GET @submissions/<tracking code>``: ``status.status``; the same 404 for
  a wrong and an unknown code.

The POST is a write by anyone, signed in or not, of data the sender gives
(no identity, no cookie-based authority is used): plone.protect's automatic
CSRF check (which applies to signed-in users only) is disabled for it, as
plone.restapi does for its own writing services.
"""

from municipality.policy import _
from municipality.policy.base.dates import helsinki
from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from municipality.policy.eservices import abuse
from municipality.policy.eservices import attachments
from municipality.policy.eservices import forms
from municipality.policy.eservices import intake
from municipality.policy.eservices import settings
from municipality.policy.eservices import status
from municipality.policy.eservices import tracking
from municipality.policy.eservices.settings import KINDS
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import json


#: where the first attempt's arrival time is kept for retries
ARRIVAL_KEY = "municipality.policy.eservices.arrival"

MSG_TOO_LARGE = _(
    "msg_eservice_body_too_large",
    default="The request is too large (at most ${max} kilobytes).",
    mapping={"max": abuse.MAX_BODY // 1024},
)
MSG_TOO_LARGE_FILES = _(
    "msg_eservice_body_too_large_files",
    default="The request is too large (at most ${max} megabytes with attachments).",
    mapping={"max": abuse.MAX_BODY_ATTACHMENTS // (1024 * 1024)},
)


def msg_too_many(seconds):
    return _(
        "msg_eservice_too_many",
        default="Too many submissions from your address. Try again in "
        "${seconds} seconds.",
        mapping={"seconds": seconds},
    )


MSG_NOT_JSON = _(
    "msg_eservice_not_json",
    default="The request body is not valid JSON.",
)
MSG_DISABLED = _(
    "msg_eservice_form_disabled",
    default="This form is not in use. Please contact the registry.",
)
MSG_NOT_FOUND = _(
    "msg_eservice_not_found",
    default="No submission was found with this tracking code.",
)


def _base():
    return f"{api.portal.get().absolute_url()}/@submissions"


class SubmissionsPost(Service):
    """``POST @submissions``."""

    def _refuse(self, status, type_, message, **extra):
        response = self.request.response
        response.setStatus(status, lock=True)
        body = {"type": type_, "message": translate(message, context=self.request)}
        body.update(extra)
        return body

    def _arrival(self):
        """(arrival, first attempt?): the time the request first reached us.

        The publisher retries a request after a ConflictError (another
        registration took the diary counter) with a new request object on the
        same original environ: the arrival is kept there, so a retry keeps
        the first arrival time (SähkAsL 10 §) and is not counted again.
        """
        environ = getattr(self.request, "_orig_env", None)
        if environ is None:
            environ = {}
        first = ARRIVAL_KEY not in environ
        if first:
            environ[ARRIVAL_KEY] = intake.now()
        return environ[ARRIVAL_KEY], first

    def reply(self):
        arrival, first = self._arrival()
        alsoProvides(self.request, IDisableCSRFProtection)
        # the declared length first: a huge body is refused before it is read
        length = (self.request.get_header("Content-Length") or "0").strip()
        if length.isdigit() and int(length) > abuse.MAX_BODY_ATTACHMENTS:
            return self._too_large(MSG_TOO_LARGE_FILES)
        body = self._body()
        if body is None:  # chunked, or a wrong length
            return self._too_large(MSG_TOO_LARGE_FILES)
        wait = abuse.hit(self.request.getClientAddr()) if first else 0
        if wait:
            self.request.response.setHeader("Retry-After", str(wait))
            return self._refuse(429, "TooManyRequests", msg_too_many(wait))
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # also bad UTF-8, deep nesting
            raise field_bad_request("body", MSG_NOT_JSON) from None
        if not isinstance(data, dict):
            raise field_bad_request("body", forms.MSG_NOT_OBJECT)
        kind = data.pop("kind", None)
        honeypot = data.pop(abuse.HONEYPOT, None)
        files = data.pop(attachments.FIELD, None)
        if not files and len(body) > abuse.MAX_BODY:  # large only with files
            return self._too_large()
        if honeypot:
            return self._decoy(arrival)
        if kind in KINDS and not settings.enabled(kind):
            # switched off in @@eservices-controlpanel: nothing is written
            raise json_error(NotFound, MSG_DISABLED, field="kind", kind=kind)
        data = forms.clean(data)
        forms.validate(kind, data)
        files = attachments.from_json(files)  # all read and checked first
        case, code = intake.submit(kind, data, arrival, files)
        self.request.response.setStatus(201)
        return {
            "diary_number": case.diary_number,
            "kind": kind,
            "arrival": helsinki(arrival).isoformat(),
            "due_date": case.due_date.isoformat(),
            "tracking_code": code,
            "status_url": f"{_base()}/{code}",
        }

    def _body(self):
        """The body (bytes), or None when over ``abuse.MAX_BODY_ATTACHMENTS``.
        Read from the request's file: ``request["BODY"]`` refuses a body over
        Zope's ``form-memory-limit`` (1 MB) with a bare 400."""
        stream = self.request.get("BODYFILE")
        if stream is None:
            return self.request.get("BODY") or b""
        stream.seek(0)
        body = stream.read(abuse.MAX_BODY_ATTACHMENTS + 1)
        stream.seek(0)
        return None if len(body) > abuse.MAX_BODY_ATTACHMENTS else body

    def _too_large(self, message=MSG_TOO_LARGE):
        return self._refuse(413, "RequestEntityTooLarge", message, field="body")

    def _decoy(self, arrival):
        """What a bot that filled the honeypot is told (nothing is written)."""
        code = tracking.new_code()
        self.request.response.setStatus(201)
        return {
            "diary_number": None,
            "arrival": helsinki(arrival).isoformat(),
            "tracking_code": code,
            "status_url": f"{_base()}/{code}",
        }


@implementer(IPublishTraverse)
class SubmissionsGet(Service):
    """``GET @submissions[/schemas[/<kind>]|/<tracking code>]``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def _not_found(self):
        return json_error(NotFound, MSG_NOT_FOUND)

    def _forms(self):
        base = _base()
        return {
            "@id": f"{base}/schemas",
            "items": [
                {
                    "kind": kind,
                    "title": forms.schema(kind)["title"],
                    "schema": f"{base}/schemas/{kind}",
                }
                for kind in settings.enabled_kinds()
            ],
        }

    def reply(self):
        params = self.params
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if not params or params == ["schemas"]:
            return self._forms()
        if params[0] == "schemas":
            if len(params) != 2 or params[1] not in KINDS:
                raise json_error(NotFound, forms.MSG_UNKNOWN_KIND)
            published = dict(forms.schema(params[1]))
            published["$id"] = f"{_base()}/schemas/{params[1]}"
            published["x-attachments"] = attachments.describe()
            return published
        if len(params) != 1:
            raise self._not_found()
        record = tracking.find(params[0])
        shown = status.status(record, self.request) if record else None
        if shown is None:
            raise self._not_found()
        return shown
