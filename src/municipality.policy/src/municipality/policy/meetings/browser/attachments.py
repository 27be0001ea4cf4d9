"""``@@item-attachments``: the preparer chooses the item's attachments.

The attachments are the case's registered documents; each is public or not,
and a non-public one names its ground (the document's own grounds by
default). Everything is checked before anything is written.
"""

from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.meetings.agenda import ground_titles
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate


def case_documents(item):
    """The registered documents of the item's case, in the case's order."""
    case = parent_case(item)
    if case is None:
        return []
    return [
        doc
        for doc in case.objectValues()
        if ICaseDocument.providedBy(doc)
        and api.content.get_state(obj=doc, default=None) == "registered"
    ]


def chosen_rows(item, form):
    """The ``attachments`` rows the form asks for, or ``(None, error)``."""
    documents = {doc.UID(): doc for doc in case_documents(item)}
    rows = []
    for uid in (
        form.get("attach", [])
        if isinstance(form.get("attach"), list)
        else [form.get("attach")]
    ):
        if not uid:
            continue
        if uid not in documents:
            return None, _(
                "msg_attachment_not_in_case",
                default="An attachment must be a registered document of the case.",
            )
        public = form.get(f"public.{uid}") == "1"
        ground = (form.get(f"ground.{uid}") or "").strip()
        if not public and not ground:
            return None, _(
                "msg_attachment_ground_required",
                default="Give the ground of secrecy of the non-public attachment "
                "${title}.",
                mapping={"title": documents[uid].Title()},
            )
        rows.append(
            {"uid": uid, "public": public, "ground": None if public else ground}
        )
    return rows, None


class AttachmentsForm(BrowserView):
    """Choose which case documents go with the item, public or not."""

    def __call__(self):
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            rows, error = chosen_rows(self.context, self.request.form)
            if error is not None:
                self.error = translate(error, context=self.request)
                self.request.response.setStatus(400)
            else:
                self.context.attachments = rows
                self.context.reindexObject()
                IStatusMessage(self.request).add(
                    _("msg_attachments_saved", default="Attachments saved."), "info"
                )
                self.request.response.redirect(self.context.absolute_url())
                return ""
        return self.index()

    def rows(self):
        current = {row.get("uid"): row for row in self.context.attachments or ()}
        found = []
        for doc in case_documents(self.context):
            uid = doc.UID()
            row = current.get(uid)
            public_doc = getattr(doc, "publicity_class", None) == "public"
            found.append(
                {
                    "uid": uid,
                    "title": doc.Title(),
                    "record_type": getattr(doc, "record_type", "") or "",
                    "chosen": row is not None,
                    "public": row.get("public") if row else public_doc,
                    "ground": (row or {}).get("ground")
                    or ", ".join(ground_titles(doc, self.request)),
                }
            )
        return found
