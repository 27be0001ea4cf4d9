"""The case view: metadata, handling-phase timeline, documents, related cases."""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.cases import phaselog
from municipality.policy.cases import taskclass
from municipality.policy.cases.content import PARTIES_READ_PERMISSION_TITLE
from municipality.policy.cases.vocabularies import sub_archive_creators
from municipality.policy.cases.vocabularies import task_classes
from municipality.policy.interfaces import ICaseDocument
from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


def term_title(vocabulary_name, value, context, source=None):
    """The title of ``value`` in a (named) vocabulary, or the value itself."""
    if not value:
        return ""
    vocabulary = None
    if source is not None:
        vocabulary = source(context)
    else:
        factory = queryUtility(IVocabularyFactory, vocabulary_name)
        vocabulary = factory(context) if factory is not None else None
    try:
        return vocabulary.getTerm(value).title or value
    except (AttributeError, LookupError):
        return value


user_title = phaselog.user_title


class CaseView(BrowserView):
    """Case (asia) view."""

    def tr(self, msg):
        return translate(msg, context=self.request)

    def state_title(self, obj=None):
        obj = obj or self.context
        state = api.content.get_state(obj, default="")
        wftool = api.portal.get_tool("portal_workflow")
        title = wftool.getTitleForStateOnType(state, obj.portal_type) if state else ""
        return self.tr(_(title)) if title else state

    def metadata(self):
        """Rows ``(label, value)`` of the case's metadata; empty ones left out."""
        case = self.context
        rows = [
            (_("label_diary_number", default="Diary number"), case.diary_number),
            (_("label_case_title", default="Title"), case.Title()),
            (_("label_case_public_title", default="Public title"), case.public_title),
            (
                _("label_case_task_class", default="Task class"),
                term_title(None, case.task_class, case, task_classes),
            ),
            (
                _(
                    "label_case_diary_task_class",
                    default="Diary number given under task class",
                ),
                self.diary_task_class(),
            ),
            (_("label_case_status", default="Status"), self.state_title()),
            (
                _("label_case_initiated", default="Initiated"),
                format_date(case.initiated),
            ),
            (_("label_case_preparer", default="Preparer"), user_title(case.preparer)),
            (
                _("label_case_presenter", default="Presenter"),
                user_title(case.presenter),
            ),
            (
                _("label_case_deciding_body", default="Deciding body"),
                term_title(None, case.deciding_body, case, sub_archive_creators),
            ),
            (
                _("label_case_sub_archive_creator", default="Sub-archive creator"),
                term_title(None, case.sub_archive_creator, case, sub_archive_creators),
            ),
            (
                _("label_case_publicity_class", default="Publicity class"),
                term_title(
                    "municipality.PublicityClasses",
                    getattr(case, "publicity_class", None),
                    case,
                ),
            ),
            (_("label_case_parties", default="Parties"), self.parties()),
            (_("label_case_subjects", default="Subjects"), ", ".join(case.Subject())),
        ]
        return [(label, value) for label, value in rows if value]

    def parties(self):
        """The parties, for those who may read them (never the public)."""
        if not api.user.has_permission(PARTIES_READ_PERMISSION_TITLE, obj=self.context):
            return ""
        return ", ".join(self.context.parties or ())

    def diary_task_class(self):
        """The class the diary number was given under, when the case has
        since been moved to another one (else empty: nothing to tell)."""
        registered = taskclass.registered_class(self.context)
        if not registered or registered == self.context.task_class:
            return ""
        return taskclass.class_title(registered, self.context)

    def phases(self):
        """The log entries this reader may see, in their language and
        Helsinki time (``phaselog.render``): the public its public part,
        those handling the case everything, with names."""
        return phaselog.rendered_entries(self.context, self.request)

    def documents(self):
        docs = []
        for doc in self.context.contentValues():
            if not ICaseDocument.providedBy(doc):
                continue
            docs.append(
                {
                    "title": doc.Title(),
                    "url": doc.absolute_url(),
                    "record_type": term_title(
                        "municipality.RecordTypes",
                        getattr(doc, "record_type", None),
                        doc,
                    ),
                    "direction": term_title(
                        "municipality.Directions", getattr(doc, "direction", None), doc
                    ),
                    "date": format_date(getattr(doc, "registration_date", None)),
                    "state": self.state_title(doc),
                }
            )
        return docs

    def related(self):
        uids = list(self.context.related_cases or ())
        if not uids:
            return []
        return [
            {"url": brain.getURL(), "number": brain.diary_number, "title": brain.Title}
            for brain in api.content.find(UID=uids, portal_type="Case")
        ]

    def can_add_phase(self):
        return api.user.has_permission("Modify portal content", obj=self.context)
