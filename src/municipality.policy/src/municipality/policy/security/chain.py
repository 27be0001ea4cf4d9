"""Publicity takes part in visibility: workflow variants chosen by publicity.

Design. Each records family has one state machine (the states and
transitions of ARCHITECTURE.md) generated as several DCWorkflow *variants*
that differ only in their role -> permission maps (``security.model``):

- Case: ``municipality_case_workflow`` (restricted: only holders of a role
  on the case, its sub-archive creator or above) and
  ``municipality_case_workflow_public`` (all staff; the public once decided).
- CaseDocument: ``municipality_document_workflow`` (restricted),
  ``..._internal`` (all staff) and ``..._public`` (the public once registered).

The type bindings in ``workflows.xml`` name the restricted variant, so any
code that bypasses this adapter denies by default. ``WorkflowChain`` (an
``IWorkflowChain`` adapter) picks the variant from the object itself:

- a case is public iff its ``publicity_class`` is ``public``;
- a document is ``public`` iff its own class is public, its case is public or
  partly secret and the case is in a published (decided) state; ``internal``
  iff both are public but the case is not decided yet; else ``restricted``
  (a document is never looser than its case).

Because the permissions live on the object (workflow role mappings), every
channel that checks ``View`` or the catalog's ``allowedRolesAndUsers`` (pages,
listings, navigation, search, REST, downloads) obeys the same rule.

``sync(obj)`` runs when publicity, the case state or the object changes: it
carries the workflow history (so the state) over to the newly chosen variant,
re-applies its role mappings and reindexes the object's security.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from municipality.policy.security.model import CASE_PUBLISHED_STATES
from municipality.policy.security.model import VARIANTS
from plone.base.interfaces import IWorkflowChain
from plone.dexterity.interfaces import IDexterityContent
from Products.CMFCore.interfaces import IWorkflowTool
from Products.CMFPlone.workflow import ToolWorkflowChain
from zope.component import adapter
from zope.interface import implementer


ATTR = "_municipality_workflow"
FAMILY_BY_TYPE = {"Case": "case", "CaseDocument": "document"}
PUBLIC = "public"


def publicity(obj):
    """The stored publicity class (``None`` when the behavior is absent)."""
    return getattr(aq_base(obj), "publicity_class", None)


def parent_case(obj):
    parent = aq_parent(aq_inner(obj))
    if parent is not None and getattr(aq_base(parent), "portal_type", None) == "Case":
        return parent
    return None


def _state_of(obj, tool):
    for wf_id in tool.getChainFor(obj):
        history = (getattr(aq_base(obj), "workflow_history", None) or {}).get(wf_id)
        if history:
            return history[-1].get("review_state")
        workflow = tool.getWorkflowById(wf_id)
        return getattr(workflow, "initial_state", None)
    return None


def variant(obj, tool):
    """The variant name (``public``, ``internal``, ``restricted``) for ``obj``."""
    family = FAMILY_BY_TYPE.get(getattr(aq_base(obj), "portal_type", None))
    if family == "case":
        return "public" if publicity(obj) == PUBLIC else "restricted"
    if family == "document":
        if publicity(obj) != PUBLIC:
            return "restricted"
        case = parent_case(obj)
        if case is None:
            return "internal"
        case_class = publicity(case)
        published = _state_of(case, tool) in CASE_PUBLISHED_STATES
        if case_class in (PUBLIC, "partly_secret") and published:
            return "public"
        if case_class == PUBLIC:
            return "internal"
        return "restricted"
    return None


@adapter(IDexterityContent, IWorkflowTool)
@implementer(IWorkflowChain)
def WorkflowChain(context, workflow_tool):
    """The tool's chain, with a records family's base workflow replaced by
    the variant that the object's publicity selects."""
    chain = ToolWorkflowChain(context, workflow_tool)
    family = FAMILY_BY_TYPE.get(getattr(aq_base(context), "portal_type", None))
    if family is None:
        return chain
    variants = VARIANTS[family]
    if tuple(chain) != (variants["restricted"],):
        return chain  # rebound by a site manager: respect it
    name = variant(context, workflow_tool)
    return (variants.get(name, variants["restricted"]),)


def family_ids(obj):
    family = FAMILY_BY_TYPE.get(getattr(aq_base(obj), "portal_type", None))
    return tuple(VARIANTS.get(family, {}).values())


def sync(obj):
    """Move ``obj`` onto its current variant, keeping its state. True if moved."""
    from plone import api

    ids = family_ids(obj)
    if not ids:
        return False
    tool = api.portal.get_tool("portal_workflow")
    chain = tool.getChainFor(obj)
    if not chain or chain[0] not in ids:
        return False
    target = chain[0]
    base = aq_base(obj)
    history = getattr(base, "workflow_history", None)
    if history is None:
        return False
    current = getattr(base, ATTR, None)
    if current == target and target in history:
        return False
    source = current if current in history else None
    if source is None:
        present = [wf_id for wf_id in ids if wf_id in history and wf_id != target]
        if target not in history and present:
            source = max(present, key=lambda wf_id: history[wf_id][-1].get("time"))
    if source is not None and source != target:
        history[target] = tuple(history[source])
    setattr(obj, ATTR, target)
    tool.getWorkflowById(target).updateRoleMappingsFor(obj)
    obj.reindexObjectSecurity()
    obj.reindexObject(idxs=["review_state"])
    return True


def sync_tree(obj):
    """Sync ``obj`` and, for a case, its documents."""
    moved = sync(obj)
    if getattr(aq_base(obj), "portal_type", None) == "Case":
        for child in obj.objectValues():
            moved = sync(child) or moved
    return moved
