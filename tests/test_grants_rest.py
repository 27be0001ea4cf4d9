"""``@grants`` over HTTP: list with causes, grant, revoke, and refusals."""

from municipality.policy.demo.users import DEMO_PASSWORD
from municipality.policy.security import grants
from plone import api
from statuses import status_is
import pytest
import requests
import transaction


JSON = {"Accept": "application/json", "Content-Type": "application/json"}
SIV = "sivistyslautakunta"
TEK = "tekninen-lautakunta"


def auth(user):
    return (user, DEMO_PASSWORD)


@pytest.fixture
def creator(demo_rest_portal):
    api.user.create(
        email="uusi@example.invalid", username="uusi", password="Secret-123456"
    )
    transaction.commit()
    return demo_rest_portal["esimerkkikunta"]


def url(place):
    return place.absolute_url() + "/@grants"


def active(place, principal, role):
    transaction.begin()
    return [
        record
        for record in grants.grants(place, active_only=True)
        if record["principal"] == principal and record["role"] == role
    ]


def test_list_shows_causes(creator):
    response = requests.get(
        url(creator[SIV]), headers=JSON, auth=auth("sivistys-vastuuhenkilo")
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert response.json()["items_total"] == len(items) > 0
    group = [i for i in items if i["principal"] == "sivistys-valmistelija-ryhma"]
    assert group and group[0]["cause"] == "sector_membership"
    assert group[0]["cause_title"]
    assert group[0]["granted_by"]


def test_staff_cannot_list(creator):
    response = requests.get(
        url(creator[SIV]), headers=JSON, auth=auth("sivistys-henkilosto")
    )
    assert "items" not in response.json()
    status_is(response, 403)


def test_sector_manager_grants_and_revokes_in_own_sector(creator):
    sector = creator[SIV]
    response = requests.post(
        url(sector),
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
        json={"principal": "uusi", "role": "Preparer", "reason": "Sijaisuus"},
    )
    assert response.status_code == 201, response.text
    record = response.json()
    assert (record["principal"], record["role"], record["cause"]) == (
        "uusi",
        "Preparer",
        "manual",
    )
    assert record["reason"] == "Sijaisuus"
    assert record["granted_by"] == "sivistys-vastuuhenkilo"
    assert active(sector, "uusi", "Preparer")
    transaction.begin()
    assert "Preparer" in api.user.get_roles(username="uusi", obj=sector)

    response = requests.delete(
        f"{url(sector)}/{record['id']}",
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
        json={"reason": "Sijaisuus päättyi"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["revoked_by"] == "sivistys-vastuuhenkilo"
    assert not active(sector, "uusi", "Preparer")
    transaction.begin()
    assert "Preparer" not in api.user.get_roles(username="uusi", obj=sector)


def test_sector_manager_refused_in_other_sector(creator):
    response = requests.post(
        url(creator[TEK]),
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
        json={"principal": "uusi", "role": "Preparer", "reason": "x"},
    )
    # the other sector is visible (published) but delegating there is refused
    assert response.status_code == 403, response.text
    assert response.json()["error"]["type"] == "Forbidden"
    assert not active(creator[TEK], "uusi", "Preparer")


def test_sector_manager_refused_role_above_own(creator):
    response = requests.post(
        url(creator[SIV]),
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
        json={"principal": "uusi", "role": "ChiefRecordsOfficer", "reason": "x"},
    )
    assert response.status_code == 403
    assert not active(creator[SIV], "uusi", "ChiefRecordsOfficer")


@pytest.mark.parametrize(
    "body,field",
    (
        ({"role": "Preparer"}, "principal"),
        ({"principal": "uusi"}, "role"),
        ({"principal": "uusi", "role": "Preparer", "reason": 5}, "reason"),
        ({"principal": "ei-ole-olemassa", "role": "Preparer"}, "principal"),
        ({"principal": "uusi", "role": "Keisari"}, "role"),
    ),
)
def test_bad_input_names_field(creator, body, field):
    response = requests.post(
        url(creator[SIV]), headers=JSON, auth=auth("sivistys-vastuuhenkilo"), json=body
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == field
    assert not active(creator[SIV], "uusi", "Preparer")


def test_unknown_grant_id_is_400(creator):
    response = requests.delete(
        f"{url(creator[SIV])}/no-such-grant",
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"]


# ------------------------------------------ the caller's right before the input
#: a user id that exists and one that does not: the answers must not differ
REAL, UNKNOWN = "uusi", "ei-ole-olemassa"


def secret_case(portal):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case", sub_archive_creator=SIV, publicity_class="secret"
    )
    return brains[0]._unrestrictedGetObject()


def refusal(response, code, type_):
    status_is(response, code)
    body = response.json()
    assert body["error"]["type"] == type_, body
    assert "field" not in body["error"]
    assert "items" not in body
    return body["error"]["message"]


@pytest.mark.parametrize("principal", (REAL, UNKNOWN))
def test_anonymous_post_is_401_whoever_is_named(creator, principal):
    """Before: 400 "no such user" for an unknown id and a 500
    (UserNotFoundError) for a real one: user enumeration and a crash."""
    response = requests.post(
        url(creator[SIV]),
        headers=JSON,
        json={"principal": principal, "role": "Preparer", "reason": "x"},
    )
    message = refusal(response, 401, "Unauthorized")
    assert "Kirjaudu" in message  # Finnish, the site's language
    assert not active(creator[SIV], REAL, "Preparer")


@pytest.mark.parametrize("principal", (REAL, UNKNOWN))
def test_staff_post_is_403_whoever_is_named(creator, principal):
    response = requests.post(
        url(creator[SIV]),
        headers=JSON,
        auth=auth("sivistys-henkilosto"),
        json={"principal": principal, "role": "Preparer", "reason": "x"},
    )
    refusal(response, 403, "Forbidden")
    assert not active(creator[SIV], REAL, "Preparer")


def test_bad_input_of_a_caller_without_the_right_is_refused_first(creator):
    """Even a body that is no JSON object: the right is checked first."""
    for user, code, type_ in (
        (None, 401, "Unauthorized"),
        ("sivistys-henkilosto", 403, "Forbidden"),
    ):
        response = requests.post(
            url(creator[SIV]),
            headers=JSON,
            auth=auth(user) if user else None,
            data="[1, 2",
        )
        refusal(response, code, type_)


def existing_grant(place):
    transaction.begin()
    return grants.grants(place)[0]["id"]


@pytest.mark.parametrize(
    "user,code,type_",
    ((None, 401, "Unauthorized"), ("sivistys-henkilosto", 403, "Forbidden")),
)
def test_revoke_without_the_right_is_refused(creator, user, code, type_):
    sector = creator[SIV]
    grant_id = existing_grant(sector)
    for grant in (grant_id, "no-such-grant"):
        response = requests.delete(
            f"{url(sector)}/{grant}",
            headers=JSON,
            auth=auth(user) if user else None,
            json={"reason": "x"},
        )
        refusal(response, code, type_)
    transaction.begin()
    assert grants.get_grant(sector, grant_id)["revoked"] is None


def test_anonymous_cannot_list(creator):
    response = requests.get(url(creator[SIV]), headers=JSON)
    refusal(response, 401, "Unauthorized")


def test_user_who_cannot_view_the_place_is_403(creator):
    """Staff of another sector on a secret case: 403 on every method, and
    nothing of the case's grants in the answer."""
    case = secret_case(creator)
    for method, suffix, body in (
        ("GET", "", None),
        ("POST", "", {"principal": REAL, "role": "Preparer", "reason": "x"}),
        ("DELETE", "/no-such-grant", {"reason": "x"}),
    ):
        response = requests.request(
            method,
            url(case) + suffix,
            headers=JSON,
            auth=auth("tekninen-henkilosto"),
            json=body,
        )
        refusal(response, 403, "Forbidden")


def test_revoke_reason_must_be_text(creator):
    sector = creator[SIV]
    grant_id = existing_grant(sector)
    response = requests.delete(
        f"{url(sector)}/{grant_id}",
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
        json={"reason": 5},
    )
    status_is(response, 400)
    assert response.json()["error"]["field"] == "reason"
    transaction.begin()
    assert grants.get_grant(sector, grant_id)["revoked"] is None


def test_revoke_needs_a_reason(creator):
    """DELETE without a reason: 400 naming ``reason``, the grant stays."""
    sector = creator[SIV]
    response = requests.post(
        url(sector),
        headers=JSON,
        auth=auth("sivistys-vastuuhenkilo"),
        json={"principal": "uusi", "role": "Preparer", "reason": "Sijaisuus"},
    )
    assert response.status_code == 201, response.text
    grant_id = response.json()["id"]
    for body in ({}, {"reason": "  "}):
        response = requests.delete(
            f"{url(sector)}/{grant_id}",
            headers=JSON,
            auth=auth("sivistys-vastuuhenkilo"),
            json=body,
        )
        assert response.status_code == 400, response.text
        assert response.json()["error"]["field"] == "reason"
        assert active(sector, "uusi", "Preparer")
