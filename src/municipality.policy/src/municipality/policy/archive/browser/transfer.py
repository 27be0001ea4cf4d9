"""``<archive creator>/@@archival-transfer`` "Siirto arkistoon" (the chief
records officer): the closed permanent cases not yet transferred, with
checkboxes; "Muodosta siirtopaketti" builds the SÄHKE2 package
(``archive.sahke2_transfer.transfer``, all or nothing), writes it under
``package_dir()`` and redirects back to the page, which offers it for
download (``?download=<transfer id>``) and lists the earlier transfers."""

from municipality.policy import _
from municipality.policy.archive import sahke2
from municipality.policy.archive import sahke2_transfer
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.formatting import format_size
from municipality.policy.base.formatting import user_title
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.i18n import translate
from ZPublisher.Iterators import filestream_iterator
import transaction


#: who may transfer: the chief records officer (security.model
#: SITE_PERMISSIONS; the transition's guard also allows the archivist, who
#: does it on the chief records officer's order, not from this page)
TRANSFER_PERMISSION = "municipality.policy: Transfer to archive"
REQUIRED = ("contract", "name", "address", "phone", "email")
LABELS = {
    "contract": _("label_sahke2_contract", default="Transfer agreement number"),
    "name": _("label_sahke2_contact_name", default="Contact person"),
    "address": _("label_sahke2_contact_address", default="Postal address"),
    "phone": _("label_sahke2_contact_phone", default="Telephone"),
    "email": _("label_sahke2_contact_email", default="E-mail"),
}


def may_transfer(creator):
    if api.user.is_anonymous():
        return False
    return bool(api.user.has_permission(TRANSFER_PERMISSION, obj=creator))


class TransferView(BrowserView):
    errors = None
    problems = ()
    selected = ()

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("archival-transfer")
        if not may_transfer(self.context):
            raise Forbidden("archival-transfer")
        download = self.request.form.get("download")
        if download:
            return self.download(download)
        self.values = sahke2.contact(self.context)
        if self.request.method == "POST" and self.request.form.get("form.submitted"):
            CheckAuthenticator(self.request)
            result = self.submit()
            if result is not None:
                return result
        return self.index()

    # -------------------------------------------------------------- actions
    def submit(self):
        form = self.request.form
        self.values = {
            key: (form.get(key) or "").strip() if isinstance(form.get(key), str) else ""
            for key in REQUIRED
        }
        self.values["organisation"] = self.context.Title()
        uids = form.get("cases") or []
        if isinstance(uids, str):
            uids = [uids]
        self.selected = set(uids)
        self.errors = {
            key: _("msg_sahke2_required", default="Required.")
            for key in REQUIRED
            if not self.values[key]
        }
        by_uid = {
            case.UID(): case for case in sahke2_transfer.transferable(self.context)
        }
        cases = [by_uid[uid] for uid in uids if uid in by_uid]
        if not uids or len(cases) != len(uids):
            self.errors["cases"] = _(
                "msg_sahke2_choose_cases",
                default="Choose one or more of the cases listed.",
            )
        if self.errors:
            self.request.response.setStatus(400)
            return None
        savepoint = transaction.savepoint()
        try:
            record = sahke2_transfer.transfer(self.context, cases, self.values)
        except sahke2.TransferInvalid as error:
            savepoint.rollback()
            self.problems = error.problems
            self.request.response.setStatus(400)
            return None
        IStatusMessage(self.request).add(
            translate(
                _(
                    "msg_sahke2_transfer_done",
                    default="Transfer package ${id} built: ${cases} cases, ${files} "
                    "files. The cases are now transferred.",
                    mapping={
                        "id": record["id"],
                        "cases": len(record["cases"]),
                        "files": record["files"],
                    },
                ),
                context=self.request,
            ),
            "info",
        )
        url = f"{self.context.absolute_url()}/@@archival-transfer?siirto={record['id']}"
        self.request.response.redirect(url)
        return ""

    def download(self, transfer_id):
        record = sahke2_transfer.find_transfer(self.context, transfer_id)
        path = sahke2_transfer.package_path(record) if record else None
        if path is None:
            raise NotFound(transfer_id)
        response = self.request.response
        response.setHeader("Content-Type", "application/x-tar")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{record["filename"]}"'
        )
        response.setHeader("Content-Length", str(path.stat().st_size))
        response.setHeader("Cache-Control", "private, no-store")
        return filestream_iterator(str(path), "rb")

    # -------------------------------------------------------------- for the page
    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()

    def cases(self):
        rows = []
        for case in sahke2_transfer.transferable(self.context):
            closed = sahke2.closed_date(case)
            rows.append(
                {
                    "uid": case.UID(),
                    "number": case.diary_number,
                    "title": case.Title(),
                    "url": case.absolute_url(),
                    "task_class": case.task_class,
                    "closed": format_datetime(closed, self.request, with_time=False)
                    if closed
                    else "",
                    "checked": case.UID() in self.selected,
                }
            )
        return rows

    def label(self, key):
        return LABELS[key]

    def fields(self):
        return [
            {
                "key": key,
                "label": LABELS[key],
                "value": self.values.get(key, ""),
                "error": (self.errors or {}).get(key),
                "type": "email"
                if key == "email"
                else "tel"
                if key == "phone"
                else "text",
                "autocomplete": {
                    "name": "name",
                    "email": "email",
                    "phone": "tel",
                    "address": "street-address",
                }.get(key, "off"),
            }
            for key in REQUIRED
        ]

    def cases_error(self):
        return (self.errors or {}).get("cases")

    def has_errors(self):
        return bool(self.errors) or bool(self.problems)

    def problem_rows(self):
        return [
            {"case": p.case, "field": p.field, "message": p.text(self.request)}
            for p in self.problems
        ]

    def transfers(self):
        rows = []
        for record in sahke2_transfer.transfers(self.context):
            rows.append(
                {
                    "id": record["id"],
                    "date": format_datetime(record["date"], self.request),
                    "agent": user_title(record.get("agent")),
                    "cases": ", ".join(record["cases"]),
                    "count": len(record["cases"]),
                    "files": record["files"],
                    "size": format_size(record["size"]),
                    "sha256": record["sha256"],
                    "url": f"{self.context.absolute_url()}/@@archival-transfer"
                    f"?download={record['id']}"
                    if sahke2_transfer.package_path(record)
                    else None,
                    "current": record["id"] == self.request.form.get("siirto"),
                }
            )
        return rows
