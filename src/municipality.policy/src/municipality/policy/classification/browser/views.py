"""Plan view (the class tree), task-class view and the JHS 191 export download."""

from html import escape
from municipality.policy import _
from municipality.policy.classification import exporter
from municipality.policy.classification import lookup
from municipality.policy.classification.inheritance import FIELDS
from municipality.policy.interfaces import ITaskClass
from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


VOCABULARIES = {
    "publicity_class": "municipality.PublicityClasses",
    "security_reasons": "municipality.SecurityReasons",
    "secrecy_period": "municipality.SecrecyPeriods",
    "personal_data": "municipality.PersonalDataClasses",
    "protection_level": "municipality.ProtectionLevels",
    "retention_period": "municipality.RetentionPeriods",
    "retention_start_rule": "municipality.RetentionStartRules",
    "record_type": "municipality.RecordTypes",
    "action_class": "municipality.ActionClasses",
}
LABELS = {
    "publicity_class": _("label_publicity_class", default="Publicity class"),
    "security_reasons": _("label_security_reasons", default="Grounds for secrecy"),
    "secrecy_period": _("label_secrecy_period", default="Secrecy period"),
    "personal_data": _("label_personal_data", default="Personal data"),
    "protection_level": _("label_protection_level", default="Protection level"),
    "retention_period": _("label_retention_period", default="Retention period"),
    "retention_reason": _(
        "label_retention_reason", default="Basis of the retention period"
    ),
    "retention_start_rule": _(
        "label_retention_start_rule", default="Retention counted from"
    ),
}


def display(name, value, request):
    """A stored value as the user reads it (translated vocabulary titles)."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(display(name, item, request) for item in value)
    factory = queryUtility(IVocabularyFactory, VOCABULARIES.get(name, ""))
    if factory is None:
        return str(value)
    try:
        return translate(factory(None).getTerm(value).title, context=request)
    except LookupError:
        return str(value)


class PlanView(BrowserView):
    """The task classes of the plan as a tree with their codes."""

    def tree(self):
        def branch(container):
            return [
                {
                    "code": child.code or child.getId(),
                    "title": lookup.class_title(child, self.request),
                    "url": child.absolute_url(),
                    "children": branch(child),
                }
                for child in container.objectValues()
                if ITaskClass.providedBy(child)
            ]

        return sorted(branch(self.context), key=lambda item: item["code"])

    def can_import(self):
        return api.user.has_permission("Add portal content", obj=self.context)


class TaskClassView(BrowserView):
    """A task class: its handling-process metadata and record types."""

    def metadata(self):
        rows = [
            (_("label_task_class_code", default="Code"), self.context.code),
            (
                _("label_task_class_title_sv", default="Title in Swedish"),
                self.context.title_sv,
            ),
            (_("label_valid_from", default="Valid from"), self.context.valid_from),
            (_("label_valid_until", default="Valid until"), self.context.valid_until),
            (
                _("label_process_owner", default="Process owner"),
                self.context.process_owner,
            ),
        ]
        for name in FIELDS:
            rows.append(
                (
                    LABELS[name],
                    display(name, getattr(self.context, name, None), self.request),
                )
            )
        return [
            (translate(label, context=self.request), str(value))
            for label, value in rows
            if value not in (None, "")
        ]

    def record_types(self):
        rows = []
        for record in self.context.record_types or []:
            rows.append(
                {
                    "record_type": display(
                        "record_type", record.get("record_type"), self.request
                    ),
                    "specifier": record.get("specifier") or "",
                    "action_class": display(
                        "action_class", record.get("action_class"), self.request
                    ),
                    "publicity_class": display(
                        "publicity_class",
                        record.get("publicity_class") or self.context.publicity_class,
                        self.request,
                    ),
                    "retention_period": display(
                        "retention_period",
                        record.get("retention_period", self.context.retention_period),
                        self.request,
                    ),
                }
            )
        return rows

    def subclasses(self):
        return [
            {
                "code": child.code,
                "title": lookup.class_title(child, self.request),
                "url": child.absolute_url(),
            }
            for child in self.context.objectValues()
            if ITaskClass.providedBy(child)
        ]

    def can_manage(self):
        return api.user.has_permission("Modify portal content", obj=self.context)


class TitleView(BrowserView):
    """``@@title`` of a task class (the page's heading): its Swedish title in
    Swedish; a Finnish title shown on a Swedish page says so (``lang``)."""

    def __call__(self):
        title = lookup.class_title(self.context, self.request)
        if not title:
            return ""
        lang = ""
        if lookup.swedish(self.request) and title != self.context.title_sv:
            lang = ' lang="fi"'
        return f"<h1{lang}>{escape(title)}</h1>"


class ExportView(BrowserView):
    """Download the plan as JHS 191 XML."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/xml; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{self.context.getId()}.xml"'
        )
        return exporter.export_plan(self.context)
