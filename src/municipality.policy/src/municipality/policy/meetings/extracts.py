"""Extracts (otteet) of a checked § or a decided office-holder decision, sent
to the parties.

A decision exists only once the minutes are checked: an agenda item's
extract is made in state ``checked``, an office-holder decision's in
``decided``; before that ``ExtractError("review_state", ...)``.

``send(obj, recipient, method, sent=None)`` files the extract PDF as a
registered CaseDocument ("Ote", outgoing, the recipient as correspondent) in
the case, computes the day the recipient is deemed to have received it and
the last day of appeal (``appeals``), and records the delivery in the
record's ``deliveries``; ``send_many`` validates everything first, so a bad
recipient or method writes nothing. The PDF comes from the view
``@@extract.pdf`` (``browser.pdfviews``) of the record, full version.
"""

from datetime import date
from municipality.policy import _
from municipality.policy.base.content import parent_case
from municipality.policy.base.dates import today
from municipality.policy.documents.api import create_document
from municipality.policy.errors import field_bad_request
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import IOfficeHolderDecision
from municipality.policy.meetings import appeals
from municipality.policy.meetings import lookup
from municipality.policy.meetings.codelists import DEEMED_RECEIVED_DAYS
from municipality.policy.meetings.lookup import body_of
from municipality.policy.meetings.lookup import meeting_of
from plone import api
from plone.i18n.normalizer.interfaces import IIDNormalizer
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import Forbidden
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.globalrequest import getRequest
from zope.interface import alsoProvides


#: The state in which a record's decision exists (an extract may be made).
FINAL_STATES = {"item": "checked", "decision": "decided"}
#: Roles that may send extracts (besides Manager and Site Administrator).
SENDER_ROLES = (
    "Manager",
    "Site Administrator",
    "ChiefRecordsOfficer",
    "SectorRecordsManager",
    "RecordsOfficer",
    "Registrar",
    "MeetingSecretary",
)
#: Roles that may read the deliveries (recipients are personal data): the
#: senders and those who handle the case. Not a body's members, who may list
#: a published item.
READER_ROLES = (*SENDER_ROLES, "Preparer", "Presenter")
#: JHS 191 record type and direction of a filed extract.
RECORD_TYPE = "Ote"
DIRECTION = "outgoing"


class ExtractError(ValueError):
    """Why an extract cannot be made or sent: ``field`` and a message."""

    def __init__(self, field, message):
        super().__init__(field, message)
        self.field = field
        self.message = message


def family(obj):
    if IAgendaItem.providedBy(obj):
        return "item"
    if IOfficeHolderDecision.providedBy(obj):
        return "decision"
    return None


def is_final(obj):
    """True when ``obj``'s decision exists (item checked, decision decided)."""
    kind = family(obj)
    return kind is not None and api.content.get_state(obj, None) == FINAL_STATES[kind]


def not_final_message(obj):
    if family(obj) == "decision":
        return _(
            "msg_extract_not_decided",
            default="There is no extract before the decision is made.",
        )
    return _(
        "msg_extract_not_checked",
        default="There is no extract before the minutes are checked: a "
        "decision exists only once the minutes have been checked.",
    )


def appeal_type_of(obj):
    """The item's own appeal type, else its body's; a decision's own."""
    return lookup.appeal_type_of(obj) or "rectification"


def _has_role(obj, roles):
    if api.user.is_anonymous():
        return False
    return bool(set(api.user.get_roles(obj=obj)) & set(roles))


def may_send(obj):
    """True when the current user may send extracts of ``obj``."""
    return _has_role(obj, SENDER_ROLES)


def may_read_deliveries(obj):
    """True when the current user may read who got ``obj``'s extract."""
    return _has_role(obj, READER_ROLES)


def slug(text):
    return getUtility(IIDNormalizer).normalize(text or "", max_length=60)


def filename(obj):
    """``ote-sivistyslautakunta-2026-45.pdf`` (body, year, §) or
    ``ote-sivistysjohtaja-2026-12.pdf`` (post, year, number)."""
    if family(obj) == "decision":
        year = obj.decision_date.year if obj.decision_date else today().year
        return f"ote-{slug(obj.post)}-{year}-{obj.number or 0}.pdf"
    body = body_of(obj)
    meeting = meeting_of(obj)
    year = getattr(meeting, "year", None) or today().year
    return f"ote-{slug(body.Title() if body else '')}-{year}-{obj.number or 0}.pdf"


def document_title(obj):
    """The filed document's title (Finnish, as the register's data)."""
    if family(obj) == "decision":
        return f"Ote: {obj.post} {obj.number or ''}: {obj.Title()}".strip()
    body = body_of(obj)
    body_title = body.Title() if body is not None else ""
    return f"Ote: {body_title} § {obj.number or ''} {obj.Title()}".strip()


def dates(obj, method, sent=None):
    """``(sent, received, appeal_ends)`` for sending ``obj``'s extract by
    ``method`` on ``sent`` (default today); appeal_ends None for no appeal."""
    if method not in DEEMED_RECEIVED_DAYS:
        raise ExtractError(
            "method", _("msg_extract_bad_method", default="Unknown delivery method.")
        )
    sent = sent or today()
    if not isinstance(sent, date):
        raise ExtractError("sent", _("msg_extract_bad_sent", default="Not a date."))
    received = appeals.deemed_received(sent, method)
    return sent, received, appeals.last_day_of_appeal(received, appeal_type_of(obj))


def validate(obj, recipients, method, sent=None):
    """Raise ``ExtractError`` naming what is wrong; the clean recipients."""
    if not is_final(obj):
        raise ExtractError("review_state", not_final_message(obj))
    if isinstance(recipients, str) or not isinstance(recipients, (list, tuple)):
        raise ExtractError(
            "recipients",
            _("msg_extract_recipients_list", default="Give a list of recipients."),
        )
    clean = [r.strip() for r in recipients if isinstance(r, str) and r.strip()]
    if not clean or len(clean) != len(recipients):
        raise ExtractError(
            "recipients",
            _(
                "msg_extract_recipients_empty",
                default="Every recipient must be a non-empty text.",
            ),
        )
    if parent_case(obj) is None:
        raise ExtractError(
            "case", _("msg_extract_no_case", default="The record is not in a case.")
        )
    dates(obj, method, sent)
    return clean


def extract_pdf(obj, request=None):
    """The full extract of ``obj`` as PDF/A bytes (``@@extract.pdf``)."""
    request = request if request is not None else getRequest()
    view = getMultiAdapter((obj, request), name="extract.pdf")
    return view.pdf_bytes(public=False)


def send(obj, recipient, method, sent=None, request=None):
    """Send ``obj``'s extract to ``recipient`` by ``method``: file it in the
    case and record the delivery; returns the delivery (a dict of ISO dates)."""
    return send_many(obj, [recipient], method, sent=sent, request=request)[0]


def send_many(obj, recipients, method, sent=None, request=None):
    """``send`` to each of ``recipients`` (validated together first)."""
    recipients = validate(obj, recipients, method, sent)
    sent, received, appeal_ends = dates(obj, method, sent)
    data = extract_pdf(obj, request)
    case = parent_case(obj)
    deliveries = list(getattr(obj, "deliveries", None) or [])
    made = []
    for recipient in recipients:
        # The caller checked the sender (``may_send``); filing a registered
        # outgoing document needs the registry's rights in the case.
        with api.env.adopt_roles(["Manager"]):
            document = create_document(
                case,
                title=document_title(obj),
                file=(data, filename(obj)),
                record_type=RECORD_TYPE,
                direction=DIRECTION,
                correspondent=recipient,
                register=True,
            )
        delivery = {
            "recipient": recipient,
            "method": method,
            "sent": sent.isoformat(),
            "received": received.isoformat(),
            "appeal_ends": appeal_ends.isoformat() if appeal_ends else None,
            "document": api.content.get_uuid(document),
        }
        deliveries.append(delivery)
        made.append(delivery)
    obj.deliveries = deliveries
    obj.reindexObject(idxs=["modified"])
    return made


# ------------------------------------------------------------------ REST


def _sent_day(value):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ExtractError(
            "sent", _("msg_extract_bad_sent", default="Not a date.")
        ) from None


class ExtractsGet(Service):
    """``GET <item>/@extracts``: the deliveries of the record's extract."""

    def reply(self):
        obj = self.context
        if not may_read_deliveries(obj):
            raise Forbidden("may not read the deliveries")
        items = list(getattr(obj, "deliveries", None) or [])
        return {
            "@id": f"{obj.absolute_url()}/@extracts",
            "extract": f"{obj.absolute_url()}/@@extract.pdf" if is_final(obj) else None,
            "appeal_type": appeal_type_of(obj),
            "items": items,
            "items_total": len(items),
        }


class ExtractsPost(Service):
    """``POST <item>/@extracts`` ``{"recipients": [...], "method": ...,
    "sent": "YYYY-MM-DD"}``: send the extract to each recipient (201 and the
    deliveries); 400 naming the field and nothing written on bad input."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if not may_send(self.context):
            raise Forbidden("may not send extracts")
        try:
            body = json_body(self.request)
        except Exception:  # noqa: BLE001  (a bare DeserializationError; deep nesting)
            body = None
        if not isinstance(body, dict):
            raise field_bad_request(
                "body",
                _("msg_agenda_bad_body", default="The body must be a JSON object."),
            )
        try:
            sent = _sent_day(body.get("sent"))
            made = send_many(
                self.context,
                body.get("recipients"),
                body.get("method"),
                sent=sent,
                request=self.request,
            )
        except ExtractError as error:
            raise field_bad_request(error.field, error.message) from None
        self.request.response.setStatus(201)
        return {"items": made, "items_total": len(made)}
