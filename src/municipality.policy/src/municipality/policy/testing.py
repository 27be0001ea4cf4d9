"""Test layers of Kuntaportaali.

- ``FIXTURE``: a Plone site with plone.restapi, municipality.policy and
  municipality.theme installed, Finnish first.
- ``DEMO_FIXTURE``: the same with the demo municipality loaded.
- ``*_INTEGRATION_TESTING`` roll back after each test; ``*_FUNCTIONAL_TESTING``
  run on a stacked DemoStorage and may commit; ``RESTAPI_TESTING`` also serves
  the site over a real WSGI server on 127.0.0.1.
"""

import os


# Servers started by tests bind to loopback only (read when plone.testing loads).
os.environ.setdefault("WSGI_SERVER_HOST", "127.0.0.1")

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.testing.zope import WSGI_SERVER_FIXTURE


def stamp(portal, layer):
    """Mark ``portal`` as set up by ``layer`` (read by the tests' layer guard)."""
    portal._kp_site_layer = layer.__name__


def site_layer_name(layer):
    """The name of the sandbox layer whose site ``layer`` stands on."""
    for base in _resolution_order(layer):
        if isinstance(base, PloneSandboxLayer):
            return base.__name__
    return None


def _resolution_order(layer):
    yield layer
    for base in layer.__bases__:
        yield from _resolution_order(base)


class MunicipalityLayer(PloneSandboxLayer):
    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import municipality.policy
        import municipality.theme
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=municipality.policy)
        self.loadZCML(package=municipality.theme)

    def setUpPloneSite(self, portal):
        from municipality.policy.site import PROFILES

        portal.setLanguage("fi")
        for profile in PROFILES:
            applyProfile(portal, profile)
        stamp(portal, self)


FIXTURE = MunicipalityLayer()


class DemoLayer(PloneSandboxLayer):
    defaultBases = (FIXTURE,)

    def setUpPloneSite(self, portal):
        from municipality.policy import demo
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import setRoles

        setRoles(portal, TEST_USER_ID, ["Manager"])
        demo.load(portal)
        setRoles(portal, TEST_USER_ID, ["Member"])
        stamp(portal, self)


DEMO_FIXTURE = DemoLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="Municipality:Integration"
)
FUNCTIONAL_TESTING = FunctionalTesting(bases=(FIXTURE,), name="Municipality:Functional")
RESTAPI_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="Municipality:RestAPI"
)
DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_FIXTURE,), name="Municipality:DemoIntegration"
)
DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE,), name="Municipality:DemoFunctional"
)
DEMO_RESTAPI_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE, WSGI_SERVER_FIXTURE), name="Municipality:DemoRestAPI"
)
