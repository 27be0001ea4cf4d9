"""plone.restapi over a real WSGI server on 127.0.0.1."""

import requests


def test_anonymous_get_site_root(rest_portal):
    url = rest_portal.absolute_url()
    assert url.startswith(("http://127.0.0.1:", "http://localhost:"))
    response = requests.get(url, headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 200
    data = response.json()
    assert data["@type"] == "Plone Site"
    assert data["@id"] == url
    assert "items" in data


def test_anonymous_cannot_write(rest_portal):
    response = requests.post(
        rest_portal.absolute_url(),
        headers={"Accept": "application/json"},
        json={"@type": "Document", "title": "Spam"},
        timeout=30,
    )
    assert response.status_code == 401
    assert "spam" not in rest_portal.objectIds()
