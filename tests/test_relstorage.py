"""RelStorage on PostgreSQL: two Zope processes serve one database."""

from cluster import ADMIN
from cluster import eventually
import pytest
import requests


pytestmark = pytest.mark.relstorage
JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def test_write_through_one_process_read_through_other(relstorage_cluster):
    first, second = relstorage_cluster
    created = requests.post(
        f"{first.url}/kunta",
        json={"@type": "Document", "id": "round-trip", "title": "Kirjoitettu A:lla"},
        headers=JSON,
        auth=ADMIN,
        timeout=60,
    )
    assert created.status_code == 201, created.text

    def title_via(process):
        response = requests.get(
            f"{process.url}/kunta/round-trip", headers=JSON, auth=ADMIN, timeout=60
        )
        return response.status_code, response.json().get("title")

    assert eventually(lambda: title_via(second), (200, "Kirjoitettu A:lla")) == (
        200,
        "Kirjoitettu A:lla",
    )
    patched = requests.patch(
        f"{second.url}/kunta/round-trip",
        json={"title": "Muutettu B:llä"},
        headers=JSON,
        auth=ADMIN,
        timeout=60,
    )
    assert patched.status_code == 204, patched.text
    assert eventually(lambda: title_via(first), (200, "Muutettu B:llä")) == (
        200,
        "Muutettu B:llä",
    )


def test_blob_written_by_one_process_downloads_from_other(relstorage_cluster):
    import base64

    first, second = relstorage_cluster
    payload = b"RelStorage blob " * 4096
    created = requests.post(
        f"{first.url}/kunta",
        json={
            "@type": "File",
            "id": "blob-round-trip",
            "title": "Blob",
            "file": {
                "data": base64.b64encode(payload).decode(),
                "encoding": "base64",
                "filename": "blob.txt",
                "content-type": "text/plain",
            },
        },
        headers=JSON,
        auth=ADMIN,
        timeout=60,
    )
    assert created.status_code == 201, created.text

    def download():
        response = requests.get(
            f"{second.url}/kunta/blob-round-trip/@@download/file",
            auth=ADMIN,
            timeout=60,
        )
        return response.content if response.status_code == 200 else response.status_code

    assert eventually(download, payload) == payload
