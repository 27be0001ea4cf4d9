"""``GET <case>/@sahke2``: one closed case's SÄHKE2 XML (records staff), and
``<case>/@@sahke2.xml``, the same as a browser download.

Who: a records role in the case (``RECORDS_ROLES``: chief records officer,
sector records manager, records officer, archivist; Manager and Site
Administrator); anonymous 401, anyone else 403. Only a closed case
(``paattynyt`` or ``siirretty``): otherwise 400 naming ``state``. A case the
archive would refuse (``sahke2.TransferInvalid``) is a 400 naming the field
and the case; invalid XML is never served.
"""

from municipality.policy import _
from municipality.policy.archive import sahke2
from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from plone import api
from plone.restapi.services import Service
from Products.Five.browser import BrowserView
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.globalrequest import getRequest


#: roles that may read a case's archival description
RECORDS_ROLES = frozenset(
    {
        "ChiefRecordsOfficer",
        "SectorRecordsManager",
        "RecordsOfficer",
        "Archivist",
        "Manager",
        "Site Administrator",
    }
)


def may_export(context):
    """A records role in ``context`` (local roles from above count)."""
    if api.user.is_anonymous():
        return False
    user = api.user.get_current()
    try:
        roles = user.getRolesInContext(context)
    except AttributeError:
        return False
    return bool(RECORDS_ROLES.intersection(roles))


def check_access(context):
    if api.user.is_anonymous():
        raise Unauthorized("sahke2")
    if not may_export(context):
        raise json_error(
            Forbidden,
            _(
                "msg_sahke2_forbidden",
                default="Only records staff may export a case's archival metadata.",
            ),
        )


def case_xml(case):
    """The XML, or a 400 naming ``state`` or the invalid field."""
    state = sahke2.state_of(case)
    if state not in sahke2.CLOSED_STATES:
        raise field_bad_request(
            "state",
            _(
                "msg_sahke2_not_closed",
                default="Only a closed case can be described for the archive "
                "(its status is ${state}).",
                mapping={"state": state},
            ),
        )
    try:
        return sahke2.case_xml(case)
    except sahke2.TransferInvalid as error:
        request = getRequest()
        raise field_bad_request(
            error.field,
            _(
                "msg_sahke2_invalid",
                default="The case cannot be described for the archive: ${problems}",
                mapping={"problems": " ".join(p.text(request) for p in error.problems)},
            ),
            errors=[
                {"case": p.case, "field": p.field, "message": p.text(request)}
                for p in error.problems
            ],
        ) from None


def filename(case):
    number = (getattr(case, "diary_number", None) or case.getId()).replace("/", "-")
    return f"sahke2-{sahke2.safe_name(number, case.getId())}.xml"


class Sahke2Get(Service):
    """``GET <case>/@sahke2``: ``application/xml``."""

    def render(self):
        check_access(self.context)
        body = case_xml(self.context)
        response = self.request.response
        response.setHeader("Content-Type", "application/xml; charset=utf-8")
        response.setHeader("Cache-Control", "private, no-store")
        return body


class Sahke2Download(BrowserView):
    """``<case>/@@sahke2.xml``: the same XML as an attachment."""

    def __call__(self):
        check_access(self.context)
        body = case_xml(self.context)
        response = self.request.response
        response.setHeader("Content-Type", "application/xml; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{filename(self.context)}"'
        )
        response.setHeader("Cache-Control", "private, no-store")
        return body
