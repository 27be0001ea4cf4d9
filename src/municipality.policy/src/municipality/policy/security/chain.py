"""Restriction metadata decides visibility: workflow variants chosen per object.

Design. Each records family has one state machine (the states and
transitions of ARCHITECTURE.md) generated as several DCWorkflow *variants*
that differ only in their role -> permission maps (``security.model``):

- Case: ``municipality_case_workflow`` (restricted: only holders of a role
  on the case, its sub-archive creator or above), ``..._internal`` (all
  staff) and ``..._public`` (all staff; the public once decided).
- CaseDocument: ``municipality_document_workflow`` (restricted),
  ``..._internal`` (all staff) and ``..._public`` (the public once registered).

The type bindings in ``workflows.xml`` name the restricted variant, so any
code that bypasses this adapter denies by default. ``WorkflowChain`` (an
``IWorkflowChain`` adapter) picks the variant from the object itself.

``exposure(obj)`` reads the three restriction values of one record:

- publicity class other than ``public`` -> ``restricted``;
- any security reason (grounds for secrecy) -> ``restricted``: a record that
  names a ground for secrecy is never treated as public (the forms refuse a
  public record with grounds, so this only guards odd data);
- special-category or criminal-offence personal data -> ``restricted``;
- ordinary personal data -> ``internal``: public under the Act on the Openness
  of Government Activities (anyone may request it), but not published on the
  web (Kuntalaki 140 §, data protection); the public sees the public diary;
- otherwise ``public``.

- AgendaItem, OfficeHolderDecision (in their case):
  ``municipality_item_workflow`` / ``municipality_decision_workflow``
  (restricted) and ``..._internal`` (all staff and elected officials once
  the agenda is out / the decision is made); no public variant.

A case's variant is its exposure. An agenda item or office-holder decision is
``restricted`` when it or its case is, else ``internal``. A document is never looser than its own
exposure nor than its case allows: ``public`` only when the case is public or
partly secret *and* decided; ``internal`` when the case is public or decided
partly secret; else ``restricted``.

Because the permissions live on the object (workflow role mappings), every
channel that checks ``View`` or the catalog's ``allowedRolesAndUsers`` (pages,
listings, navigation, search, REST, downloads) obeys the same rule.

``sync(obj)`` runs when the restriction, the case state or the object changes:
it carries the workflow history (so the state) over to the newly chosen
variant, re-applies its role mappings and reindexes the object's security.
"""

from Acquisition import aq_base
from municipality.policy.base.content import parent_case
from municipality.policy.interfaces import IAgendaItem
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import IOfficeHolderDecision
from municipality.policy.security.model import CASE_PUBLISHED_STATES
from municipality.policy.security.model import VARIANTS
from plone.base.interfaces import IWorkflowChain
from plone.dexterity.interfaces import IDexterityContent
from Products.CMFCore.interfaces import IWorkflowTool
from Products.CMFPlone.workflow import ToolWorkflowChain
from zope.component import adapter
from zope.interface import implementer


ATTR = "_municipality_workflow"
#: records family (the key of ``model.VARIANTS``) by marker interface
FAMILIES = (
    (ICase, "case"),
    (ICaseDocument, "document"),
    (IAgendaItem, "item"),
    (IOfficeHolderDecision, "decision"),
)
PUBLIC = "public"


def publicity(obj):
    """The stored publicity class (``None`` when the behavior is absent)."""
    return getattr(aq_base(obj), "publicity_class", None)


def family(obj):
    """``case``, ``document`` or None: the records family of ``obj``."""
    for marker, name in FAMILIES:
        if marker.providedBy(obj):
            return name
    return None


def _state_of(obj, tool):
    for wf_id in tool.getChainFor(obj):
        history = (getattr(aq_base(obj), "workflow_history", None) or {}).get(wf_id)
        if history:
            return history[-1].get("review_state")
        workflow = tool.getWorkflowById(wf_id)
        return getattr(workflow, "initial_state", None)
    return None


#: Personal-data classes that keep a record to the holders of a role on it.
SPECIAL_PERSONAL_DATA = ("sensitive", "criminal")
RESTRICTED, INTERNAL = "restricted", "internal"


def exposure(obj):
    """``public``, ``internal`` or ``restricted``: what one record's own
    publicity class, security reasons and personal-data class allow."""
    base = aq_base(obj)
    if publicity(obj) != PUBLIC or getattr(base, "security_reasons", None):
        return RESTRICTED
    personal_data = getattr(base, "personal_data", None)
    if personal_data in SPECIAL_PERSONAL_DATA:
        return RESTRICTED
    if personal_data == "personal":
        return INTERNAL
    return PUBLIC


def _nothing_secret(obj):
    base = aq_base(obj)
    return not getattr(base, "security_reasons", None) and getattr(
        base, "personal_data", None
    ) in (None, "none")


def fully_public(obj):
    """Public, without grounds for secrecy or personal data: access to anything
    else is written to the access log."""
    return publicity(obj) == PUBLIC and _nothing_secret(obj)


def title_is_public(obj):
    """True when anyone may read the record's own title in the public diary:
    a fully public record or, by the Openness Act's default, an unclassified
    one without grounds for secrecy or personal data. Otherwise the diary
    shows the public title."""
    return publicity(obj) in (None, PUBLIC) and _nothing_secret(obj)


def variant(obj, tool):
    """The variant name (``public``, ``internal``, ``restricted``) for ``obj``."""
    kind = family(obj)
    if kind == "case":
        return exposure(obj)
    if kind == "document":
        own = exposure(obj)
        if own == RESTRICTED:
            return RESTRICTED
        case = parent_case(obj)
        if case is None:
            return INTERNAL
        case_class = publicity(case)
        published = _state_of(case, tool) in CASE_PUBLISHED_STATES
        if case_class != PUBLIC and not (case_class == "partly_secret" and published):
            return RESTRICTED
        return PUBLIC if own == PUBLIC and published else INTERNAL
    if kind in ("item", "decision"):
        # Never looser than its case; no public variant (the public reads
        # the public version, without marked personal data).
        case = parent_case(obj)
        if exposure(obj) == RESTRICTED or case is None:
            return RESTRICTED
        return RESTRICTED if exposure(case) == RESTRICTED else INTERNAL
    return None


@adapter(IDexterityContent, IWorkflowTool)
@implementer(IWorkflowChain)
def WorkflowChain(context, workflow_tool):
    """The tool's chain, with a records family's base workflow replaced by
    the variant that the object's publicity selects."""
    chain = ToolWorkflowChain(context, workflow_tool)
    kind = family(context)
    if kind is None:
        return chain
    variants = VARIANTS[kind]
    if tuple(chain) != (variants["restricted"],):
        return chain  # rebound by a site manager: respect it
    name = variant(context, workflow_tool)
    return (variants.get(name, variants["restricted"]),)


def family_ids(obj):
    return tuple(VARIANTS.get(family(obj), {}).values())


def _when(entry):
    """A history entry's time as a number (DateTime, datetime, epoch or none)."""
    value = entry.get("time")
    if hasattr(value, "timeTime"):
        return value.timeTime()
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return value if isinstance(value, (int, float)) else 0


def sync(obj):
    """Move ``obj`` onto its current variant, keeping its state. True if moved.

    The state is the newest history among the family's variants: an object
    whose restriction changed before its first sync has its transitions on
    the variant it was on then, which is not necessarily the one recorded in
    ``ATTR``.
    """
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
    present = [wf_id for wf_id in ids if history.get(wf_id)]
    current = getattr(base, ATTR, None)
    # the newest history wins; on a tie the target's, then the recorded one's
    newest = max(
        present,
        key=lambda wf_id: (
            _when(history[wf_id][-1]),
            len(history[wf_id]),
            wf_id == target,
            wf_id == current,
        ),
        default=None,
    )
    if current == target and newest in (None, target):
        return False
    if newest is not None and newest != target:
        history[target] = tuple(history[newest])
    setattr(obj, ATTR, target)
    tool.getWorkflowById(target).updateRoleMappingsFor(obj)
    obj.reindexObjectSecurity()
    obj.reindexObject(idxs=["review_state"])
    return True


def sync_tree(obj):
    """Sync ``obj`` and, for a case, its documents and decision records."""
    moved = sync(obj)
    if ICase.providedBy(obj):
        for child in obj.objectValues():
            moved = sync(child) or moved
    return moved
