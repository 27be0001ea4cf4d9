"""REST of disposal lists. ``GET <list>`` is plone.restapi's own (rows,
report, who and when are read-only fields); transitions go through
``@workflow`` (``check``, ``approve``, ``execute``, ``return``; a refusal is a
400 with the reason).

- ``GET <archive creator>/@disposal-lists``: the lists the caller may view.
- ``POST <archive creator>/@disposal-lists`` ``{"title", "sub_archive_creator",
  "task_classes", "on"}``: a new draft list drawn from the expired cases;
  201 with ``@id``, ``rows``. Bad input: 400 naming the field, nothing written.
- ``POST <list>/@disposal-rows`` ``{"remove": <case uid>, "reason"}``: takes
  a row off a draft list (400 naming ``uid`` / ``reason``; 403 once fixed).
"""

from municipality.policy import _
from municipality.policy.archive import disposal
from municipality.policy.archive.browser.disposal import validate
from municipality.policy.errors import field_bad_request
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.interface import alsoProvides


def summary(dlist):
    return {
        "@id": dlist.absolute_url(),
        "@type": disposal.TYPE,
        "UID": api.content.get_uuid(dlist),
        "title": dlist.Title(),
        "review_state": disposal.state(dlist),
        "sub_archive_creator": dlist.sub_archive_creator,
        "task_classes": list(dlist.task_classes or []),
        "rows": dlist.included_rows(),
        "removed_rows": dlist.removed_rows(),
    }


def _body(request):
    """The request's JSON object, else a 400 naming ``body``."""
    try:
        data = json_body(request)
    except Exception:  # noqa: BLE001  (a bare DeserializationError; deep nesting)
        data = None
    if not isinstance(data, dict):
        raise field_bad_request(
            "body",
            _("msg_agenda_bad_body", default="The body must be a JSON object."),
        )
    return data


class DisposalListsGet(Service):
    def reply(self):
        items = [
            summary(brain.getObject())
            for brain in api.content.find(
                context=self.context, portal_type=disposal.TYPE, sort_on="created"
            )
        ]
        return {
            "@id": f"{self.context.absolute_url()}/@disposal-lists",
            "items": items,
            "items_total": len(items),
        }


class DisposalListsPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = _body(self.request)
        try:
            fields = validate(self.context, data)
        except ValueError as error:
            raise field_bad_request(error.args[0], error.args[1]) from None
        dlist = disposal.create(self.context, **fields)
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", dlist.absolute_url())
        return summary(dlist)


class DisposalRowsPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = _body(self.request)
        uid = data.get("remove")
        if not isinstance(uid, str) or not uid:
            raise field_bad_request("remove", disposal.MSG_NO_ROW)
        reason = data.get("reason")
        try:
            disposal.remove_row(
                self.context, uid, reason if isinstance(reason, str) else ""
            )
        except ValueError as error:
            field = "remove" if error.args[0] == "uid" else error.args[0]
            raise field_bad_request(field, error.args[1]) from None
        return summary(self.context)
