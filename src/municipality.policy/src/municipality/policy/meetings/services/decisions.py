"""REST of office holders' decisions (``meetings.decisions``).

- ``GET <archive creator>/@office-holder-decisions?post=&year=``: the public
  listing (public versions only; anyone who may view the archive creator);
- ``POST <decision>/@decide``: the decider makes the decision (200 with
  number, year and date; 403 for anyone else; 400 when not a draft);
- ``POST <decision>/@call-in`` ``{"body": "<UID>"}``: the body's secretary,
  within the rectification period (``call_in_deadline``); 400 naming
  ``decision`` after it; 201 with the drafted agenda item's URL.
"""

from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from municipality.policy.meetings import decisions
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import Forbidden
from zope.interface import alsoProvides


def _raise(error):
    if error.status == 403:
        raise json_error(Forbidden, error.message)
    raise field_bad_request(error.field, error.message)


class DecisionListGet(Service):
    def reply(self):
        post = (self.request.form.get("post") or "").strip() or None
        year = str(self.request.form.get("year") or "").strip()
        rows = decisions.public_decisions(
            self.context, post=post, year=int(year) if year.isdigit() else None
        )
        return {
            "@id": f"{self.context.absolute_url()}/@office-holder-decisions",
            "items": rows,
            "items_total": len(rows),
        }


class DecidePost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            number = decisions.decide(self.context)
        except decisions.DecisionError as error:
            _raise(error)
        deadline = decisions.call_in_deadline(self.context)
        return {
            "number": number,
            "year": self.context.decision_date.year,
            "decision_date": self.context.decision_date.isoformat(),
            "call_in_deadline": deadline.isoformat() if deadline else None,
        }


class CallInPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001
            data = None
        uid = data.get("body") if isinstance(data, dict) else None
        with api.env.adopt_roles(["Manager"]):
            body = api.content.get(UID=uid) if isinstance(uid, str) and uid else None
        try:
            item = decisions.call_in(self.context, body)
        except decisions.DecisionError as error:
            _raise(error)
        self.request.response.setStatus(201)
        return {"item": item.absolute_url(), "called_in_by": self.context.called_in_by}
