"""A valid submission becomes, in the caller's transaction, a registered
Case in the registry of the site's first archive creator
(``publication.accessibility.feedback_registry``), as accessibility feedback
does (``register_feedback``), generalised per form:

- task class: the record ``municipality.eservices.<kind>_task_class``, else
  the kind's class of the demo plan, else ``GENERAL_TASK_CLASS``
  (``settings``); none of them in the plan: 400 naming ``registry``;
- ``personal_data="personal"`` (a citizen's message: staff only, never
  public), the sender's name as the party, ``initiated`` the arrival day and
  ``due_date`` = arrival day (Helsinki) + the form's days (``settings``);
- the form as a registered incoming document: a PDF/A-2a
  (``meetings.pdf.to_pdfa``) of an HTML rendering of the fields with the
  arrival time (SähkAsL 10 §: when the message became available in our
  system, i.e. when the request reached the portal), of the kind's JHS 191
  record type (``RECORD_TYPES``);
- the attachments (``attachments``: already read, sniffed and checked),
  each a registered incoming CaseDocument of record type "Liite" with the
  case's restriction (inherited) and its SHA-256 taken at registration;
- a tracking code (``tracking``);
- a rectification claim after its decision's claim period: 400 naming
  ``decision`` (``rectification.check``, by the arrival time);
- the receipt e-mail when an address was given (``mail``: sent after the
  commit only).

``now()`` is the clock of the arrival time (``services``, the forms' page):
tests replace it to stand on either side of a deadline.

The PDF is rendered before anything is written; an error afterwards aborts
the transaction, the diary counter with it (numbers stay gap-free).
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from html import escape
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import helsinki
from municipality.policy.classification import lookup
from municipality.policy.documents.api import create_document
from municipality.policy.errors import field_bad_request
from municipality.policy.eservices import forms
from municipality.policy.eservices import identity
from municipality.policy.eservices import mail
from municipality.policy.eservices import rectification
from municipality.policy.eservices import settings
from municipality.policy.eservices import tracking
from municipality.policy.meetings.pdf import to_pdfa
from municipality.policy.publication.accessibility import feedback_registry
from municipality.policy.registry.api import register_case
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.globalrequest import getRequest


#: the agent of the handling-phase log for submissions through the e-services
AGENT = "asiointipalvelu"
#: JHS 191 record type of the submitted form, per kind (the code list has no
#: "Palaute": an incoming letter)
RECORD_TYPES = {
    "feedback": "Kirje",
    "information_request": "Pyyntö",
    "initiative": "Aloite",
    "application": "Hakemus",
    "rectification_claim": "Oikaisuvaatimus",
}
#: the field whose first words title the case, per kind
SUMMARY_FIELDS = {
    "feedback": ("subject", "message"),
    "information_request": ("documents",),
    "initiative": ("title",),
    "application": ("subject",),
    "rectification_claim": ("decision",),
}
TITLE_MAX = 80

MSG_NO_PLACE = _(
    "msg_eservice_no_place",
    default="The form cannot be registered right now. Please contact the registry.",
)


def now():
    """The current time, aware UTC (the arrival clock; tests replace it)."""
    return datetime.now(UTC)


@contextmanager
def as_agent():
    """The system agent ``AGENT`` with the Manager role for the ``with``
    block (the sender is anonymous; the input has been validated)."""
    old = getSecurityManager()
    acl_users = api.portal.get().acl_users
    user = UnrestrictedUser(AGENT, "", ["Manager"], []).__of__(acl_users)
    newSecurityManager(getRequest(), user)
    try:
        yield
    finally:
        setSecurityManager(old)


def kind_title(kind):
    return forms.schema(kind)["title"]


def summary(kind, data):
    """``<form title>: <first words>`` (at most ``TITLE_MAX`` characters)."""
    text = next((data[name] for name in SUMMARY_FIELDS[kind] if data.get(name)), "")
    text = " ".join(str(text).split())
    prefix = f"{kind_title(kind)}: "
    room = TITLE_MAX - len(prefix)
    if len(text) > room:
        cut = (
            text[: room - 1].rsplit(" ", 1)[0]
            if " " in text[: room - 1]
            else text[: room - 1]
        )
        text = cut + " …"
    return prefix + text


def task_class_for(kind, registry):
    """The task class code of ``kind`` in ``registry``'s plan, or None."""
    configured = (settings.get(f"{kind}_task_class") or "").strip()
    for code in (
        configured,
        settings.FALLBACK_TASK_CLASSES[kind],
        settings.GENERAL_TASK_CLASS,
    ):
        if code and lookup.task_class(code, registry) is not None:
            return code
    return None


def due_date(kind, day):
    return day + timedelta(days=settings.processing_days(kind))


def arrival_text(arrival):
    """The arrival in Helsinki time, as the registry writes it (Finnish)."""
    local = helsinki(arrival)
    return f"{format_date(local.date())} klo {local.hour}.{local.minute:02d}.{local.second:02d}"


def _value(kind, name, value):
    spec = forms.schema(kind)["properties"].get(name, {})
    titles = spec.get("x-enum-titles") or {}
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    return titles.get(value, str(value))


def form_html(kind, data, arrival, attachments=()):
    """The submission as an HTML document (Finnish; the PDF/A's source)."""
    title = kind_title(kind)
    rows = []
    for name, spec in forms.schema(kind)["properties"].items():
        value = data.get(name)
        shown = _value(kind, name, value) if value not in (None, "") else "–"
        rows.append(
            f'<tr><th scope="row">{escape(spec.get("title", name))}</th>'
            f"<td>{escape(shown).replace(chr(10), '<br>')}</td></tr>"
        )
    return (
        '<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>Saapunut sähköisesti: {escape(arrival_text(arrival))} (Suomen aikaa)</p>"
        f"<table><caption>Lomakkeen tiedot</caption><tbody>{''.join(rows)}</tbody></table>"
        f"{_attachments_html(attachments)}"
        "</body></html>"
    )


def _attachments_html(attachments):
    if not attachments:
        return ""
    items = "".join(
        f"<li>{escape(item.filename)} ({len(item.data):,} tavua)</li>".replace(
            f"{len(item.data):,}", f"{len(item.data):,}".replace(",", " ")
        )
        for item in attachments
    )
    return f"<h2>Liitteet</h2><ul>{items}</ul>"


def submit(kind, data, arrival, attachments=()):
    """Register the valid submission ``data`` of ``kind`` that arrived at
    ``arrival`` (aware UTC) with its checked ``attachments``
    (``attachments.Attachment``). Returns ``(case, tracking code)``."""
    registry = feedback_registry()
    code = task_class_for(kind, registry) if registry is not None else None
    if code is None:
        raise field_bad_request("registry", MSG_NO_PLACE)
    if kind == "rectification_claim":
        rectification.check(data, arrival)
    pdf = to_pdfa(form_html(kind, data, arrival, attachments))
    day = helsinki(arrival).date()
    name = data.get("name") or ""
    tracking_code = tracking.new_code()
    with as_agent():
        case = register_case(
            registry,
            title=summary(kind, data),
            public_title=kind_title(kind),
            description="",
            task_class=code,
            initiated=day,
            due_date=due_date(kind, day),
            parties=[name] if name else [],
            personal_data="personal",
        )
        create_document(
            case,
            title=f"{kind_title(kind)} {format_date(day)}",
            file=(pdf, f"{kind.replace('_', '-')}.pdf"),
            record_type=RECORD_TYPES[kind],
            direction="incoming",
            correspondent=name or None,
            registration_date=day,
        )
        for item in attachments:
            create_document(
                case,
                title=item.filename,
                file=NamedBlobFile(
                    data=item.data,
                    filename=item.filename,
                    contentType=item.content_type,
                ),
                record_type=settings.ATTACHMENT_RECORD_TYPE,
                direction="incoming",
                correspondent=name or None,
                registration_date=day,
            )
        tracking.store(registry, tracking_code, case, kind, arrival)
        identity.stamp(registry, case, tracking_code)
    mail.schedule_receipt(
        data.get("email"), kind, case.diary_number, arrival, tracking_code
    )
    return case, tracking_code
