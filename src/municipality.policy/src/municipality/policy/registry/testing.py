"""Test helpers of the records core (registry and cases).

They set up what the tests need while other subpackages are still landing:
the classification's task-class vocabulary and the security's case workflow
are used when present; otherwise a minimal stand-in is installed for the test.
"""

from plone import api
from zope.component import getGlobalSiteManager
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


CASE_WORKFLOW = "municipality_case_workflow"
STATES = {
    "vireilla": "Vireillä",
    "valmistelussa": "Valmistelussa",
    "ratkaistavana": "Ratkaistavana",
    "paatetty": "Päätetty",
    "toimeenpantava": "Toimeenpantava",
    "paattynyt": "Päättynyt",
    "avattu_uudelleen": "Avattu uudelleen",
    "siirretty": "Siirretty",
    "havitetty": "Hävitetty",
}
TRANSITIONS = {
    "prepare": (("vireilla", "avattu_uudelleen"), "valmistelussa"),
    "submit": (("valmistelussa",), "ratkaistavana"),
    "decide": (("ratkaistavana",), "paatetty"),
    "execute": (("paatetty",), "toimeenpantava"),
    "close": (("paatetty", "toimeenpantava"), "paattynyt"),
    "reopen": (("paattynyt",), "avattu_uudelleen"),
    "transfer": (("paattynyt",), "siirretty"),
    "dispose": (("paattynyt",), "havitetty"),
}
TASK_CLASSES = {
    "00.01.00": "Hallinnon yleiset asiat",
    "02.05.01": "Talousarvio",
    "10.03.02": "Rakennusluvat",
    "12.01.00": "Varhaiskasvatus",
}


def allow(container_type, *types):
    """Let ``container_type`` contain ``types`` (e.g. Registry in ArchiveCreator)."""
    fti = api.portal.get_tool("portal_types")[container_type]
    allowed = list(fti.allowed_content_types)
    missing = [type_ for type_ in types if type_ not in allowed]
    if missing:
        fti.allowed_content_types = tuple(allowed + missing)


class _FallbackTaskClasses:
    def __call__(self, context):
        return SimpleVocabulary(
            [
                SimpleTerm(code, code, f"{code} {title}")
                for code, title in TASK_CLASSES.items()
            ]
        )


_FALLBACK = _FallbackTaskClasses()


def ensure_task_classes(portal, creator):
    """Make the TASK_CLASSES codes valid values of ``municipality.TaskClasses``.

    Creates a plan with the classes when the classification subpackage has its
    types; otherwise registers a stand-in vocabulary (undo with ``cleanup``).
    """
    types = api.portal.get_tool("portal_types")
    if "TaskClass" in types.objectIds() and "ClassificationPlan" in types.objectIds():
        _create_plan(creator)
    if queryUtility(IVocabularyFactory, "municipality.TaskClasses") is None:
        getGlobalSiteManager().registerUtility(
            _FALLBACK, IVocabularyFactory, "municipality.TaskClasses"
        )


def _create_plan(creator):
    allow("ArchiveCreator", "ClassificationPlan")
    plan = creator.get("tos") or api.content.create(
        container=creator, type="ClassificationPlan", id="tos", title="TOS"
    )
    for code, title in TASK_CLASSES.items():
        parent = plan
        parts = code.split(".")
        for depth in range(1, len(parts) + 1):
            sub = ".".join(parts[:depth])
            if sub not in parent.objectIds():
                api.content.create(
                    container=parent,
                    type="TaskClass",
                    id=sub,
                    code=sub,
                    title=title if depth == len(parts) else sub,
                )
            parent = parent[sub]


def cleanup():
    getGlobalSiteManager().unregisterUtility(
        _FALLBACK, IVocabularyFactory, "municipality.TaskClasses"
    )


def ensure_case_workflow(portal):
    """The case workflow of ARCHITECTURE.md, minimal, if security's is not there."""
    from Products.DCWorkflow.DCWorkflow import DCWorkflowDefinition

    wftool = api.portal.get_tool("portal_workflow")
    if CASE_WORKFLOW not in wftool.objectIds():
        wftool._setObject(CASE_WORKFLOW, DCWorkflowDefinition(CASE_WORKFLOW))
        wf = wftool[CASE_WORKFLOW]
        wf.title = "Case workflow (test)"
        wf.state_var = "review_state"
        for state_id in STATES:
            wf.states.addState(state_id)
        for transition_id, (_sources, target) in TRANSITIONS.items():
            wf.transitions.addTransition(transition_id)
            wf.transitions[transition_id].setProperties(
                title=transition_id,
                new_state_id=target,
                actbox_name=transition_id,
                props={"guard_permissions": "View"},
            )
        for state_id, title in STATES.items():
            outgoing = [
                t
                for t, (sources, _target) in TRANSITIONS.items()
                if state_id in sources
            ]
            wf.states[state_id].setProperties(title=title, transitions=outgoing)
        wf.states.setInitialState("vireilla")
    if wftool.getChainForPortalType("Case") != (CASE_WORKFLOW,):
        wftool.setChainForPortalTypes(["Case"], CASE_WORKFLOW)


def make_registry(portal, prefix="ESIM", number_format=None):
    """An archive creator with two sub-archive creators and a registry ``kirjaamo``."""
    creator = portal.get("esimerkkikunta") or api.content.create(
        container=portal,
        type="ArchiveCreator",
        id="esimerkkikunta",
        title="Esimerkkikunta",
        code="ESIM",
    )
    for sub_id, title in (
        ("kunnanhallitus", "Kunnanhallitus"),
        ("tekninen-lautakunta", "Tekninen lautakunta"),
    ):
        if sub_id not in creator.objectIds():
            api.content.create(
                container=creator,
                type="SubArchiveCreator",
                id=sub_id,
                title=title,
                code=sub_id.upper()[:6],
                kind="body",
            )
    allow("ArchiveCreator", "Registry")
    ensure_task_classes(portal, creator)
    ensure_case_workflow(portal)
    if "kirjaamo" in creator.objectIds():
        return creator["kirjaamo"]
    fields = {"prefix": prefix}
    if number_format:
        fields["number_format"] = number_format
    return api.content.create(
        container=creator, type="Registry", id="kirjaamo", title="Kirjaamo", **fields
    )
