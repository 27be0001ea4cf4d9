"""The document view: metadata, download, checksum, versions."""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.formatting import format_size
from municipality.policy.documents.registration import hash_history
from municipality.policy.documents.registration import is_records_officer
from municipality.policy.documents.registration import is_registered
from municipality.policy.documents.vocabularies import directions
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.documents.vocabularies import term_title
from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


class DocumentView(BrowserView):
    """Case document (asiakirja) view."""

    def tr(self, msg):
        return translate(msg, context=self.request)

    def _named(self, name, value):
        if not value:
            return ""
        factory = queryUtility(IVocabularyFactory, name)
        if factory is None:
            return value
        try:
            return factory(self.context).getTerm(value).title or value
        except LookupError:
            return value

    def state_title(self):
        state = api.content.get_state(self.context, default="")
        wftool = api.portal.get_tool("portal_workflow")
        title = wftool.getTitleForStateOnType(state, self.context.portal_type)
        return self.tr(_(title)) if title else state

    def metadata(self):
        doc = self.context
        rows = [
            (
                _("label_document_record_type", default="Record type"),
                term_title(record_types, doc.record_type, doc),
            ),
            (
                _("label_document_direction", default="Direction"),
                term_title(directions, doc.direction, doc),
            ),
            (_("label_document_status", default="Status"), self.state_title()),
            (
                _("label_document_registration_date", default="Registration date"),
                format_date(doc.registration_date),
            ),
            (
                _("label_document_correspondent", default="Sender or recipient"),
                doc.correspondent,
            ),
            (
                _("label_document_publicity_class", default="Publicity class"),
                self._named(
                    "municipality.PublicityClasses",
                    getattr(doc, "publicity_class", None),
                ),
            ),
            (
                _("label_document_security_reasons", default="Security reasons"),
                ", ".join(
                    self._named("municipality.SecurityReasons", reason)
                    for reason in (getattr(doc, "security_reasons", None) or ())
                ),
            ),
            (
                _("label_document_secrecy_period", default="Secrecy period (years)"),
                getattr(doc, "secrecy_period", None),
            ),
        ]
        return [(self.tr(label), value) for label, value in rows if value]

    def file_info(self, name="file"):
        namedfile = getattr(self.context, name, None)
        if namedfile is None:
            return None
        return {
            "url": f"{self.context.absolute_url()}/@@download/{name}",
            "filename": namedfile.filename or name,
            "size": format_size(namedfile.getSize()),
            "content_type": namedfile.contentType,
        }

    def registered(self):
        return is_registered(self.context)

    def can_add_version(self):
        return (
            self.registered()
            and is_records_officer(self.context)
            and (api.user.has_permission("Modify portal content", obj=self.context))
        )

    def can_see_versions(self):
        return api.user.has_permission(
            "CMFEditions: Access previous versions", obj=self.context
        )

    def versions(self):
        """Versions with their checksum, newest first."""
        if not self.can_see_versions():
            return []
        rows = []
        for item in hash_history(self.context):
            rows.append(
                {
                    "version": item["version"],
                    "number": (item["version"] or 0) + 1,
                    "sha256": item["sha256"],
                    "date": format_date(item["date"].astimezone()),
                    "iso": item["date"].isoformat(),
                    "agent": item["agent"] or "",
                }
            )
        return list(reversed(rows))
