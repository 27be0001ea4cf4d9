"""PDF/A of agendas, minutes and extracts; the extract's HTML; sending extracts.

- ``@@agenda.pdf`` / ``@@minutes.pdf`` on a meeting: the HTML of the views
  ``@@agenda-document`` / ``@@minutes-document`` (they decide what the reader
  may see; ``?public=1`` forces the public version) as PDF/A-2a. A missing
  document view is a clean 404, never a 500.
- ``@@extract-document`` / ``@@extract.pdf`` on an agenda item (checked) or
  an office-holder decision (decided): the extract of one §. Who may view the
  record gets the full text; others the public version of a public record
  (marked personal data left out), and nothing (404) of a non-public one.
- ``@@send-extract``: the form that sends the extract to recipients.
"""

from datetime import date
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import helsinki
from municipality.policy.base.dates import reader_language
from municipality.policy.base.dates import today
from municipality.policy.base.formatting import user_title
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.meetings import appealtexts
from municipality.policy.meetings import extracts
from municipality.policy.meetings import lookup
from municipality.policy.meetings import pdf
from municipality.policy.meetings import personaldata
from municipality.policy.meetings import publicversion
from municipality.policy.security import accesslog
from municipality.policy.security import chain
from plone import api
from plone.z3cform.layout import wrap_form
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import quote
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zExceptions import Forbidden
from zope import interface
from zope import schema
from zope.component import queryMultiAdapter
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory
import json


def wants_public(request):
    return request.form.get("public") in ("1", "true", "yes", "on")


def not_found(request, message):
    """A clean 404 with ``message``: JSON when the client asks for JSON."""
    text = translate(message, context=request)
    response = request.response
    response.setStatus(404)
    if "application/json" in (request.getHeader("Accept") or ""):
        response.setHeader("Content-Type", "application/json")
        return json.dumps({"type": "NotFound", "message": text})
    response.setHeader("Content-Type", "text/html; charset=utf-8")
    language = reader_language(request)
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>404</title></head><body><main><h1>404</h1><p>{_escape(text)}</p>"
        "</main></body></html>"
    )


def _escape(text):
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def send_pdf(request, data, filename, private):
    response = request.response
    response.setHeader("Content-Type", "application/pdf")
    response.setHeader(
        "Content-Disposition",
        f"inline; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}",
    )
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader(
        "Cache-Control", "private, no-store" if private else "public, max-age=300"
    )
    return data


def term_title(name, value, context, request):
    """The translated title of ``value`` in the named vocabulary."""
    if not value:
        return ""
    factory = queryUtility(IVocabularyFactory, name=name)
    try:
        title = factory(context).getTerm(value).title
    except (LookupError, TypeError, AttributeError):
        return value
    return translate(title, context=request)


# ------------------------------------------------------------- meetings


class MeetingPDF(BrowserView):
    """The PDF/A of a meeting document view (``document_view``)."""

    document_view = None
    prefix = None

    def filename(self):
        meeting = self.context
        body = meeting.aq_inner.aq_parent
        year = getattr(meeting, "year", None) or (
            helsinki(meeting.start).year if getattr(meeting, "start", None) else ""
        )
        parts = [self.prefix, extracts.slug(body.Title()), str(year)]
        if getattr(meeting, "number", None):
            parts.append(str(meeting.number))
        return "-".join(part for part in parts if part) + ".pdf"

    def __call__(self):
        view = queryMultiAdapter((self.context, self.request), name=self.document_view)
        if view is None:
            return not_found(
                self.request,
                _(
                    "msg_document_not_available",
                    default="This document is not available.",
                ),
            )
        html = view()
        if self.request.response.getStatus() >= 400:
            return html
        data = pdf.to_pdfa(html, base_url=self.context.absolute_url())
        private = not (api.user.is_anonymous() or wants_public(self.request))
        return send_pdf(self.request, data, self.filename(), private)


class AgendaPDF(MeetingPDF):
    document_view = "agenda-document"
    prefix = "esityslista"


class MinutesPDF(MeetingPDF):
    document_view = "minutes-document"
    prefix = "poytakirja"


# ------------------------------------------------------------- extracts


class ExtractDocument(BrowserView):
    """The extract of one § or office-holder decision as a standalone,
    accessible HTML document (the source of ``@@extract.pdf``)."""

    template = ViewPageTemplateFile("extract_document.pt")
    #: the action the access log gets for a non-public record shown in full
    log_action = "view"

    def __call__(self, public=None, log=True):
        refused = self.refusal()
        if refused is not None:
            return refused
        self.public = self.is_public_version(public)
        if self.public is None:
            return not_found(
                self.request,
                _("msg_extract_not_public", default="This extract is not public."),
            )
        if log and not self.public and chain.publicity(self.context) != chain.PUBLIC:
            accesslog.append(self.context, self.log_action, request=self.request)
        return self.template()

    # -- who gets what

    def refusal(self):
        if not extracts.is_final(self.context):
            return not_found(self.request, extracts.not_final_message(self.context))
        return None

    def may_view(self):
        return api.user.has_permission("View", obj=self.context)

    def is_public_version(self, public=None):
        """False: the full version; True: the public version; None: nothing."""
        forced = wants_public(self.request) if public is None else public
        if self.may_view() and not forced:
            return False
        if chain.publicity(self.context) != chain.PUBLIC:
            return None
        if self.is_decision and not getattr(self.context, "publish_online", False):
            return None
        if publicversion.is_withdrawn(self.context):
            return None  # the online period ended (KuntaL 140 §)
        return True

    # -- content

    @property
    def is_decision(self):
        return not IAgendaItem.providedBy(self.context)

    @property
    def lang(self):
        return reader_language(self.request)

    def t(self, message):
        return translate(message, context=self.request)

    def text(self, name):
        value = getattr(self.context, name, None)
        if value is None:
            return ""
        # the safe_html output (what the site shows), never the raw source
        source = getattr(value, "output", None) or personaldata._value(value)
        return publicversion.html(self.context, source) if self.public else source

    def municipality(self):
        return api.portal.get().Title()

    def meeting(self):
        return lookup.meeting_of(self.context)

    def body(self):
        return lookup.body_of(self.context)

    def title(self):
        return self.context.Title()

    def doc_title(self):
        label = self.t(_("label_extract", default="Extract"))
        if self.is_decision:
            number = self.context.number or ""
            return f"{label}: {self.context.post} {number} – {self.title()}"
        body = self.body()
        name = body.Title() if body is not None else ""
        return f"{label}: {name} § {self.context.number or ''} – {self.title()}"

    def metadata(self):
        """(label, value) rows of the heading."""
        rows = [
            (
                self.t(_("label_extract_municipality", default="Municipality")),
                self.municipality(),
            )
        ]
        context = self.context
        if self.is_decision:
            rows += [
                (
                    self.t(_("label_decision_decider", default="Decider")),
                    f"{user_title(context.decider)}, {context.post}",
                ),
                (
                    self.t(_("label_decision_number", default="Decision number")),
                    self._number(context.number, context.decision_date),
                ),
                (
                    self.t(_("label_decision_date", default="Decision date")),
                    format_date(context.decision_date),
                ),
                (
                    self.t(_("label_decision_delegation", default="Delegated power")),
                    context.delegation or "",
                ),
            ]
            return rows
        meeting = self.meeting()
        body = self.body()
        rows.append(
            (
                self.t(_("label_extract_body", default="Body")),
                body.Title() if body is not None else "",
            )
        )
        if meeting is not None:
            start = helsinki(meeting.start)
            rows += [
                (
                    self.t(_("label_extract_meeting", default="Meeting")),
                    self._number(meeting.number, start),
                ),
                (
                    self.t(_("label_extract_date", default="Date")),
                    format_date(start.date()) if start else "",
                ),
                (
                    self.t(_("label_meeting_place", default="Place")),
                    meeting.place or "",
                ),
            ]
        rows.append(("§", str(context.number or "")))
        return rows

    def _number(self, number, when):
        year = getattr(when, "year", None)
        if not number:
            return ""
        return f"{number}/{year}" if year else str(number)

    def sections(self):
        """(heading, html) of the texts, in the order of the minutes."""
        if self.is_decision:
            names = (("text", _("label_decision_text", default="Decision")),)
        else:
            names = (
                ("presentation", _("label_item_presentation", default="Presentation")),
                ("proposal", _("label_item_proposal", default="Decision proposal")),
                ("decision", _("label_item_decision", default="Decision")),
            )
        shown = []
        for name, label in names:
            html = self.text(name)
            if html and html.strip():
                shown.append(
                    {"id": f"extract-{name}", "heading": self.t(label), "html": html}
                )
        return shown

    def resolution(self):
        return term_title(
            "municipality.Resolutions",
            getattr(self.context, "resolution", None),
            self.context,
            self.request,
        )

    def _names(self):
        names = {}
        body = self.body()
        for member in getattr(body, "members", None) or []:
            if member.get("userid"):
                names[member["userid"]] = member.get("name") or member["userid"]
            for deputy in member.get("deputies") or []:
                if deputy.get("userid"):
                    names[deputy["userid"]] = deputy.get("name") or deputy["userid"]
        return names

    def name(self, userid):
        names = getattr(self, "_name_cache", None)
        if names is None:
            names = self._name_cache = self._names()
        return names.get(userid) or user_title(userid)

    def votes(self):
        if self.is_decision:
            return []
        shown = []
        for vote in getattr(self.context, "votes", None) or []:
            ballots = [
                {
                    "name": self.name(userid),
                    "choice": term_title(
                        "municipality.VoteChoices", choice, self.context, self.request
                    ),
                }
                for userid, choice in (vote.get("ballots") or {}).items()
            ]
            counts = [
                {"label": label, "count": count}
                for label, count in (vote.get("counts") or {}).items()
            ]
            shown.append(
                {
                    "question": vote.get("question") or "",
                    "jaa": vote.get("jaa") or "",
                    "ei": vote.get("ei") or "",
                    "ballots": ballots,
                    "counts": counts,
                    "result": vote.get("result") or "",
                    "by_lot": bool(vote.get("by_lot")),
                }
            )
        return shown

    def disqualified(self):
        if self.is_decision:
            return []
        return [
            {"name": self.name(row.get("userid")), "reason": row.get("reason") or ""}
            for row in getattr(self.context, "disqualified", None) or []
        ]

    def dissents(self):
        if self.is_decision:
            return []
        return [
            {"name": self.name(row.get("userid")), "text": row.get("text") or ""}
            for row in getattr(self.context, "dissents", None) or []
        ]

    def appeal_type(self):
        return extracts.appeal_type_of(self.context)

    def appeal_sections(self):
        body = None if self.is_decision else self.body()
        return appealtexts.sections(
            self.appeal_type(),
            self.request,
            body=body.Title() if body is not None else None,
        )

    def certifier(self):
        """Who certifies the extract: the body's secretary, or the decider."""
        if self.is_decision:
            return user_title(self.context.decider)
        body = self.body()
        secretary = getattr(body, "secretary", None)
        return user_title(secretary) if secretary else ""

    def certified_on(self):
        return format_date(today())


class ExtractPDF(ExtractDocument):
    """``@@extract.pdf``: the extract as PDF/A-2a."""

    log_action = "download"

    def pdf_bytes(self, public=False):
        """The PDF/A bytes of the full (``public=False``) or public version,
        without permission checks (``extracts.send`` files the full one)."""
        self.public = public
        return pdf.to_pdfa(self.template(), base_url=self.context.absolute_url())

    def __call__(self):
        document = ExtractDocument(self.context, self.request)
        html = document(log=False)
        if self.request.response.getStatus() >= 400:
            return html
        if not document.public and chain.publicity(self.context) != chain.PUBLIC:
            accesslog.append(self.context, "download", request=self.request)
        data = pdf.to_pdfa(html, base_url=self.context.absolute_url())
        return send_pdf(
            self.request,
            data,
            extracts.filename(self.context),
            private=not document.public,
        )


# --------------------------------------------------------- send-extract


class ISendExtract(interface.Interface):
    recipients = schema.List(
        title=_("label_item_extract_recipients", default="Extract recipients"),
        description=_(
            "help_item_extract_recipients",
            default="One recipient per line (personal data).",
        ),
        value_type=schema.TextLine(),
        required=True,
    )
    method = schema.Choice(
        title=_("label_extract_method", default="Delivery method"),
        vocabulary="municipality.DeliveryMethods",
        required=True,
        default="letter",
    )
    sent = schema.Date(
        title=_("label_extract_sent", default="Sent on"),
        required=True,
        defaultFactory=today,
    )


class SendExtractForm(form.Form):
    """Send the extract: each recipient gets the day deemed received and the
    last day of appeal (shown before sending with "Calculate dates")."""

    fields = field.Fields(ISendExtract)
    ignoreContext = True
    label = _("label_send_extract", default="Send extract")

    def update(self):
        if not extracts.may_send(self.context):
            raise Forbidden("may not send extracts")
        super().update()
        if not extracts.is_final(self.context) and not self.status:
            self.status = translate(
                extracts.not_final_message(self.context), context=self.request
            )

    def updateWidgets(self):
        super().updateWidgets()
        recipients = self.widgets["recipients"]
        if not self.request.form.get(recipients.name):
            recipients.value = "\n".join(
                getattr(self.context, "extract_recipients", None) or []
            )

    def _messages(self, rows, sent_already):
        messages = IStatusMessage(self.request)
        for row in rows:
            received = date.fromisoformat(row["received"])
            ends = row["appeal_ends"]
            mapping = {
                "recipient": row["recipient"],
                "received": format_date(received),
                "ends": format_date(date.fromisoformat(ends)) if ends else "–",
            }
            msgid = (
                _(
                    "msg_extract_sent",
                    default="Sent to ${recipient}: deemed received "
                    "${received}, last day of appeal ${ends}.",
                    mapping=mapping,
                )
                if sent_already
                else _(
                    "msg_extract_preview",
                    default="${recipient}: deemed received ${received}, last "
                    "day of appeal ${ends}.",
                    mapping=mapping,
                )
            )
            messages.add(msgid, type="info")

    def _validated(self):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return None
        try:
            recipients = extracts.validate(
                self.context, data["recipients"], data["method"], data["sent"]
            )
        except extracts.ExtractError as error:
            self.status = translate(error.message, context=self.request)
            return None
        return recipients, data

    @button.buttonAndHandler(
        _("label_extract_calculate", default="Calculate dates"), name="calculate"
    )
    def handle_calculate(self, action):
        checked = self._validated()
        if checked is None:
            return
        recipients, data = checked
        sent, received, ends = extracts.dates(
            self.context, data["method"], data["sent"]
        )
        self._messages(
            [
                {
                    "recipient": recipient,
                    "received": received.isoformat(),
                    "appeal_ends": ends.isoformat() if ends else None,
                }
                for recipient in recipients
            ],
            sent_already=False,
        )

    @button.buttonAndHandler(_("label_extract_send", default="Send"), name="send")
    def handle_send(self, action):
        checked = self._validated()
        if checked is None:
            return
        recipients, data = checked
        made = extracts.send_many(
            self.context, recipients, data["method"], data["sent"], self.request
        )
        self._messages(made, sent_already=True)
        self.request.response.redirect(self.context.absolute_url())


SendExtractView = wrap_form(SendExtractForm)
