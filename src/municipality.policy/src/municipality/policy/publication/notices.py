"""The official notice board's API (KuntaL 108 §, HL 62 §).

One user action "Julkaise": ``publish(notice)`` fires ``publish`` when the
display starts today or earlier, else ``schedule`` (the notice appears on its
start day). The clock job (``publication.clock``) asks ``due_changes(portal,
today)`` and applies them with ``display`` / ``end`` (or calls ``apply``);
all of them are idempotent: a notice not in the state the change starts from
is left alone and the function returns False.

Every transition of a notice, whatever the channel (this API, the state
menu, REST ``@workflow``, the clock), is recorded by ``after_transition``:
- ``publish`` / ``display``: ``published_on`` = today (Helsinki), a
  ``published`` entry of the publication log with the SHA-256 of
  ``public_html(notice)`` (the notice's public document as served by
  ``@@notice-document``), and the copy filed in its case: a registered
  CaseDocument (record type Kuulutus, or Ilmoitus for an ``ilmoitus``),
  PDF/A-2a of the same document (``file_in_case``);
- ``schedule``: a ``scheduled`` entry (the document as it will be shown);
- ``unpublish``: an ``unpublished`` entry (hash of the version taken back),
  ``published_on`` cleared;
- ``end``: an ``ended`` entry (hash of the last public version); the notice
  is staff-only from then on, the archived copy stays in the case.
"""

from datetime import date
from html import escape
from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.base.dates import today as helsinki_today
from municipality.policy.documents.api import create_document
from municipality.policy.documents.vocabularies import record_types
from municipality.policy.interfaces import INotice
from municipality.policy.interfaces import INoticeBoard
from municipality.policy.interfaces import IRegistry
from municipality.policy.meetings import appeals
from municipality.policy.meetings import personaldata
from municipality.policy.meetings.pdf import to_pdfa
from municipality.policy.meetings.rights import manager_roles
from municipality.policy.publication import log
from municipality.policy.publication.content import archive_creator_of
from municipality.policy.publication.content import default_end
from municipality.policy.publication.vocabularies import DEFAULT_RECORD_TYPE
from municipality.policy.publication.vocabularies import RECORD_TYPE
from municipality.policy.publication.vocabularies import category_title
from municipality.policy.registry.entry import find_case
from persistent.list import PersistentList
from plone import api
from plone.app.uuid.utils import uuidToObject
from Products.CMFCore.WorkflowCore import WorkflowException
from urllib.parse import urlencode
from zExceptions import Unauthorized
from zope.i18n import translate
import logging


logger = logging.getLogger(__name__)

#: the language of the public document (the evidence hashed in the log)
DOCUMENT_LANGUAGE = "fi"
#: attachment fields of a notice
ATTACHMENTS = ("attachment_1", "attachment_2", "attachment_3")
#: attribute: the copies filed in the case (dicts uid, shown_sha256, sha256)
FILED_ATTR = "_notice_filed_copies"
#: attribute: the default end last set (an end equal to it follows the start)
AUTO_END_ATTR = "_notice_default_end"
#: the sentence of HL 62 §
DEEMED_MSG = _(
    "notice_deemed_received",
    default="Service is deemed to have taken place on the seventh day after "
    "publication: ${date}.",
)


# ------------------------------------------------------------ reading


def state(notice):
    return api.content.get_state(obj=notice, default=None)


def end_of(notice):
    """The last day on display: ``display_end`` or start + notice days."""
    return getattr(notice, "display_end", None) or default_end(
        getattr(notice, "display_start", None)
    )


def publication_day(notice):
    """The day the notice was (or will be) put on the web."""
    return getattr(notice, "published_on", None) or getattr(
        notice, "display_start", None
    )


def deemed_received(notice):
    """The day the notice is deemed received (publication day + 7)."""
    day = publication_day(notice)
    return appeals.deemed_received(day, "web") if isinstance(day, date) else None


def case_of(notice):
    """The case the notice belongs to (unrestricted), or None."""
    uid = getattr(notice, "case", None)
    return uuidToObject(uid, unrestricted=True) if uid else None


def registry_of(case):
    """The Registry holding ``case`` (its public diary entry lives there)."""
    for item in case.aq_chain:
        if IRegistry.providedBy(item):
            return item
    return None


def diary_entry_url(notice):
    """The public diary entry of the notice's case, or None."""
    case = case_of(notice)
    number = getattr(notice, "case_number", None)
    if case is None or not number:
        return None
    registry = registry_of(case)
    if registry is None:
        return None
    return f"{registry.absolute_url()}/@@diary-entry?{urlencode({'number': number})}"


def attachments(notice):
    """(field name, NamedBlobFile) of the notice's attachments."""
    out = []
    for name in ATTACHMENTS:
        value = getattr(notice, name, None)
        if value is not None and getattr(value, "filename", None):
            out.append((name, value))
    return out


def filed_copies(notice):
    """Copies of the notice filed in its case: dicts ``uid``, ``shown_sha256``,
    ``sha256`` (of the PDF/A), ``date`` (ISO day)."""
    return [dict(row) for row in getattr(notice, FILED_ATTR, ())]


def sync_case(notice):
    """Set ``case`` from ``case_number`` and a missing ``display_end`` from the
    start (the notice's save subscriber)."""
    number = (getattr(notice, "case_number", None) or "").strip() or None
    brain = find_case(archive_creator_of(notice), number) if number else None
    notice.case_number = number
    notice.case = brain.UID if brain is not None else None
    start = getattr(notice, "display_start", None)
    end = getattr(notice, "display_end", None)
    auto = getattr(notice, AUTO_END_ATTR, None)
    if start is not None and (end is None or (auto is not None and end == auto)):
        # empty, or still the default of an earlier start: follow the start
        notice.display_end = default_end(start)
        setattr(notice, AUTO_END_ATTR, notice.display_end)
    elif end is not None and end != auto:
        setattr(notice, AUTO_END_ATTR, None)


# ------------------------------------------------------ public document


def _t(message, language, mapping=None):
    if mapping is not None:
        message = _(message, default=message.default, mapping=mapping)
    return translate(message, target_language=language)


def public_html(notice, language=DOCUMENT_LANGUAGE):
    """The notice's public document (a whole HTML page, str): what the web
    shows of it (``@@notice-document`` serves exactly this), hashed into the
    publication log and filed as PDF/A in the case. Deterministic: no URLs,
    no request, the date fields only."""
    title = escape(notice.Title() or "")
    start, end = getattr(notice, "display_start", None), end_of(notice)
    rows = [
        (
            _("label_notice_category", default="Category"),
            escape(str(_t(category_title(notice.category), language))),
        ),
        (
            _("label_notice_period", default="On display"),
            f"{format_date(start)} – {format_date(end)}",
        ),
        (
            _("label_notice_published_on", default="Published on the web"),
            format_date(publication_day(notice)),
        ),
    ]
    if getattr(notice, "case_number", None):
        rows.append(
            (
                _("label_notice_case_number", default="Diary number of the case"),
                escape(notice.case_number),
            )
        )
    if getattr(notice, "available_at", None):
        rows.append(
            (
                _(
                    "label_notice_available_at",
                    default="Where the document is available",
                ),
                escape(notice.available_at),
            )
        )
    meta = "".join(
        f'<tr><th scope="row">{escape(_t(label, language))}</th><td>{value}</td></tr>'
        for label, value in rows
    )
    text = safe_text(notice)
    files = attachments(notice)
    files_html = ""
    if files:
        items = "".join(f"<li>{escape(value.filename)}</li>" for _n, value in files)
        files_html = (
            f"<h2>{escape(_t(_('label_notice_attachments', default='Attachments'), language))}</h2>"
            f"<ul>{items}</ul>"
        )
    received = deemed_received(notice)
    sentence = _t(DEEMED_MSG, language, {"date": format_date(received)})
    description = notice.Description() or ""
    lead = f'<p class="lead">{escape(description)}</p>' if description else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f'<title>{title}</title></head><body><article class="kp-notice">'
        f'<h1>{title}</h1>{lead}<table class="kp-notice-meta">{meta}</table>'
        f'<div class="kp-notice-text">{text}</div>{files_html}'
        f'<p class="kp-notice-deemed">{escape(sentence)}</p>'
        "</article></body></html>\n"
    )


def safe_text(notice):
    """The notice's text through Plone's safe-HTML filter (as on display:
    marked personal data included; the notice leaves the web when it ends)."""
    value = getattr(notice, "text", None)
    if value is None:
        return ""
    return getattr(value, "output", None) or ""


def public_text(notice):
    """The notice's text without marked personal data, as plain text (feeds,
    search, REST listings)."""
    return personaldata.public_text(getattr(notice, "text", None))


# ------------------------------------------------------------ actions


def may_publish(notice):
    """The current user may fire ``publish`` / ``unpublish`` / ``end`` here
    (the transition's guard roles, checked on the notice)."""
    wf = api.portal.get_tool("portal_workflow")
    return "publish" in [t["id"] for t in wf.getTransitionsFor(notice)]


def _available(notice, transition):
    wf = api.portal.get_tool("portal_workflow")
    return transition in [t["id"] for t in wf.getTransitionsFor(notice)]


def publish(notice, today=None):
    """The user action "Julkaise": ``publish`` when the display starts on
    ``today`` or earlier, else ``schedule``. Returns the new state.
    Unauthorized for a user who may not publish; WorkflowException when the
    notice is not a draft."""
    if state(notice) != "draft":
        raise WorkflowException("only a draft notice can be published")
    if not may_publish(notice):
        raise Unauthorized("you may not publish this notice")
    today = today or helsinki_today()
    if notice.display_start > today:
        with manager_roles():
            api.content.transition(obj=notice, transition="schedule")
    else:
        api.content.transition(obj=notice, transition="publish")
    return state(notice)


def unpublish(notice):
    """Take a scheduled or published notice back to draft (by hand)."""
    if not _available(notice, "unpublish"):
        raise Unauthorized("you may not take this notice back")
    api.content.transition(obj=notice, transition="unpublish")
    return state(notice)


def display_due(notice, today):
    """A scheduled notice whose display starts on ``today`` or earlier."""
    return state(notice) == "scheduled" and notice.display_start <= today


def end_due(notice, today):
    """A notice on display (or due to be) whose last day is before ``today``."""
    end = end_of(notice)
    return (
        state(notice) in ("published", "scheduled") and end is not None and end < today
    )


def display(notice, agent=None):
    """Put a scheduled notice on the board (the clock job on its start day).
    Idempotent: False when the notice is not scheduled."""
    if state(notice) != "scheduled":
        return False
    notice._v_publication_agent = agent
    with manager_roles():
        api.content.transition(obj=notice, transition="display")
    return True


def end(notice, agent=None):
    """End a notice's display (the clock job after its last day, or by hand).
    Idempotent: False when the notice is not on display."""
    if state(notice) != "published":
        return False
    notice._v_publication_agent = agent
    with manager_roles():
        api.content.transition(obj=notice, transition="end")
    return True


def _all_notices(context, states):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="Notice",
        review_state=list(states),
        path="/".join(context.getPhysicalPath()),
    )


def due_changes(portal, today):
    """The changes due on ``today``: a list of ``(notice, action)`` with
    action ``display`` or ``end``, in the order to apply them (a scheduled
    notice whose whole period has passed gets both)."""
    out = []
    for brain in _all_notices(portal, ("scheduled", "published")):
        notice = brain._unrestrictedGetObject()
        if display_due(notice, today):
            out.append((notice, "display"))
        if end_due(notice, today):
            out.append((notice, "end"))
    return out


def apply(portal, today, agent=log.SYSTEM):
    """Apply ``due_changes(portal, today)``; returns ``(path, action)`` of
    each change made. Running it again the same day changes nothing."""
    done = []
    for notice, action in due_changes(portal, today):
        changed = display(notice, agent) if action == "display" else end(notice, agent)
        if changed:
            done.append(("/".join(notice.getPhysicalPath()), action))
    return done


def current(board_or_portal, today=None, category=None):
    """Notices on display now under ``board_or_portal`` that the current
    user may view (the public: published ones), newest first by display
    start (a back-dated notice published today is not the newest)."""
    today = today or helsinki_today()
    query = {
        "portal_type": "Notice",
        "review_state": "published",
        "path": "/".join(board_or_portal.getPhysicalPath()),
    }
    out = []
    for brain in api.portal.get_tool("portal_catalog")(**query):
        notice = brain.getObject()
        if notice.display_start > today or (end_of(notice) or today) < today:
            continue
        if category and notice.category != category:
            continue
        out.append(notice)
    return sorted(out, key=_display_start, reverse=True)


def _display_start(notice):
    return (notice.display_start or date.min, notice.created().ISO8601())


def _newest(notice):
    return (publication_day(notice) or date.min, notice.created().ISO8601())


def in_state(board, review_state):
    """The notices of ``board`` in ``review_state`` the user may view, newest first."""
    brains = api.portal.get_tool("portal_catalog")(
        portal_type="Notice",
        review_state=review_state,
        path="/".join(board.getPhysicalPath()),
    )
    return sorted((b.getObject() for b in brains), key=_newest, reverse=True)


def boards(context):
    """The notice boards under ``context`` the user may view."""
    brains = api.portal.get_tool("portal_catalog")(
        portal_type="NoticeBoard", path="/".join(context.getPhysicalPath())
    )
    return [b.getObject() for b in brains]


# --------------------------------------------------------- bookkeeping


def file_in_case(notice, html):
    """File the public document as PDF/A in the notice's case (registered),
    once per version shown; returns the CaseDocument or None."""
    case = case_of(notice)
    if case is None:
        return None
    shown = log.sha256_of(html)
    copies = getattr(notice, FILED_ATTR, None)
    if copies and copies[-1]["shown_sha256"] == shown:
        return None
    wanted = RECORD_TYPE.get(notice.category, DEFAULT_RECORD_TYPE)
    with manager_roles():
        available = record_types(case)
        if wanted not in available:
            wanted = DEFAULT_RECORD_TYPE
        if wanted not in available:
            logger.warning("no record type for a notice in %s", case.absolute_url())
            return None
        pdf = to_pdfa(html)
        document = create_document(
            case,
            title=notice.Title(),
            file=(pdf, f"{notice.getId()}.pdf"),
            record_type=wanted,
            direction="outgoing",
            registration_date=helsinki_today(),
        )
    if copies is None:
        copies = PersistentList()
        setattr(notice, FILED_ATTR, copies)
    copies.append(
        {
            "uid": api.content.get_uuid(document),
            "shown_sha256": shown,
            "sha256": getattr(document, "sha256", None),
            "date": helsinki_today().isoformat(),
        }
    )
    return document


def _agent(notice):
    agent = getattr(notice, "_v_publication_agent", None)
    notice._v_publication_agent = None
    return agent


def _period(notice):
    start, end = notice.display_start, end_of(notice)
    return {
        "display_start": start.isoformat() if start else None,
        "display_end": end.isoformat() if end else None,
    }


def after_transition(notice, event):
    """Subscriber: the publication log, ``published_on`` and the filing."""
    if event.transition is None or not INotice.providedBy(notice):
        return
    action = event.transition.id
    agent = _agent(notice)
    data = {"transition": action, **_period(notice)}
    if action in ("publish", "display"):
        notice.published_on = helsinki_today()
        html = public_html(notice)
        log.record(notice, "published", shown=html, agent=agent, data=data)
        try:
            file_in_case(notice, html)
        except Exception:
            logger.exception("filing the notice %s in its case", notice.absolute_url())
            raise
    elif action == "schedule":
        log.record(
            notice, "scheduled", shown=public_html(notice), agent=agent, data=data
        )
    elif action == "unpublish":
        log.record(
            notice,
            "unpublished",
            shown=public_html(notice),
            agent=agent,
            data={**data, "from": event.old_state.id},
        )
        notice.published_on = None
    elif action == "end":
        log.record(notice, "ended", shown=public_html(notice), agent=agent, data=data)
    notice.reindexObject()


def before_transition(notice, event):
    """Subscriber: ``publish`` only once the display has started, ``schedule``
    only for a later start (the state menu and REST ``@workflow``; the
    "Julkaise" action picks the right one)."""
    if event.transition is None or not INotice.providedBy(notice):
        return
    action = event.transition.id
    start = getattr(notice, "display_start", None)
    if start is None:
        return
    today = helsinki_today()
    if action == "publish" and start > today:
        raise WorkflowException(
            "The display starts later: the notice is scheduled by Julkaise."
        )
    if action == "schedule" and start <= today:
        raise WorkflowException("The display has started: publish the notice.")


def saved(notice, event):
    """Subscriber (added, modified): the case UID and the default end."""
    sync_case(notice)


def board_of(notice):
    for item in notice.aq_chain:
        if INoticeBoard.providedBy(item):
            return item
    return None
