"""The sender's pages of a submission (issue 13), over ``eservices.status``:

- ``@@asiointi-kuitti?koodi=<tracking code>``: the receipt the form
  redirects to (303): the diary number, the arrival time (Helsinki), the due
  date, the tracking code and the link to the status page. Without a code
  (the honeypot's answer) only the thanks.
- ``@@asiointi-tila[?koodi=<tracking code>]``: a field for the code and the
  status (``status.status``: public phases and decisions, nothing else of
  the case). A wrong, malformed or unknown code: the same "not found" (404).

Both are ``Cache-Control: private, no-store`` and ``Referrer-Policy:
no-referrer`` (the code is in the address).
"""

from datetime import date
from datetime import datetime
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import format_datetime
from municipality.policy.eservices import forms
from municipality.policy.eservices import status
from municipality.policy.eservices import tracking
from municipality.policy.eservices.browser.forms import CODE_PARAM
from municipality.policy.eservices.services import MSG_NOT_FOUND
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode


class StatusBase(BrowserView):
    def code(self):
        value = self.request.form.get(CODE_PARAM)
        return value.strip() if isinstance(value, str) else ""

    def status_url(self, code=None):
        url = f"{api.portal.get().absolute_url()}/@@asiointi-tila"
        return url + ("?" + urlencode({CODE_PARAM: code}) if code else "")

    def forms_url(self):
        return f"{api.portal.get().absolute_url()}/@@asiointi"

    def not_found_message(self):
        return MSG_NOT_FOUND

    def shown(self):
        """The status as the page shows it, or None for a wrong code."""
        record = tracking.find(self.code())
        found = status.status(record, self.request) if record else None
        if found is None:
            return None
        due = found["due_date"]
        return {
            **found,
            "kind_title": forms.schema(found["kind"])["title"],
            "arrival_local": format_datetime(
                datetime.fromisoformat(found["arrival"]), self.request
            ),
            "due_local": format_date(date.fromisoformat(due)) if due else "",
            "code": self.code(),
            "status_link": self.status_url(self.code()),
        }

    def __call__(self):
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        self.result = self.shown() if self.code() else None
        if self.code() and self.result is None:
            response.setStatus(404)
        return self.index()


class ReceiptView(StatusBase):
    """``@@asiointi-kuitti``."""

    index = ViewPageTemplateFile("status_receipt.pt")


class StatusView(StatusBase):
    """``@@asiointi-tila``."""

    index = ViewPageTemplateFile("status_page.pt")
