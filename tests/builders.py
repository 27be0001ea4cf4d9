"""Builders of test content for the records core (tests only).

``make_registry`` gives a test an archive creator with two sub-archive
creators, a classification plan with the task classes of ``TASK_CLASSES`` and
a registry ``kirjaamo``: the same structure the demo has, made small.
"""

from plone import api


TASK_CLASSES = {
    "00.01.00": "Hallinnon yleiset asiat",
    "02.05.01": "Talousarvio",
    "10.03.02": "Rakennusluvat",
    "12.01.00": "Varhaiskasvatus",
}
SUB_ARCHIVE_CREATORS = (
    ("kunnanhallitus", "Kunnanhallitus"),
    ("tekninen-lautakunta", "Tekninen lautakunta"),
)


def make_registry(portal, prefix="ESIM", number_format=None):
    """The registry ``kirjaamo`` of archive creator ``esimerkkikunta``.

    Existing objects (e.g. the demo's) are reused, missing ones created.
    """
    creator = portal.get("esimerkkikunta") or api.content.create(
        container=portal,
        type="ArchiveCreator",
        id="esimerkkikunta",
        title="Esimerkkikunta",
        code="ESIM",
    )
    for sub_id, title in SUB_ARCHIVE_CREATORS:
        if sub_id not in creator.objectIds():
            api.content.create(
                container=creator,
                type="SubArchiveCreator",
                id=sub_id,
                title=title,
                code=sub_id.upper()[:6],
                kind="body",
            )
    _make_plan(creator)
    if "kirjaamo" in creator.objectIds():
        return creator["kirjaamo"]
    fields = {"prefix": prefix}
    if number_format:
        fields["number_format"] = number_format
    return api.content.create(
        container=creator, type="Registry", id="kirjaamo", title="Kirjaamo", **fields
    )


def _make_plan(creator):
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


def make_records(portal, title="Kaavamuutos", task_class="10.03.02"):
    """As Manager: the registry and one registered case in it."""
    from municipality.policy.registry.api import register_case
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import TEST_USER_NAME
    from plone.app.testing import login
    from plone.app.testing import setRoles

    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    registry = make_registry(portal)
    return registry, register_case(registry, title=title, task_class=task_class)


def make_statement(case, register=True):
    """A statement (Lausunto) PDF in ``case``, registered unless told not to."""
    from municipality.policy.documents.api import create_document
    from municipality.policy.documents.pdf import make_pdf

    return create_document(
        case,
        title="Lausunto",
        file=(make_pdf("Lausunto", ["Lausunto hankkeesta."]), "lausunto.pdf"),
        record_type="Lausunto",
        direction="incoming",
        register=register,
    )


def make_case(registry, title, publicity, sector="sivistyslautakunta", **fields):
    """A registered case of task class 00.01.00 in ``sector``; one that is not
    public names a ground for secrecy (JulkL 24.1 § 25 k) and a reason."""
    from municipality.policy.registry.api import register_case
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    # as registration does: ids never come from the (secret) title
    case = register_case(
        registry,
        title=title,
        task_class="00.01.00",
        sub_archive_creator=sector,
        **fields,
    )
    case.publicity_class = publicity
    if publicity != "public":
        case.security_reasons = ["24.1.25"]
        case.restriction_reason = "Testi"
    notify(ObjectModifiedEvent(case))
    return case


def public_decided_case(portal, accept, why):
    """The first public decided case under ``portal`` for which ``accept(case)``.

    Begins a new transaction (a served test reads what the server wrote); fails
    the test, saying ``why`` such a case was wanted, when there is none.
    """
    from municipality.policy.interfaces import ICase
    import pytest
    import transaction

    transaction.begin()
    for brain in api.content.find(
        context=portal,
        object_provides=ICase.__identifier__,
        review_state="paatetty",
        publicity_class="public",
    ):
        case = brain.getObject()
        if accept(case):
            return case
    pytest.fail(f"no public decided case {why}")
