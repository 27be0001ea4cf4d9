"""A signed-in person's transaction history (asiointihistoria, issue 13).

- ``<site>/@@asiointihistoria``: every submission the signed-in user made
  (``identity.records_of``), newest first: the form, the diary number, the
  arrival time, the status, the expected decision date, the public handling
  phases and the decisions once published: the same public content as
  ``GET @submissions/<code>`` (``status.status``), nothing else of the case
  and nothing of anyone else's. Anonymous: Unauthorized (the login form
  with "Tunnistaudu"); when no identification is configured, a page saying
  so, with the ways to follow a submission by its tracking code.
- ``GET <site>/@my-submissions``: the same as JSON ``{"@id", "items",
  "items_total"}``, each item ``status.status``'s dict; 401 anonymous.

Both ``Cache-Control: private, no-store``. Viewlets: "Tunnistaudu" on the
login form when sign-in through OpenID Connect is configured
(``security.signin.configured``), and on ``@@asiointi`` the link to the
history (signed in) or to the identification (anonymous, configured).
"""

from datetime import date
from datetime import datetime
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import format_datetime
from municipality.policy.eservices import identity
from municipality.policy.eservices import settings
from municipality.policy.eservices import status
from municipality.policy.security import signin
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.restapi.services import Service
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from zExceptions import Unauthorized
from zope.i18n import translate


VIEW = "asiointihistoria"
SERVICE = "@my-submissions"


def submissions(request, user_id=None):
    """``status.status`` of each submission of ``user_id`` (default: the
    request's signed-in user), newest first."""
    user_id = user_id if user_id is not None else identity.signed_in_user_id(request)
    found = []
    for record in identity.records_of(user_id):
        shown = status.status(record, request)
        if shown is not None:
            found.append(shown)
    return found


def _no_store(request):
    request.response.setHeader("Cache-Control", "private, no-store")


def login_url(came_from=None):
    """The identification's start (the plugin's login) with ``came_from``."""
    portal = api.portal.get()
    url = f"{portal.absolute_url()}/acl_users/{signin.PLUGIN_ID}/login"
    return url + ("?" + urlencode({"came_from": came_from}) if came_from else "")


def history_url():
    return f"{api.portal.get().absolute_url()}/@@{VIEW}"


class HistoryView(BrowserView):
    """``@@asiointihistoria``."""

    index = ViewPageTemplateFile("history.pt")
    unavailable = ViewPageTemplateFile("history_unavailable.pt")

    def __call__(self):
        _no_store(self.request)
        if identity.signed_in_user_id(self.request) is None:
            if not signin.configured():
                # no identification to offer: say so, and how to follow a
                # submission without it, instead of the staff's login form
                return self.unavailable()
            raise Unauthorized("Sign in to see your transaction history.")
        self.items = [self._shown(item) for item in submissions(self.request)]
        return self.index()

    def _shown(self, item):
        due = item["due_date"]
        return {
            **item,
            "kind_title": translate(
                settings.KIND_LABELS.get(item["kind"], item["kind"]),
                context=self.request,
            ),
            "arrival_local": format_datetime(
                datetime.fromisoformat(item["arrival"]), self.request
            ),
            "due_local": format_date(date.fromisoformat(due)) if due else "",
        }

    def forms_url(self):
        return f"{api.portal.get().absolute_url()}/@@asiointi"

    def status_url(self):
        return f"{api.portal.get().absolute_url()}/@@asiointi-tila"

    def name(self):
        user_id = identity.signed_in_user_id(self.request)
        verified = signin.identity(user_id) or {}
        if verified.get("name"):
            return verified["name"]
        user = api.user.get(userid=user_id)
        return (user.getProperty("fullname") if user else "") or user_id


class MySubmissionsGet(Service):
    """``GET @my-submissions``."""

    def reply(self):
        _no_store(self.request)
        if identity.signed_in_user_id(self.request) is None:
            raise Unauthorized("Sign in to see your submissions.")
        items = submissions(self.request)
        return {
            "@id": f"{api.portal.get().absolute_url()}/{SERVICE}",
            "items": items,
            "items_total": len(items),
        }


class SignInViewlet(ViewletBase):
    """ "Tunnistaudu" on the login form, when configured."""

    index = ViewPageTemplateFile("history_signin.pt")

    def available(self):
        return signin.configured()

    def url(self):
        came_from = self.request.form.get("came_from")
        return login_url(came_from if isinstance(came_from, str) else None)

    def render(self):
        return self.index() if self.available() else ""


class HistoryLinkViewlet(ViewletBase):
    """On ``@@asiointi`` (the list, not a form): the history for a signed-in
    user, the identification for an anonymous one (when configured)."""

    index = ViewPageTemplateFile("history_link.pt")

    def signed_in(self):
        return identity.signed_in_user_id(self.request) is not None

    def available(self):
        if getattr(self.view, "kind", None):
            return False
        return self.signed_in() or signin.configured()

    def history_url(self):
        return history_url()

    def login_url(self):
        return login_url(history_url())

    def render(self):
        return self.index() if self.available() else ""


class SenderViewlet(ViewletBase):
    """On a case filed through the e-services while signed in, for those
    who may read its parties (``List folder contents``): who sent it and how
    they were identified (``identity.sender_of``)."""

    index = ViewPageTemplateFile("history_sender.pt")

    def sender(self):
        found = identity.sender_of(self.context)
        if found is None:
            return None
        return {
            **found,
            "stamped_local": format_datetime(found["stamped"], self.request),
        }

    def render(self):
        self.found = self.sender()
        return self.index() if self.found else ""
