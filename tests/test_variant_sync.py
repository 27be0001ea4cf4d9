"""A record keeps its state when it moves onto another workflow variant, also
when its restriction changed and it moved on before the change was synced."""

from builders import make_registry
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


def test_state_survives_a_late_sync(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    case = api.content.create(
        container=registry, type="Case", title="Asia", task_class="00.01.00"
    )
    case.publicity_class = "secret"
    case.security_reasons = ["24.1.25"]
    notify(ObjectModifiedEvent(case))
    wftool = api.portal.get_tool("portal_workflow")
    assert wftool.getChainFor(case) == ("municipality_case_workflow",)
    # made public, then handled before anything synced the variant
    case.publicity_class = "public"
    case.security_reasons = []
    assert wftool.getChainFor(case) == ("municipality_case_workflow_public",)
    api.content.transition(obj=case, transition="prepare")
    api.content.transition(obj=case, transition="submit")
    assert api.content.get_state(case) == "ratkaistavana"
    notify(ObjectModifiedEvent(case))  # the sync
    assert api.content.get_state(case) == "ratkaistavana"
    # and back to secret: the newest history follows again
    case.publicity_class = "secret"
    case.security_reasons = ["24.1.25"]
    case.restriction_reason = "Testi"
    notify(ObjectModifiedEvent(case))
    assert wftool.getChainFor(case) == ("municipality_case_workflow",)
    assert api.content.get_state(case) == "ratkaistavana"
