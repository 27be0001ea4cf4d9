"""Pages of disposal lists: the list (``view``: rows, scope, state, who
checked and approved when, the transitions the user may do, the execution
report), its POST actions (``@@disposal-action``: remove a row with a reason,
redraw, a transition) and, on an archive creator, the listing of its lists
(``@@disposal-lists``) with the form drawing a new one (``@@new-disposal-list``)."""

from datetime import date
from datetime import datetime
from municipality.policy import _
from municipality.policy.archive import disposal
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.dates import reader_language
from municipality.policy.base.dates import today
from municipality.policy.base.formatting import user_title
from municipality.policy.classification.lookup import class_title
from municipality.policy.classification.lookup import task_class
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.meetings import pdf
from municipality.policy.meetings.browser.pdfviews import send_pdf
from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.i18n import translate


STATE_TITLES = {
    "draft": _("label_disposal_state_draft", default="Draft"),
    "checked": _("label_disposal_state_checked", default="Checked"),
    "approved": _("label_disposal_state_approved", default="Approved"),
    "executed": _("label_disposal_state_executed", default="Executed"),
}
TRANSITION_TITLES = {
    "check": _("label_disposal_check", default="Mark as checked"),
    "approve": _("label_disposal_approve", default="Approve"),
    "execute": _("label_disposal_execute", default="Execute the disposal"),
    "return": _("label_disposal_return", default="Return to draft"),
}
#: the transitions in the order the buttons are shown
TRANSITIONS = ("check", "approve", "execute", "return")


def _tr(message, request):
    return translate(message, context=request)


def class_label(code, context, request):
    """The task class's title in the reader's language ("" when unknown)."""
    found = task_class(code, context)
    return class_title(found, request) if found is not None else ""


def sector_title(creator, sector_id):
    sector = creator.get(sector_id) if sector_id and creator is not None else None
    return sector.Title() if sector is not None else (sector_id or "")


class DisposalListView(BrowserView):
    def state(self):
        return disposal.state(self.context)

    def state_title(self):
        return _tr(STATE_TITLES.get(self.state(), self.state()), self.request)

    def creator(self):
        return disposal.archive_creator_of(self.context)

    def scope(self):
        """``{"sector", "classes"}`` as the reader reads them (empty: all)."""
        context = self.context
        classes = [
            f"{code} {class_label(code, context, self.request)}".strip()
            for code in (context.task_classes or [])
        ]
        return {
            "sector": sector_title(self.creator(), context.sub_archive_creator),
            "classes": ", ".join(classes),
        }

    def all_label(self):
        return _tr(_("label_disposal_all", default="All"), self.request)

    def _class_label(self, code):
        cache = self.__dict__.setdefault("_classes", {})
        if code not in cache:
            cache[code] = class_label(code, self.context, self.request)
        return cache[code]

    def when(self, value):
        return format_datetime(value, self.request) if value else ""

    def people(self):
        """Who drew, checked, approved and executed the list, and when."""
        context = self.context
        rows = []
        for label, user, at in (
            (
                _("label_disposal_drawn_by", default="Drawn by"),
                context.drawn_by,
                format_date(context.drawn_on) if context.drawn_on else "",
            ),
            (
                _("label_disposal_checked_by", default="Checked by"),
                context.checked_by,
                self.when(context.checked_at),
            ),
            (
                _("label_disposal_approved_by", default="Approved by"),
                context.approved_by,
                self.when(context.approved_at),
            ),
            (
                _("label_disposal_executed_by", default="Executed by"),
                context.executed_by,
                self.when(context.executed_at),
            ),
        ):
            if user:
                rows.append(
                    {
                        "label": _tr(label, self.request),
                        "user": user_title(user),
                        "at": at,
                    }
                )
        return rows

    def _row(self, row):
        end = row.get("retention_end")
        period = row.get("retention_period")
        return {
            **row,
            "end": format_date(date.fromisoformat(end)) if end else "",
            "period": "" if period is None else str(period),
            "class_title": self._class_label(row.get("task_class")),
            "sha": ", ".join(value[:12] for value in row.get("sha256") or ()),
            "removed_by_name": user_title(row.get("removed_by")),
        }

    def rows(self):
        return [self._row(row) for row in self.context.included_rows()]

    def removed(self):
        return [self._row(row) for row in self.context.removed_rows()]

    def may_edit(self):
        return self.state() == "draft" and bool(
            api.user.has_permission("Modify portal content", obj=self.context)
        )

    def transitions(self):
        """The transitions the user may do now: ``[{"id", "title"}]``."""
        wftool = api.portal.get_tool("portal_workflow")
        allowed = {t["id"] for t in wftool.getTransitionsFor(self.context)}
        return [
            {"id": tid, "title": _tr(TRANSITION_TITLES[tid], self.request)}
            for tid in TRANSITIONS
            if tid in allowed
        ]

    def report(self):
        report = self.context.report or {}
        if not report:
            return None
        reasons = disposal.REASONS
        return {
            "date": self.when(_parse(report.get("date"))),
            "disposed": [
                {
                    "diary_number": row["diary_number"],
                    "documents": row.get("documents") or [],
                }
                for row in report.get("disposed", ())
            ],
            "skipped": [
                {
                    "diary_number": row["diary_number"],
                    "reason": _tr(
                        reasons.get(row["reason"], row["reason"]), self.request
                    ),
                }
                for row in report.get("skipped", ())
            ],
        }

    def history(self):
        """The list's transitions (who, when, comment), oldest first."""
        wftool = api.portal.get_tool("portal_workflow")
        rows = []
        for entry in wftool.getInfoFor(self.context, "review_history", []) or []:
            action = entry.get("action")
            if not action:
                continue
            rows.append(
                {
                    "action": _tr(TRANSITION_TITLES.get(action, action), self.request),
                    "actor": user_title(entry.get("actor")),
                    "date": format_datetime(
                        entry.get("time").asdatetime(), self.request
                    )
                    if entry.get("time") is not None
                    else "",
                    "comment": entry.get("comments") or "",
                }
            )
        return rows


def _parse(value):
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _act(context, request, action, form):
    """Do ``action`` on the list; a status message; the redirect."""
    url = context.absolute_url()
    try:
        if action in ("remove", "redraw"):
            if not api.user.has_permission("Modify portal content", obj=context):
                raise Unauthorized("disposal list")
            if action == "remove":
                disposal.remove_row(context, form.get("uid", ""), form.get("reason"))
                message = _(
                    "msg_disposal_row_removed",
                    default="The case was taken off the list.",
                )
            else:
                count = disposal.draw(context)
                message = _(
                    "msg_disposal_drawn",
                    default="${count} cases drawn.",
                    mapping={"count": count},
                )
        elif action in TRANSITIONS:
            wftool = api.portal.get_tool("portal_workflow")
            allowed = {t["id"] for t in wftool.getTransitionsFor(context)}
            if action not in allowed:
                raise Unauthorized("disposal transition")
            wftool.doActionFor(
                context, action, comment=(form.get("comment") or "").strip()
            )
            new = disposal.state(context)
            message = _(
                "msg_disposal_state_now",
                default="The list is now: ${state}.",
                mapping={"state": _tr(STATE_TITLES.get(new, new), request)},
            )
        else:
            raise Forbidden("unknown action")
    except ValueError as error:
        api.portal.show_message(_tr(error.args[1], request), request, type="error")
    except WorkflowException as error:
        api.portal.show_message(str(error), request, type="error")
    except Forbidden as error:
        api.portal.show_message(
            _tr(getattr(error, "message", str(error)), request),
            request,
            type="error",
        )
    else:
        api.portal.show_message(_tr(message, request), request)
    request.response.redirect(url)
    return ""


class DisposalAction(BrowserView):
    """POST: ``action`` = ``remove`` (``uid``, ``reason``), ``redraw`` or a
    transition id (``comment``)."""

    def __call__(self):
        request = self.request
        if request.method != "POST":
            request.response.redirect(self.context.absolute_url())
            return ""
        CheckAuthenticator(request)
        return _act(self.context, request, request.form.get("action", ""), request.form)


class DisposalStatusModify(BrowserView):
    """The toolbar's state menu on a list: the same transitions, with the
    refusals (re-verification, execution) shown as messages."""

    def __call__(self, workflow_action=None, *args, **kwargs):
        request = self.request
        CheckAuthenticator(request)
        action = workflow_action or request.form.get("workflow_action", "")
        if action not in TRANSITIONS:
            raise Forbidden("unknown action")
        return _act(self.context, request, action, request.form)


class DisposalListsView(BrowserView):
    """The disposal lists of an archive creator the user may view; the form
    drawing a new one for those who may add."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("disposal lists")
        return super().__call__()

    def lists(self):
        brains = api.content.find(
            context=self.context,
            portal_type=disposal.TYPE,
            sort_on="created",
            sort_order="descending",
        )
        rows = []
        for brain in brains:
            obj = brain.getObject()
            rows.append(
                {
                    "url": brain.getURL(),
                    "title": brain.Title,
                    "state": _tr(
                        STATE_TITLES.get(brain.review_state, brain.review_state),
                        self.request,
                    ),
                    "sector": sector_title(self.context, obj.sub_archive_creator),
                    "count": len(obj.included_rows()),
                    "created": format_datetime(
                        brain.created.asdatetime(), self.request
                    ),
                }
            )
        return rows

    def may_add(self):
        return bool(
            api.user.has_permission(
                "municipality.policy: Add DisposalList", obj=self.context
            )
        )

    def sectors(self):
        return [
            {"id": obj.getId(), "title": obj.Title()}
            for obj in self.context.objectValues()
            if ISubArchiveCreator.providedBy(obj)
        ]


class NewDisposalList(BrowserView):
    """POST: a new list drawn from the expired cases (``title``,
    ``sub_archive_creator``, ``task_classes`` comma-separated)."""

    def __call__(self):
        request, context = self.request, self.context
        if request.method != "POST":
            request.response.redirect(f"{context.absolute_url()}/@@disposal-lists")
            return ""
        CheckAuthenticator(request)
        try:
            fields = validate(context, request.form)
        except ValueError as error:
            api.portal.show_message(_tr(error.args[1], request), request, type="error")
            request.response.redirect(f"{context.absolute_url()}/@@disposal-lists")
            return ""
        dlist = disposal.create(context, **fields)
        api.portal.show_message(
            _tr(
                _(
                    "msg_disposal_drawn",
                    default="${count} cases drawn.",
                    mapping={"count": len(dlist.included_rows())},
                ),
                request,
            ),
            request,
        )
        request.response.redirect(dlist.absolute_url())
        return ""


MSG_TITLE = _("msg_disposal_title_required", default="Give the list a title.")
MSG_SECTOR = _("msg_disposal_unknown_sector", default="Unknown sub-archive creator.")
MSG_CLASS = _("msg_disposal_bad_class", default="A task class code is not valid.")
MSG_ON = _(
    "msg_disposal_bad_date",
    default="Give the date as YYYY-MM-DD, today or earlier.",
)


def validate(creator, data):
    """The fields of a new list from form or JSON ``data``; ValueError
    ``(field, message)`` naming the first bad field."""
    title = data.get("title")
    title = title.strip() if isinstance(title, str) else ""
    if not title:
        raise ValueError("title", MSG_TITLE)
    sector = data.get("sub_archive_creator") or None
    if sector is not None and (
        not isinstance(sector, str)
        or not ISubArchiveCreator.providedBy(creator.get(sector))
    ):
        raise ValueError("sub_archive_creator", MSG_SECTOR)
    classes = data.get("task_classes") or []
    if isinstance(classes, str):
        classes = [c.strip() for c in classes.split(",")]
    if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
        raise ValueError("task_classes", MSG_CLASS)
    classes = [c.strip() for c in classes if c.strip()]
    for code in classes:
        parts = code.split(".")
        if not all(part.isdigit() and len(part) == 2 for part in parts):
            raise ValueError("task_classes", MSG_CLASS)
    on = data.get("on") or None
    if on is not None:
        try:
            on = date.fromisoformat(on) if isinstance(on, str) else None
        except ValueError:
            on = None
        if on is None or on > today():
            raise ValueError("on", MSG_ON)
    return {
        "title": title,
        "sub_archive_creator": sector,
        "task_classes": classes,
        "on": on,
    }


class DisposalListPDF(DisposalListView):
    """``@@disposal-list.pdf``: the list, its approvals and its report as a
    PDF/A-2a (``meetings.pdf.to_pdfa``, WeasyPrint), for the archive."""

    document = ViewPageTemplateFile("disposal_document.pt")

    def lang(self):
        return reader_language(self.request)

    def creator_title(self):
        creator = self.creator()
        return creator.Title() if creator is not None else ""

    def __call__(self):
        data = pdf.to_pdfa(self.document(), base_url=self.context.absolute_url())
        return send_pdf(self.request, data, f"{self.context.getId()}.pdf", True)
