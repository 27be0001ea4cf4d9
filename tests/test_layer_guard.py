"""The layer guard: a test that sees another layer's site fails."""

from conftest import check_layer_site
from municipality.policy.testing import DEMO_INTEGRATION_TESTING
from municipality.policy.testing import INTEGRATION_TESTING
from municipality.policy.testing import site_layer_name
import pytest


class Item:
    nodeid = "tests/test_x.py::test_y"

    def __init__(self, layer):
        self.layer = layer


def test_site_layer_names():
    assert site_layer_name(INTEGRATION_TESTING) == "MunicipalityLayer"
    assert site_layer_name(DEMO_INTEGRATION_TESTING) == "DemoLayer"


def test_own_site_passes(integration):
    check_layer_site(Item(INTEGRATION_TESTING))


def test_demo_site_under_a_plain_layer_fails(integration, monkeypatch):
    portal = integration["portal"]
    monkeypatch.setattr(portal, "_kp_site_layer", "DemoLayer", raising=False)
    with pytest.raises(pytest.fail.Exception, match="sees another layer's site"):
        check_layer_site(Item(INTEGRATION_TESTING))
