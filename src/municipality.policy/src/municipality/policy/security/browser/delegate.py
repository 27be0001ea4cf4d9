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
import re
import transaction


role_title = grants.role_title  # the role's title in the reader's language


def principal_title(principal_id, request=None):
    """A user's full name or a group's title (the id when it has none); with
    ``request``, role ids in a group's title (groups named after their role,
    "Valmistelija (Sivistys): Preparer") read as the role's title."""
    user = api.user.get(userid=principal_id)
    if user is not None:
        return user.getProperty("fullname") or principal_id
    group = api.group.get(groupname=principal_id)
    if group is None:
        return principal_id
    title = group.getProperty("title") or principal_id
    if request is not None:
        for role in ROLES:
            title = re.sub(rf"\b{role.id}\b", role_title(role.id, request), title)
    return title


class DelegateView(BrowserView):
    """List the active grants; grant (POST ``grant``, only the roles this user
    may grant are offered) and revoke: ``?confirm=<grant id>`` asks for the
    reason, the POST ``revoke`` with ``grant_id`` and ``reason`` does it."""

    errors = None

    def __call__(self):
        self.errors = {}
        form = self.request.form
        if self.request.method == "POST" and ("grant" in form or "revoke" in form):
            CheckAuthenticator(self.request)
            self.handle(form)
            if self.errors:
                self.request.response.setStatus(400)
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

    def grantable(self):
        """The roles this user may grant here (memoized for the request)."""
        if getattr(self, "_grantable", None) is None:
            self._grantable = delegation.grantable_roles(self.context)
        return self._grantable

    def roles(self):
        """The roles the form offers: only those this user may grant here."""
        selected = self.request.form.get("role")
        return [
            {
                "id": role.id,
                "title": role_title(role.id, self.request),
                "selected": role.id == selected,
            }
            for role in ROLES
            if role.id in self.grantable()
        ]

    def confirming(self):
        """The grant to confirm the revoke of (``?confirm=<grant id>``, or the
        revoke just refused for its input), or None."""
        form = self.request.form
        grant_id = form.get("confirm") or (
            form.get("grant_id") if "revoke" in form and self.errors else None
        )
        if not grant_id:
            return None
        for item in self.items():
            if item["id"] == grant_id and item["revocable"]:
                return item
        return None

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
                    "role_id": record["role"],
                    "principal_title": principal_title(
                        record["principal"], self.request
                    ),
                    "revocable": record["role"] in self.grantable(),
                    "confirm_url": (
                        f"{self.context.absolute_url()}/@@delegate-roles"
                        f"?confirm={record['id']}#revoke-confirm"
                    ),
                }
            )
        return rows
