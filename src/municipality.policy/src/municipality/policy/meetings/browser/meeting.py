"""The meeting page (kokous): facts, lawfulness, the agenda; for the
secretary the agenda's arrangement and convening; the add and edit forms."""

from municipality.policy import _
from municipality.policy.base.dates import format_datetime
from municipality.policy.base.formatting import user_title
from municipality.policy.documents.browser.forms import FieldErrors
from municipality.policy.meetings import agenda
from municipality.policy.meetings import lookup
from municipality.policy.meetings import minutes
from municipality.policy.meetings import publicversion
from plone import api
from plone.dexterity.browser import add
from plone.dexterity.browser import edit
from plone.z3cform.layout import wrap_form
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.component import queryMultiAdapter
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory
import transaction


#: views other parts add to a meeting, linked when they exist
#: view name, title, the meeting states it is offered in (None: all), the
#: permission it needs (None: whoever sees the meeting)
OTHER_VIEWS = (
    ("agenda.pdf", _("label_agenda_pdf", default="Agenda (PDF)"), None, None),
    (
        "minutes",
        _("label_minutes", default="Minutes"),
        ("held", "checking", "checked", "withdrawn"),
        None,
    ),
    (
        "minutes.pdf",
        _("label_minutes_pdf", default="Minutes (PDF)"),
        ("held", "checking", "checked", "withdrawn"),
        None,
    ),
    (
        "record-meeting",
        _("label_record_meeting", default="Record the meeting"),
        ("held",),
        "Modify portal content",
    ),
    (
        "positions",
        _("label_positions_link", default="Positions (closed procedure)"),
        ("convened", "held"),
        None,
    ),
)
HIDDEN_FIELDS = ("IBasic.title", "IBasic.description", "title", "description")


def term(vocabulary_name, value, context, request):
    """The translated title of ``value`` in a named vocabulary (or the value)."""
    if not value:
        return ""
    factory = queryUtility(IVocabularyFactory, vocabulary_name)
    try:
        title = factory(context).getTerm(value).title
    except (AttributeError, LookupError, TypeError):
        return value
    return translate(title, context=request)


def meeting_facts(meeting, request):
    """``(label, value)`` rows about a meeting, empty ones left out."""
    body = lookup.body_of(meeting)
    rows = [
        (_("label_body", default="Body"), body.Title() if body is not None else ""),
        (
            _("label_meeting_number", default="Meeting number"),
            f"{meeting.number}/{meeting.year}" if meeting.number else "",
        ),
        (_("label_meeting_start", default="Begins"), _dt(meeting.start, request)),
        (_("label_meeting_end", default="Ends"), _dt(meeting.end, request)),
        (_("label_meeting_place", default="Place"), meeting.place),
        (
            _("label_meeting_mode", default="Mode"),
            term("municipality.MeetingModes", meeting.mode, meeting, request),
        ),
    ]
    return [(label, value) for label, value in rows if value]


def _dt(value, request):
    return format_datetime(value, request) if value else ""


class MeetingView(BrowserView):
    """Meeting default view."""

    def tr(self, msg):
        return translate(msg, context=self.request)

    def facts(self):
        return meeting_facts(self.context, self.request)

    def body(self):
        return lookup.body_of(self.context)

    def stream_url(self):
        body = self.body()
        if body is not None and getattr(body, "public_meetings", False):
            return self.context.stream_url or ""
        return ""

    def state_title(self):
        state = api.content.get_state(self.context, default="")
        wftool = api.portal.get_tool("portal_workflow")
        title = wftool.getTitleForStateOnType(state, "Meeting") if state else ""
        return self.tr(_(title)) if title else state

    def notice(self):
        published = self.context.notice_published
        deadline = agenda.notice_deadline(self.context)
        return {
            "published": _dt(published, self.request),
            "deadline": format_datetime(deadline, self.request, with_time=False)
            if deadline
            else "",
            "late": agenda.notice_late(self.context),
        }

    def minutes_replace_agenda(self):
        """Checked minutes replace the agenda (KuntaL 140 §)."""
        return api.content.get_state(self.context, default="") in (
            publicversion.MINUTES_STATES
        )

    def entries(self):
        rows = agenda.entries(self.context, request=self.request)
        decisions = {}
        if self.minutes_replace_agenda():
            decisions = {
                item.UID(): minutes.compose_item(item, self.context)
                for item in lookup.agenda_items(self.context)
            }
        for row in rows:
            row["presenter_name"] = user_title(row["presenter"])
            section = decisions.get(row["uid"])
            row["decision"] = (section or {}).get("decision") or ""
            if section is not None:
                row["proposal"] = ""
        return rows

    def can_edit(self):
        return api.user.has_permission("Modify portal content", obj=self.context)

    def is_open(self):
        return api.content.get_state(self.context) in agenda.OPEN_STATES

    def can_convene(self):
        return self.can_edit() and api.content.get_state(self.context) == "planned"

    def approvable(self):
        body = self.body()
        if body is None or not self.can_edit() or not self.is_open():
            return []
        return [
            {"uid": api.content.get_uuid(item), "title": item.Title()}
            for item in agenda.approvable_items(body)
        ]

    def links(self):
        """Links to the meeting's other documents that exist here."""
        found = []
        if not self.minutes_replace_agenda():
            found.append(
                {
                    "url": f"{self.context.absolute_url()}/@@agenda-document",
                    "title": _("label_agenda_document", default="Agenda (printable)"),
                }
            )
        state = api.content.get_state(obj=self.context, default=None)
        closed_procedure = self.context.mode == "closed_procedure"
        for name, title, states, permission in OTHER_VIEWS:
            if states is not None and state not in states:
                continue
            if name == "agenda.pdf" and self.minutes_replace_agenda():
                continue
            if permission and not api.user.has_permission(permission, obj=self.context):
                continue
            if name == "positions" and not closed_procedure:
                continue
            if queryMultiAdapter((self.context, self.request), name=name) is not None:
                found.append(
                    {"url": f"{self.context.absolute_url()}/@@{name}", "title": title}
                )
        return found


class AgendaEditView(BrowserView):
    """POST handler of the meeting page's agenda forms: place, up, down,
    remove, convene. Errors become a status message; nothing is written."""

    def __call__(self):
        form = self.request.form
        meeting = self.context
        messages = IStatusMessage(self.request)
        if self.request.method != "POST":
            return self.request.response.redirect(meeting.absolute_url())
        action = form.get("action")
        try:
            if action == "place":
                item = self._item(form.get("item"))
                agenda.place(meeting, item)
                done = _(
                    "msg_agenda_placed", default="The item was placed on the agenda."
                )
            elif action in ("up", "down"):
                item = self._item(form.get("item"))
                uids = lookup.agenda_uids(meeting)
                index = uids.index(api.content.get_uuid(item))
                index += -1 if action == "up" else 1
                agenda.move(meeting, item, max(0, min(index, len(uids) - 1)))
                done = _("msg_agenda_moved", default="The agenda order was changed.")
            elif action == "remove":
                item = self._item(form.get("item"))
                agenda.remove(meeting, item)
                done = _(
                    "msg_agenda_removed", default="The item was taken off the agenda."
                )
            elif action == "convene":
                agenda.convene(meeting)
                done = _(
                    "msg_agenda_convened",
                    default="The agenda and the meeting notice were published.",
                )
            else:
                raise agenda.AgendaError(
                    "action", _("msg_agenda_bad_action", default="Unknown action.")
                )
        except (agenda.AgendaError, ValueError) as error:
            transaction.doom()  # nothing half-written
            messages.add(
                getattr(error, "message", None)
                or _(
                    "msg_agenda_not_on_agenda", default="The item is not on the agenda."
                ),
                type="error",
            )
        else:
            messages.add(done, type="info")
        return self.request.response.redirect(meeting.absolute_url())

    def _item(self, uid):
        item = lookup.by_uid(uid) if uid else None
        if item is None:
            raise agenda.AgendaError(
                "item", _("msg_agenda_not_an_item", default="No such agenda item.")
            )
        return item


class _MeetingFields:
    """No title or description to type (they are given); end after start."""

    def updateFields(self):
        super().updateFields()
        for name in HIDDEN_FIELDS:
            if name in self.fields:
                self.fields = self.fields.omit(name)
        for group in getattr(self, "groups", ()):
            for name in HIDDEN_FIELDS:
                if name in group.fields:
                    group.fields = group.fields.omit(name)

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        widgets = self.field_widgets()
        values = {}
        for name in ("start", "end"):
            if name in widgets:
                values[name] = data.get(widgets[name][1])
        try:
            agenda.check_times(values.get("start"), values.get("end"))
        except agenda.AgendaError as error:
            errors = errors + (self.field_error(error.field, error.message),)
        return data, errors


class MeetingAddForm(_MeetingFields, FieldErrors, add.DefaultAddForm):
    portal_type = "Meeting"


class MeetingAddView(add.DefaultAddView):
    form = MeetingAddForm


class MeetingEditForm(_MeetingFields, FieldErrors, edit.DefaultEditForm):
    pass


MeetingEditView = wrap_form(MeetingEditForm)
