"""Ids of a case's records never come from a (secret) title: a document, an
agenda item and an office-holder decision get a random id through every
channel that lets Plone choose (``cases.names``)."""

from builders import make_case
from builders import make_registry
from municipality.policy.meetings import agenda
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
import re


TITLE = "Virtanen Matti, huostaanotto"
SLUG = "virtanen"


def test_records_in_a_case_get_random_ids(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    case = make_case(registry, TITLE, "secret")
    # the meetings' own API (it lets Plone choose)
    item = agenda.draft_item(case)
    assert item.Title() == TITLE
    assert re.fullmatch(r"asiakohta-[0-9a-f]{10}", item.getId())
    # plone.api without an id: it asks the case's chooser with the title
    made = {
        "AgendaItem": r"asiakohta-[0-9a-f]{10}",
        "OfficeHolderDecision": r"paatos-[0-9a-f]{10}",
        "CaseDocument": r"asiakirja-[0-9a-f]{10}",
    }
    for portal_type, pattern in made.items():
        obj = api.content.create(container=case, type=portal_type, title=TITLE)
        assert re.fullmatch(pattern, obj.getId()), portal_type
        assert SLUG not in obj.absolute_url()
    # an id given explicitly is kept (the demo's items)
    kept = api.content.create(
        container=case, type="AgendaItem", id="asiakohta-2026-1", title=TITLE
    )
    assert kept.getId() == "asiakohta-2026-1"
    assert SLUG not in " ".join(case.objectIds())


def test_upgrade_1015_renames_records_named_after_their_title(portal):
    from builders import make_statement
    from municipality.policy.upgrades import v1015
    import transaction

    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    case = make_case(registry, TITLE, "secret")
    named = api.content.create(
        container=case, type="AgendaItem", id="virtanen-matti-huostaanotto", title=TITLE
    )
    uid = named.UID()
    document = make_statement(case)
    demo = api.content.create(
        container=case, type="AgendaItem", id="asiakohta-2026-1", title=TITLE
    )
    kept = sorted((document.getId(), demo.getId()))
    transaction.savepoint(optimistic=True)  # a site's objects are stored
    v1015.random_record_ids(None)
    renamed = api.content.get(UID=uid)
    assert re.fullmatch(r"asiakohta-[0-9a-f]{10}", renamed.getId())
    assert SLUG not in " ".join(case.objectIds())
    assert set(kept) <= set(case.objectIds())
    catalog = api.portal.get_tool("portal_catalog")
    assert [b.getPath() for b in catalog.unrestrictedSearchResults(UID=uid)] == [
        "/".join(renamed.getPhysicalPath())
    ]
