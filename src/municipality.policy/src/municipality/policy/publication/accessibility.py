"""Accessibility feedback becomes a registered case (Act on the Provision of
Digital Services 306/2019: the answer is due within 14 days).

``register_feedback(registry, description=..., page_url=..., name=...,
email=...)`` adds, in the caller's transaction, a Case in ``registry`` (it gets
its diary number) with the feedback task class, the personal-data restriction
(the sender is personal data: the case is open to staff, never to the public),
the sender as its party and ``due_date`` = today + 14 days, and files the
message as a registered incoming CaseDocument. Forms call it (the statement's
``@@saavutettavuuspalaute``; later the e-services): anyone may send feedback,
so it acts as the system agent ``AGENT`` with the Manager role and checks its
own input first. Bad input raises ``FeedbackError`` naming the field and
writes nothing.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from contextlib import contextmanager
from datetime import timedelta
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import today as helsinki_today
from municipality.policy.classification import lookup
from municipality.policy.documents.api import create_document
from municipality.policy.errors import FieldInvalid
from municipality.policy.interfaces import IRegistry
from municipality.policy.registry.api import register_case
from plone import api
from zope.globalrequest import getRequest
import re


#: registry record: the task class (dotted code) feedback is registered under
TASK_CLASS_RECORD = "municipality.publication.feedback_task_class"
#: used when the record is empty or names no class of the plan: "Toiminnan
#: arviointi- ja kehittämismenettelyt" (customer feedback, asiakaspalaute, is
#: part of evaluating and developing the services)
FALLBACK_TASK_CLASS = "00.01.02"
#: JHS 191 record type of the message (the code list has no "Palaute" or
#: "Viesti"; an incoming letter from a resident)
RECORD_TYPE = "Kirje"
#: days to answer (306/2019: within two weeks)
ANSWER_DAYS = 14
#: the agent of the handling-phase log for feedback sent through the web
AGENT = "saavutettavuuspalaute"
TITLE_PREFIX = "Saavutettavuuspalaute"
TITLE_WORDS = 8
TITLE_MAX = 70
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]{2,}$")
MAX_DESCRIPTION = 10000


MSG_REQUIRED = _("msg_register_required", default="Required input is missing.")
MSG_TOO_LONG = _(
    "msg_feedback_too_long",
    default="The message is too long (at most ${max} characters).",
    mapping={"max": MAX_DESCRIPTION},
)
MSG_BAD_EMAIL = _(
    "msg_feedback_bad_email",
    default="This is not an e-mail address (for example nimi@example.fi).",
)
MSG_NO_PLACE = _(
    "msg_feedback_no_place",
    default="Feedback cannot be registered right now. Please send it by e-mail.",
)


class FeedbackError(FieldInvalid):
    """Bad feedback input (``field`` names it)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def valid_email(value):
    """Is ``value`` an e-mail address (one @, a dot in the domain, no spaces)?"""
    return bool(value) and bool(EMAIL.match(value.strip()))


def title_for(description):
    """``Saavutettavuuspalaute: <first words of the message>``: at most
    ``TITLE_WORDS`` whole words and ``TITLE_MAX`` characters, `` …`` when cut."""
    words = description.split()
    kept = []
    for word in words[:TITLE_WORDS]:
        if kept and len(" ".join([*kept, word])) > TITLE_MAX:
            break
        kept.append(word)
    text = " ".join(kept)
    if len(text) > TITLE_MAX:
        text = text[: TITLE_MAX - 1] + "…"
    elif len(kept) < len(words):
        text += " …"
    return f"{TITLE_PREFIX}: {text}"


def due_date(day=None):
    """The day the answer is due: ``day`` (today in Helsinki) + 14 days."""
    return (day or helsinki_today()) + timedelta(days=ANSWER_DAYS)


def feedback_registry(portal=None):
    """The registry of the site's first archive creator (by path), or None."""
    portal = portal or api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="ArchiveCreator", sort_on="path"
    ):
        creator = brain._unrestrictedGetObject()
        for child in creator.objectValues():
            if IRegistry.providedBy(child):
                return child
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Registry", sort_on="path"
    ):
        return brain._unrestrictedGetObject()
    return None


def task_class_for(registry):
    """The feedback task class's code in ``registry``'s plan: the registry
    record's, else ``FALLBACK_TASK_CLASS``; None when the plan has neither."""
    configured = api.portal.get_registry_record(TASK_CLASS_RECORD, default=None)
    for code in (configured, FALLBACK_TASK_CLASS):
        if code and lookup.task_class(code.strip(), registry) is not None:
            return code.strip()
    return None


@contextmanager
def _as_agent():
    """The system agent ``AGENT`` with the Manager role for the ``with``
    block (the sender is anonymous; the caller checked the input)."""
    old = getSecurityManager()
    acl_users = api.portal.get().acl_users
    user = UnrestrictedUser(AGENT, "", ["Manager"], []).__of__(acl_users)
    newSecurityManager(getRequest(), user)
    try:
        yield
    finally:
        setSecurityManager(old)


def message_text(description, page_url="", name="", email="", received=None):
    """The plain text filed as the document (what the sender wrote)."""
    lines = [
        "Saavutettavuuspalaute",
        f"Vastaanotettu: {format_date(received or helsinki_today())}",
        f"Sivu: {page_url or '-'}",
        f"Lähettäjä: {name or '-'}",
        f"Sähköposti: {email or '-'}",
        "",
        description,
        "",
    ]
    return "\n".join(lines)


def clean(description, page_url="", name="", email=""):
    """The stripped values; raises ``FeedbackError`` on bad input."""
    description = (description or "").strip()
    page_url = (page_url or "").strip()
    name = (name or "").strip()
    email = (email or "").strip()
    if not description:
        raise FeedbackError("description", MSG_REQUIRED)
    if len(description) > MAX_DESCRIPTION:
        raise FeedbackError("description", MSG_TOO_LONG)
    if email and not valid_email(email):
        raise FeedbackError("email", MSG_BAD_EMAIL)
    return description, page_url, name, email


def register_feedback(registry, *, description, page_url="", name="", email=""):
    """Register the feedback as a case in ``registry`` and return the case.

    Everything happens in the caller's transaction: the case, its diary
    number and the registered document, or nothing (an error is raised before
    anything is written, or the caller's transaction is aborted).
    """
    description, page_url, name, email = clean(description, page_url, name, email)
    if registry is None or not IRegistry.providedBy(registry):
        raise FeedbackError("registry", MSG_NO_PLACE)
    code = task_class_for(registry)
    if code is None:
        raise FeedbackError("task_class", MSG_NO_PLACE)
    day = helsinki_today()
    sender = name or email
    with _as_agent():
        case = register_case(
            registry,
            title=title_for(description),
            public_title=TITLE_PREFIX,
            description="",
            task_class=code,
            initiated=day,
            due_date=due_date(day),
            parties=[sender] if sender else [],
            personal_data="personal",
        )
        create_document(
            case,
            title=f"{TITLE_PREFIX} {format_date(day)}",
            file=(
                message_text(description, page_url, name, email, day).encode("utf-8"),
                "saavutettavuuspalaute.txt",
            ),
            record_type=RECORD_TYPE,
            direction="incoming",
            correspondent=sender or None,
            registration_date=day,
        )
    return case
