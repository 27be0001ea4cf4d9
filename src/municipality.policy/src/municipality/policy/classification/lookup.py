"""Find the classification plan of a context and its task classes by code.

Lookups are unrestricted: defaults and codes of the plan apply to everyone
who may add a case, whatever they may see of the plan itself.
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from municipality.policy.base.dates import reader_language
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import IClassificationPlan
from municipality.policy.interfaces import ITaskClass
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from zope.globalrequest import getRequest


#: type ids, for catalog queries (objects are told by their marker interfaces)
PLAN = "ClassificationPlan"
CLASS = "TaskClass"


def _catalog():
    return api.portal.get_tool("portal_catalog")


def plan_for(context):
    """The plan in or above ``context`` (the nearest archive creator's), or the
    site's first plan, or None."""
    if context is not None:
        for obj in aq_chain(aq_inner(context)):
            if IClassificationPlan.providedBy(obj):
                return obj
            if IArchiveCreator.providedBy(obj) or IPloneSiteRoot.providedBy(obj):
                for child in obj.objectValues():
                    if IClassificationPlan.providedBy(child):
                        return child
    brains = _catalog().unrestrictedSearchResults(portal_type=PLAN, sort_on="path")
    return brains[0]._unrestrictedGetObject() if brains else None


def _class_brains(plan, **query):
    query = dict(portal_type=CLASS, **query)
    if plan is not None:
        query["path"] = "/".join(plan.getPhysicalPath())
    return _catalog().unrestrictedSearchResults(**query)


def swedish(request=None):
    """Is the reader's language (``base.dates.reader_language``) Swedish?"""
    return reader_language(request if request is not None else getRequest()) == "sv"


def class_title(task_class, request=None):
    """A TaskClass's (or its catalog brain's) title in the reader's language:
    ``title_sv`` in Swedish when it has one, else the (Finnish) title."""
    if swedish(request):
        title_sv = getattr(task_class, "title_sv", None)
        if title_sv and isinstance(title_sv, str):
            return title_sv
    title = getattr(task_class, "Title", None)
    if title is not None and not isinstance(title, str):
        title = title()  # an object; a brain has the string
    return title or getattr(task_class, "title", "") or ""


def task_class_titles(context, request=None):
    """``[(code, title)]`` of the plan's classes, in code order, titled in the
    reader's language (``class_title``)."""
    plan = plan_for(context)
    if plan is None:
        return []
    rows = {brain.getId: class_title(brain, request) for brain in _class_brains(plan)}
    return sorted(rows.items())


def task_class(code, context=None):
    """The TaskClass with ``code`` in ``context``'s plan, or None."""
    if not code:
        return None
    plan = plan_for(context)
    if plan is None:
        return None
    return _find(plan, code, guided=True) or _find(plan, code, guided=False)


def _find(container, code, guided):
    """The class with id ``code`` under ``container``, walking the tree, not
    the catalog: indexers call this while the queue is being processed, when
    the catalog may not yet hold a class added in the same transaction.
    ``guided`` descends only into classes whose code begins ``code``
    (``00.01`` holds ``00.01.00``); unguided walks the whole plan."""
    found = container._getOb(code, None)
    if ITaskClass.providedBy(found):
        return found
    for key in container.objectIds():
        if guided and not code.startswith(key):
            continue
        child = container._getOb(key)
        if ITaskClass.providedBy(child):
            found = _find(child, code, guided)
            if found is not None:
                return found
    return None


def classes_in(plan):
    """``{code: TaskClass}`` of all classes in ``plan`` (walks the tree)."""
    found = {}

    def walk(container):
        for child in container.objectValues():
            if ITaskClass.providedBy(child):
                found[child.code or child.getId()] = child
                walk(child)

    walk(plan)
    return found
