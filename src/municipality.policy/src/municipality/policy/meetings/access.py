"""The access log for meeting material (Information Management Act 906/2019 §17).

``security.accesslog.after_traversal`` logs a use of the deepest record
(``IRecord``: case, document, agenda item, office-holder decision) in the
request's path. Meeting documents (the agenda and minutes in full, their
PDFs) are published on the meeting, outside any record, so ``after_traversal``
here logs, for a meeting document that shows §s in full (``FULL_TEXT_VIEWS``),
a view of every non-public item on the agenda the reader may View.

``@@attachment`` and ``@@meeting-package`` log the documents they stream
themselves (``log`` = ``security.accesslog.log_use``: a use that cannot be
logged is refused, 503, not served unlogged).
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from municipality.policy.base.content import parent_case
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import IDecisionRecord
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings.lookup import agenda_items
from municipality.policy.meetings.lookup import agenda_uids
from municipality.policy.meetings.lookup import by_uid
from municipality.policy.security import accesslog
from plone import api


#: Views (and REST services) on a meeting that show non-public §s in full to
#: a reader who may read them.
FULL_TEXT_VIEWS = (
    "agenda",
    "agenda-document",
    "agenda.pdf",
    "minutes",
    "minutes-document",
    "minutes.pdf",
)


def _candidates(request):
    published = request.get("PUBLISHED")
    objects = [published] if published is not None else []
    objects += list(request.get("PARENTS") or ())
    return [getattr(obj, "context", obj) for obj in objects if obj is not None]


def _deepest(objects, marker):
    best = None
    for obj in objects:
        if marker.providedBy(obj) and (
            best is None or len(obj.getPhysicalPath()) > len(best.getPhysicalPath())
        ):
            best = obj
    return best


def view_name(request):
    """The name of the view or service published, without ``@@`` / ``@``."""
    steps = [str(step) for step in (getattr(request, "steps", None) or ())]
    if not steps:
        return ""
    return steps[-1].lstrip("@")


log = accesslog.log_use


def readable_items(meeting):
    """The items on ``meeting``'s agenda the current user may View, in order."""
    manager = getSecurityManager()
    return [
        item for item in agenda_items(meeting) if manager.checkPermission("View", item)
    ]


def after_traversal(event):
    """Subscriber (IPubAfterTraversal): log decision records and full meeting
    documents (see the module's docstring)."""
    request = event.request
    candidates = _candidates(request)
    if _deepest(candidates, IDecisionRecord) is not None:
        return  # the record itself: security.accesslog logs it
    meeting = _deepest(candidates, IMeeting)
    if meeting is None or view_name(request) not in FULL_TEXT_VIEWS:
        return
    if not agenda_uids(meeting):
        return
    action = accesslog.classify(request)
    if view_name(request).endswith(".pdf") and action == "view":
        action = "download"
    for item in readable_items(meeting):
        log(item, action, request)


# ---------------------------------------------------- attachments of items
#: Roles on an item whose holders read all its attachments (its body's
#: members, secretary and presenters, its preparers).
MEETING_ROLES = ("BodyMember", "MeetingSecretary", "Presenter", "Preparer")


def attachment_rows(item):
    """``(row, document)`` for each attachment listed on ``item`` that is a
    document of the item's own case (unrestricted)."""
    case = parent_case(item)
    found = []
    for row in getattr(aq_base(item), "attachments", None) or ():
        if not isinstance(row, dict) or not row.get("uid"):
            continue
        doc = by_uid(row["uid"])
        if (
            doc is None
            or not ICaseDocument.providedBy(doc)
            or case is None
            or aq_base(parent_case(doc)) is not aq_base(case)
        ):
            continue
        found.append((row, doc))
    return found


def may_read_attachment(item, row, doc):
    """May the current user read ``doc``, listed on ``item`` as ``row``?

    Whoever may View the document itself; and whoever may View the item, for a
    public attachment, or for any attachment when they hold a meeting role on
    the item (a member reads the attachments of their body's items). The
    public never gets a non-public attachment."""
    manager = getSecurityManager()
    if manager.checkPermission("View", doc):
        return True
    if not manager.checkPermission("View", item):
        return False
    if api.user.is_anonymous():
        return bool(row.get("public"))
    if row.get("public"):
        return True
    roles = set(api.user.get_roles(obj=item))
    return bool(roles & set(MEETING_ROLES))


def readable_attachments(item):
    """``(row, document)`` the current user may read, in the item's order."""
    return [
        (row, doc)
        for row, doc in attachment_rows(item)
        if may_read_attachment(item, row, doc)
    ]
