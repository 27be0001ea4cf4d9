"""Cases over plone.restapi: CRUD in the registry, read-only diary number, @phases."""

from builders import make_registry
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from statuses import METHOD_NOT_ALLOWED
from statuses import WrongStatus
from statuses import status_is
import pytest
import requests
import transaction


AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json"}


@pytest.fixture
def registry(rest_portal):
    with api.env.adopt_roles(["Manager"]):
        registry = make_registry(rest_portal)
    transaction.commit()
    yield registry


def post(registry, **data):
    data.setdefault("@type", "Case")
    return requests.post(
        registry.absolute_url(), json=data, headers=JSON, auth=AUTH, timeout=30
    )


def cases(registry):
    transaction.begin()
    return [obj for obj in registry.objectValues() if obj.portal_type == "Case"]


class TestCreate:
    def test_post_assigns_diary_number(self, registry):
        response = post(
            registry,
            title="Lausuntopyyntö",
            task_class="00.01.00",
            public_title="Lausuntopyyntö",
            sub_archive_creator="kunnanhallitus",
        )
        assert response.status_code == 201, response.text
        data = response.json()
        assert data["diary_number"].startswith("ESIM/1/00.01.00/")
        assert data["@id"].rsplit("/", 1)[1].startswith("asia-")
        (case,) = cases(registry)
        assert case.diary_number == data["diary_number"]
        assert case.sub_archive_creator == "kunnanhallitus"

    def test_post_with_diary_number_is_refused(self, registry):
        response = post(
            registry,
            title="X",
            task_class="00.01.00",
            diary_number="ESIM/7/00.01.00/2026",
        )
        assert response.status_code == 400
        assert "diary_number" in response.json()["message"]
        assert cases(registry) == []

    @pytest.mark.parametrize(
        "data, field",
        [
            ({"title": "X", "task_class": "99.99.99"}, "task_class"),
            ({"title": "X"}, "task_class"),
            (
                {"title": "X", "task_class": "00.01.00", "initiated": "eilen"},
                "initiated",
            ),
            (
                {
                    "title": "X",
                    "task_class": "00.01.00",
                    "sub_archive_creator": "nobody",
                },
                "sub_archive_creator",
            ),
            (
                {"title": "X", "task_class": "00.01.00", "preparer": "no-such-user"},
                "preparer",
            ),
            (
                {
                    "title": "X",
                    "task_class": "00.01.00",
                    "related_cases": ["not-a-uid"],
                },
                "related_cases",
            ),
        ],
    )
    def test_bad_input_400_names_field_nothing_created(self, registry, data, field):
        response = post(registry, **data)
        assert response.status_code == 400, response.text
        assert field in response.json()["message"]
        assert cases(registry) == []
        # No number was used up either.
        assert (
            post(registry, title="Y", task_class="00.01.00")
            .json()["diary_number"]
            .startswith("ESIM/1/")
        )


class TestUpdate:
    def test_patch_cannot_change_diary_number(self, registry):
        url = post(registry, title="A", task_class="00.01.00").json()["@id"]
        number = requests.get(url, headers=JSON, auth=AUTH, timeout=30).json()[
            "diary_number"
        ]
        response = requests.patch(
            url,
            json={"diary_number": "ESIM/99/x/2026"},
            headers=JSON,
            auth=AUTH,
            timeout=30,
        )
        assert response.status_code == 400
        assert "diary_number" in response.json()["message"]
        # Sending the unchanged number back (a GET round trip) is fine.
        response = requests.patch(
            url,
            json={
                "diary_number": number,
                "task_class": "02.05.01",
                "task_class_change_reason": "Luokiteltu uudelleen.",
                "title": "B",
            },
            headers=JSON,
            auth=AUTH,
            timeout=30,
        )
        assert response.status_code == 204, response.text
        data = requests.get(url, headers=JSON, auth=AUTH, timeout=30).json()
        assert data["diary_number"] == number
        assert data["title"] == "B"


class TestPhases:
    @pytest.mark.xfail(strict=True, raises=WrongStatus, reason=METHOD_NOT_ALLOWED)
    def test_phases_endpoint(self, registry):
        url = post(registry, title="A", task_class="00.01.00").json()["@id"]
        response = requests.get(url + "/@phases", headers=JSON, auth=AUTH, timeout=30)
        assert response.status_code == 200
        (item,) = response.json()["items"]
        assert item["kind"] == "registration"
        assert item["action_class"]["token"] == "vireilletulo"
        assert item["agent"]["id"] == SITE_OWNER_NAME  # the manager sees who
        assert "ESIM/1/00.01.00/" in item["text"]
        # Read-only: no writing through the endpoint.
        response = requests.post(
            url + "/@phases",
            json={"action_class": "seuranta"},
            headers=JSON,
            auth=AUTH,
            timeout=30,
        )
        again = requests.get(url + "/@phases", headers=JSON, auth=AUTH, timeout=30)
        assert again.json()["items"] == [item]
        status_is(response, 405)  # last: the xfail is about this code only

    def test_anonymous_cannot_read_phases(self, registry):
        url = post(registry, title="A", task_class="00.01.00").json()["@id"]
        response = requests.get(url + "/@phases", headers=JSON, timeout=30)
        assert response.status_code == 401
