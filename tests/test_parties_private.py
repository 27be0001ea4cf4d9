"""A case's parties are personal data: never shown to the public (issue 10).

On a public decided demo case the public reads the case page and its REST
representation, but not the names of its parties; staff and the preparer
handling it do.
"""

from builders import public_decided_case
from municipality.policy.demo.users import DEMO_PASSWORD
import pytest
import requests


#: The demo's sectors with staff accounts (README), by sub-archive creator id.
SECTOR_USERS = {"sivistyslautakunta": "sivistys", "tekninen-lautakunta": "tekninen"}


@pytest.fixture
def public_case(demo_rest_portal):
    """A public decided demo case of a sector with staff, naming parties."""
    return public_decided_case(
        demo_rest_portal,
        lambda case: (
            case.parties
            and case.sub_archive_creator in SECTOR_USERS
            # a party named in the (public) title, e.g. an association's grant,
            # is shown with the title: not the case for this test
            and not any(party in case.Title() for party in case.parties)
        ),
        "with parties",
    )


def fetch(url, user=None, json=False):
    auth = (user, DEMO_PASSWORD) if user else None
    headers = {"Accept": "application/json"} if json else {}
    response = requests.get(url, auth=auth, headers=headers, timeout=60)
    assert response.status_code == 200, (user, url, response.status_code)
    return response


def test_public_reads_the_case_but_not_its_parties(public_case):
    url = public_case.absolute_url()
    names = list(public_case.parties)
    page = fetch(url).text
    assert public_case.Title() in page  # the public does read the case
    data = fetch(url, json=True).json()
    assert data["title"] == public_case.Title()
    assert "parties" not in data
    for name in names:
        assert name not in page
        assert name not in str(data)


@pytest.mark.parametrize("sector_user", ["henkilosto", "valmistelija"])
def test_staff_and_preparer_read_the_parties(public_case, sector_user):
    user = f"{SECTOR_USERS[public_case.sub_archive_creator]}-{sector_user}"
    url = public_case.absolute_url()
    page = fetch(url, user).text
    data = fetch(url, user, json=True).json()
    for name in public_case.parties:
        assert name in page
    assert data["parties"] == list(public_case.parties)
