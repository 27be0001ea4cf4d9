"""Publicity class, security reasons and personal-data class decide visibility.

``security.chain.exposure`` reads a record's three restriction values; these
tests show who can see a decided case and its documents for each combination
(the exhaustive walk in ``test_permission_table`` checks each variant's table).
"""

from builders import make_registry
from municipality.policy.documents.api import create_document
from municipality.policy.registry.api import register_case
from municipality.policy.security import chain
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import pytest


STAFF = "henkilo"


@pytest.fixture
def registry(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = make_registry(portal)
    api.user.create(email="h@example.invalid", username=STAFF, password="Pw-1234567")
    api.user.grant_roles(username=STAFF, roles=["Staff"])
    yield registry


def decide(case):
    for transition in ("prepare", "submit", "decide"):
        api.content.transition(obj=case, transition=transition)


def readers(obj):
    """Who of the public and plain staff may view ``obj``."""
    anonymous = "Anonymous" in [
        r["name"] for r in obj.rolesOfPermission("View") if r["selected"]
    ]
    staff = api.user.has_permission("View", username=STAFF, obj=obj)
    return {"public": anonymous, "staff": staff}


def decided_case(registry, **restriction):
    case = register_case(
        registry, title="Asia", task_class="00.01.00", publicity_class="public"
    )
    for name, value in restriction.items():
        setattr(case, name, value)
    notify(ObjectModifiedEvent(case))
    decide(case)
    return case


@pytest.mark.parametrize(
    "restriction, variant, seen_by",
    [
        ({}, "public", {"public": True, "staff": True}),
        ({"personal_data": "none"}, "public", {"public": True, "staff": True}),
        (
            {"personal_data": "personal"},
            "internal",
            {"public": False, "staff": True},
        ),
        (
            {"personal_data": "sensitive"},
            "restricted",
            {"public": False, "staff": False},
        ),
        (
            {"personal_data": "criminal"},
            "restricted",
            {"public": False, "staff": False},
        ),
        (
            {"security_reasons": ["24.1.25"]},
            "restricted",
            {"public": False, "staff": False},
        ),
        (
            {"publicity_class": "partly_secret"},
            "restricted",
            {"public": False, "staff": False},
        ),
        (
            {"publicity_class": "not_yet_public"},
            "restricted",
            {"public": False, "staff": False},
        ),
    ],
)
def test_case_visibility(registry, restriction, variant, seen_by):
    case = decided_case(registry, **restriction)
    wftool = api.portal.get_tool("portal_workflow")
    assert wftool.getChainFor(case) == (chain.VARIANTS["case"][variant],)
    assert api.content.get_state(case) == "paatetty"
    assert readers(case) == seen_by


def test_personal_data_change_moves_a_decided_case_and_back(registry):
    case = decided_case(registry)
    assert readers(case) == {"public": True, "staff": True}
    case.personal_data = "sensitive"
    notify(ObjectModifiedEvent(case))
    assert readers(case) == {"public": False, "staff": False}
    assert api.content.get_state(case) == "paatetty"
    case.personal_data = "none"
    notify(ObjectModifiedEvent(case))
    assert readers(case) == {"public": True, "staff": True}


def _doc(case, **restriction):
    if restriction:
        restriction.setdefault("restriction_reason", "Testi")
    return create_document(
        case,
        title="Liite",
        file=(b"sisalto", "liite.txt"),
        record_type=next(iter(_record_types(case))).value,
        direction="incoming",
        **restriction,
    )


def _record_types(case):
    from municipality.policy.documents.vocabularies import record_types

    return record_types(case)


def test_documents_of_a_decided_public_case(registry):
    case = register_case(
        registry, title="Asia", task_class="00.01.00", publicity_class="public"
    )
    plain = _doc(case, personal_data="none")
    personal = _doc(case, personal_data="personal")
    special = _doc(case, personal_data="sensitive")
    assert readers(plain) == {"public": False, "staff": True}  # not decided yet
    decide(case)
    assert readers(plain) == {"public": True, "staff": True}
    assert readers(personal) == {"public": False, "staff": True}
    assert readers(special) == {"public": False, "staff": False}


def test_public_part_of_a_partly_secret_case(registry):
    """A public document does not inherit the case's grounds for secrecy, so it
    is published with the decision; the secret part stays with role holders."""
    case = register_case(
        registry,
        title="Hankinta",
        task_class="00.01.00",
        publicity_class="partly_secret",
        security_reasons=["24.1.20"],
        secrecy_period=25,
        personal_data="none",
        restriction_reason="Liikesalaisuus",
    )
    public = _doc(case, publicity_class="public")
    secret = _doc(case)
    assert public.security_reasons in (None, [])
    assert public.secrecy_period is None
    assert secret.security_reasons == ["24.1.20"]
    assert readers(public) == {"public": False, "staff": False}  # not decided
    decide(case)
    assert readers(public) == {"public": True, "staff": True}
    assert readers(secret) == {"public": False, "staff": False}
    assert readers(case) == {"public": False, "staff": False}


def test_public_document_with_grounds_is_refused(registry):
    from municipality.policy.documents.api import DocumentError

    case = register_case(
        registry, title="Asia", task_class="00.01.00", publicity_class="public"
    )
    with pytest.raises(DocumentError) as info:
        _doc(case, publicity_class="public", security_reasons=["24.1.25"])
    assert info.value.field == "security_reasons"
    assert case.objectIds() == []


def test_invariant_refuses_public_with_grounds(registry):
    from municipality.policy.classification.behaviors import IRestriction
    from municipality.policy.classification.behaviors import PublicWithSecrecyGrounds
    from z3c.form.validator import Data

    case = register_case(registry, title="Asia", task_class="00.01.00")
    data = {
        "publicity_class": "public",
        "security_reasons": ["24.1.25"],
        "restriction_reason": "Testi",
    }
    with pytest.raises(PublicWithSecrecyGrounds) as info:
        IRestriction.validateInvariants(Data(IRestriction, data, case))
    assert info.value.field == "security_reasons"
    data["security_reasons"] = []
    IRestriction.validateInvariants(Data(IRestriction, data, case))
