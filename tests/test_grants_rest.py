"""``@grants`` over HTTP: list with causes, grant, revoke, and refusals."""

from municipality.policy.demo.users import DEMO_PASSWORD
from municipality.policy.security import grants
from plone import api
from statuses import REST_FORBIDDEN
from statuses import WrongStatus
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


@pytest.mark.xfail(strict=True, raises=WrongStatus, reason=REST_FORBIDDEN)
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
