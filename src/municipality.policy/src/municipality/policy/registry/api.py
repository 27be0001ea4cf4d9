"""Registering cases and finding them by diary number."""

from municipality.policy.base.ids import new_case_id
from plone import api
from ZODB.POSException import ConflictError
import random
import time
import transaction


def get_case_by_diary_number(number):
    """The case with diary ``number`` (a catalog query), or None."""
    if not number:
        return None
    brains = api.content.find(portal_type="Case", diary_number=number)
    return brains[0].getObject() if brains else None


def _create(registry, fields):
    fields = dict(fields)
    fields.pop("diary_number", None)
    case_id = fields.pop("id", None) or new_case_id()
    return api.content.create(container=registry, type="Case", id=case_id, **fields)


def register_case(registry, commit=False, attempts=30, **fields):
    """Add a Case with ``fields`` to ``registry``; it gets its diary number.

    With ``commit=False`` the caller owns the transaction (a request: the
    publisher retries conflicts). With ``commit=True`` this function owns it:
    it commits, and on a ``ConflictError`` (another registration took the
    same counter) aborts and retries up to ``attempts`` times.
    """
    if not commit:
        return _create(registry, fields)
    path = registry.getPhysicalPath()
    root = registry.getPhysicalRoot()
    for attempt in range(1, attempts + 1):
        try:
            transaction.begin()
            current = root.unrestrictedTraverse(path)
            case = _create(current, fields)
            transaction.commit()
            return case
        except ConflictError:
            transaction.abort()
            if attempt == attempts:
                raise
            time.sleep(random.uniform(0, 0.01 * attempt))
    raise AssertionError("unreachable")
