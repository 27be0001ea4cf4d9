"""The receipt e-mail of a submission (issue 13: "a receipt is sent without
delay by e-mail when an address was given").

``schedule_receipt`` composes the message in the request (the reader's
language, ``base.dates.reader_language``: fi, sv or en) and registers an
after-commit hook on the current transaction: the mail goes out through the
site's MailHost with ``immediate=True`` only when the submission's
transaction COMMITTED (a rolled-back submission, or an attempt retried after
a ConflictError, sends nothing; a retry that commits sends once). An SMTP
failure is logged and never undoes the registration.

The message holds the form's name, the diary number, the arrival time
(Helsinki), the tracking code and the status page's address, nothing of what
the sender wrote. Sender: ``plone.email_from_address`` / ``_name``, server
``plone.smtp_host`` / ``_port`` (Site setup > Mail: Plone's mailer reads the
registry, not the MailHost's own attributes); none configured: no mail
(logged).
"""

from email.message import EmailMessage
from email.utils import formataddr
from email.utils import formatdate
from email.utils import make_msgid
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import helsinki
from municipality.policy.base.dates import reader_language
from municipality.policy.eservices import settings
from plone import api
from urllib.parse import urlencode
from zope.globalrequest import getRequest
from zope.i18n import translate
import logging
import transaction


logger = logging.getLogger("municipality.policy.eservices.mail")

#: the people's status page and its parameter (``browser/status.py``)
STATUS_PAGE = "@@asiointi-tila"
CODE_PARAM = "koodi"

#: short: MailHost folds a header over 78 characters
SUBJECT = (
    "mail_eservice_receipt_title",
    "Receipt (${kind}), diary number ${diary_number}",
)
#: the body's lines (one message each), ``None`` for the status page's address
LINES = (
    ("mail_eservice_receipt_intro", "Your ${kind} has been received and registered."),
    "",
    ("mail_eservice_receipt_diary", "Diary number: ${diary_number}"),
    ("mail_eservice_receipt_arrival", "Arrived: ${arrival} (Finnish time)"),
    ("mail_eservice_receipt_code", "Tracking code: ${code}"),
    "",
    ("mail_eservice_receipt_follow", "Follow the handling of your matter at:"),
    None,
    "",
    (
        "mail_eservice_receipt_keep",
        "Keep the tracking code: with it you can follow the matter. This "
        "message was sent automatically; please do not reply to it.",
    ),
)


def arrival_words(arrival, language):
    local = helsinki(arrival)
    clock = (
        f"{local.hour}.{local.minute:02d}"
        if language != "en"
        else (f"{local.hour}:{local.minute:02d}")
    )
    word = {"fi": "klo", "sv": "kl.", "en": "at"}[language]
    return f"{format_date(local.date())} {word} {clock}"


def status_url(code):
    return f"{api.portal.get().absolute_url()}/{STATUS_PAGE}?" + urlencode(
        {CODE_PARAM: code}
    )


def compose(to, kind, diary_number, arrival, code, language):
    """The receipt as an ``EmailMessage`` (without From) in ``language``."""
    kind_word = translate(settings.KIND_LABELS[kind], target_language=language)
    kind_word = kind_word[:1].lower() + kind_word[1:]
    mapping = {
        "kind": kind_word,
        "diary_number": diary_number,
        "arrival": arrival_words(arrival, language),
        "code": code,
        "status_url": status_url(code),
    }
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = translate(
        _(SUBJECT[0], default=SUBJECT[1], mapping=mapping), target_language=language
    )
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="kuntaportaali")
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = language
    lines = []
    for line in LINES:
        if line is None:
            lines.append(mapping["status_url"])
        elif isinstance(line, tuple):
            message_ = _(line[0], default=line[1], mapping=mapping)
            lines.append(translate(message_, target_language=language))
        else:
            lines.append(line)
    message.set_content("\n".join(lines) + "\n")
    return message


def _sender():
    address = api.portal.get_registry_record("plone.email_from_address", default="")
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    return formataddr((name, address)) if address else ""


def _send(committed, mailhost, message):
    if not committed:
        return
    try:
        mailhost.send(message, immediate=True)
    except Exception:
        logger.exception("The receipt to %s was not sent", message["To"])


def schedule_receipt(to, kind, diary_number, arrival, code, request=None):
    """Send the receipt to ``to`` once the current transaction commits."""
    if not to:
        return False
    sender = _sender()
    mailhost = api.portal.get_tool("MailHost")
    # Plone's mailer takes the server from the registry (Site setup > Mail)
    host = api.portal.get_registry_record("plone.smtp_host", default="")
    if not sender or not host:
        logger.warning("No mail settings: the receipt of %s is not sent", diary_number)
        return False
    request = request if request is not None else getRequest()
    message = compose(to, kind, diary_number, arrival, code, reader_language(request))
    message["From"] = sender
    transaction.get().addAfterCommitHook(_send, args=(mailhost, message))
    return True
