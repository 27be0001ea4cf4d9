"""View "Luokan oletukset muuttuneet": cases whose restriction or retention
differs from their task class's current defaults, and applying the defaults."""

from municipality.policy import _
from municipality.policy.cases import restrictionlog
from municipality.policy.classification import inheritance
from municipality.policy.classification.behaviors import IRestriction
from municipality.policy.classification.behaviors import IRetention
from municipality.policy.classification.browser.views import LABELS
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
from zope.lifecycleevent import modified


def _names(obj):
    names = ()
    if IRestriction.providedBy(obj):
        names += inheritance.RESTRICTION_FIELDS
    if IRetention.providedBy(obj):
        names += inheritance.RETENTION_FIELDS
    return names


def differing_cases(task_class):
    """``[(case, {name: (current, default)})]`` of the class's cases that differ."""
    result = []
    for brain in api.content.find(portal_type="Case", task_class=task_class.code):
        case = brain.getObject()
        diff = inheritance.differences(case, _names(case))
        if diff:
            result.append((case, diff))
    return result


def apply_defaults(task_class):
    """Give the differing cases the class's current values; returns how many."""
    count = 0
    for case, diff in differing_cases(task_class):
        if not api.user.has_permission("Modify portal content", obj=case):
            continue
        for name, (_current, default) in diff.items():
            setattr(
                case,
                name,
                list(default) if isinstance(default, (list, tuple)) else default,
            )
        restrictionlog.record(  # a message: translated when read
            case,
            reason=_(
                "msg_class_defaults_reason", default="Task class defaults applied."
            ),
        )
        modified(case)
        count += 1
    return count


class ClassDefaultsView(BrowserView):
    """Counts the cases that differ and lets a records manager apply the defaults."""

    def __call__(self):
        if self.request.method == "POST" and self.request.form.get("apply"):
            CheckAuthenticator(self.request)
            count = apply_defaults(self.context)
            IStatusMessage(self.request).add(
                _(
                    "msg_class_defaults_applied",
                    default="Class defaults applied to ${count} cases.",
                    mapping={"count": count},
                ),
                type="info",
            )
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@class-defaults"
            )
            return ""
        return self.index()

    def cases(self):
        return [
            {
                "title": case.Title(),
                "url": case.absolute_url(),
                "diary_number": getattr(case, "diary_number", "") or "",
                "fields": ", ".join(
                    translate(LABELS[name], context=self.request)
                    for name in inheritance.FIELDS
                    if name in diff
                ),
            }
            for case, diff in differing_cases(self.context)
        ]
