"""The registry's inbox of e-service submissions (``@@eservices-inbox``).

A case came from the e-services when the registry's tracking annotation
(``tracking.KEY``: ``{"uid", "kind", "arrival"}`` per submission) names it;
no catalog index is needed. Only cases the current user may View are
counted and listed (a restricted catalog query by UID): the inbox shows
nothing the diary's staff could not open anyway.

- ``counts``: per kind, ``new`` (still ``vireilla``) and ``all``;
- ``rows``: the newest submissions (optionally of one kind), each with the
  diary number, the case's URL, kind, arrival (aware UTC), due date,
  ``overdue`` (due date passed while the case still awaits a decision),
  state and its title.
"""

from datetime import date
from municipality.policy.base.dates import today
from municipality.policy.eservices import tracking
from municipality.policy.eservices.settings import KINDS
from municipality.policy.search.records import STAFF_ROLES
from plone import api
from zope.annotation.interfaces import IAnnotations


#: a case's first state: registered, nobody has taken it up yet
NEW_STATE = "vireilla"
#: states in which the case still awaits a decision (overdue can apply)
PENDING_STATES = ("vireilla", "valmistelussa", "ratkaistavana", "avattu_uudelleen")
#: how many submissions the inbox lists
NEWEST = 50


def may_use(registry):
    """Registry staff: a signed-in user with a staff or records role (or
    Manager, Site Administrator) in ``registry`` (local roles acquired from
    the archive creator count)."""
    if api.user.is_anonymous():
        return False
    user = api.user.get_current()
    try:
        roles = user.getRolesInContext(registry)
    except AttributeError:
        return False
    return bool(STAFF_ROLES.intersection(roles))


def records(registry):
    """The tracking records of ``registry`` (copies), newest arrival first."""
    found = [
        dict(record)
        for record in (IAnnotations(registry).get(tracking.KEY) or {}).values()
    ]
    found.sort(key=lambda record: record["arrival"], reverse=True)
    return found


def _is_registry_path(brain, registry):
    path = "/".join(registry.getPhysicalPath()) + "/"
    return brain.getPath().startswith(path)


def entries(registry):
    """``[(record, brain)]`` of the submissions the current user may View,
    newest first."""
    found = records(registry)
    uids = [record["uid"] for record in found]
    if not uids:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    brains = {
        brain.UID: brain
        for brain in catalog(UID=uids, portal_type="Case")
        if _is_registry_path(brain, registry)
    }
    return [
        (record, brains[record["uid"]]) for record in found if record["uid"] in brains
    ]


def counts(found):
    """``{kind: {"new": n, "all": n}}`` of every kind, in ``KINDS`` order."""
    result = {kind: {"new": 0, "all": 0} for kind in KINDS}
    for record, brain in found:
        row = result.get(record["kind"])
        if row is None:
            continue
        row["all"] += 1
        if brain.review_state == NEW_STATE:
            row["new"] += 1
    return result


def rows(found, kind=None, limit=NEWEST, day=None):
    """The newest ``limit`` submissions (of ``kind``) as dicts."""
    day = day or today()
    result = []
    for record, brain in found:
        if kind and record["kind"] != kind:
            continue
        due = brain.due_date if isinstance(brain.due_date, date) else None
        state = brain.review_state
        result.append(
            {
                "diary_number": brain.diary_number,
                "url": brain.getURL(),
                "kind": record["kind"],
                "arrival": record["arrival"],
                "due_date": due,
                "overdue": bool(due and due < day and state in PENDING_STATES),
                "review_state": state,
            }
        )
        if len(result) >= limit:
            break
    return result
