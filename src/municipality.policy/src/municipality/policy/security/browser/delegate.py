"""Form "Roolien delegointi": grant and revoke roles on a place, with causes."""

from municipality.policy import _
from municipality.policy.security import delegation
from municipality.policy.security import grants
from municipality.policy.security.model import ROLES
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
import transaction


role_title = grants.role_title  # the role's title in the reader's language


class DelegateView(BrowserView):
    """List the active grants; grant (POST ``grant``) and revoke (``revoke``)."""

    errors = None

    def __call__(self):
        self.errors = {}
        form = self.request.form
        if self.request.method == "POST" and ("grant" in form or "revoke" in form):
            CheckAuthenticator(self.request)
            self.handle(form)
        return self.index()

    def handle(self, form):
        try:
            if "grant" in form:
                delegation.grant(
                    self.context,
                    (form.get("principal") or "").strip(),
                    form.get("role") or "",
                    reason=form.get("reason", ""),
                )
                message = _("msg_role_granted", default="Role granted.")
            else:
                delegation.revoke(
                    self.context,
                    form.get("grant_id") or "",
                    reason=form.get("reason", ""),
                )
                message = _("msg_role_revoked", default="Role revoked.")
        except grants.GrantError as exc:
            transaction.doom()
            self.errors[exc.field] = translate(exc.message, context=self.request)
            return
        except delegation.Refused as exc:
            transaction.doom()
            self.errors["form"] = translate(exc.message, context=self.request)
            return
        IStatusMessage(self.request).add(message, type="info")

    def roles(self):
        return [
            {"id": role.id, "title": role_title(role.id, self.request)}
            for role in ROLES
        ]

    def items(self):
        rows = []
        for record in grants.grants(self.context):
            rows.append(
                {
                    "id": record["id"],
                    "principal": record["principal"],
                    "role": role_title(record["role"], self.request),
                    "cause": translate(
                        grants.CAUSES[record["cause"]], context=self.request
                    ),
                    "reason": record["reason"],
                    "granted_by": record["granted_by"] or "",
                    "granted": api.portal.get_localized_time(
                        record["granted"], long_format=True
                    ),
                }
            )
        return rows
