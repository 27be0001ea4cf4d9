"""After login, staff who came from nowhere in particular (the site's front
page, or no ``came_from``) land on ``@@oma-etusivu``; everyone else goes
where Plone would send them."""

from municipality.policy.intranet import staff
from plone import api
from plone.base.interfaces import IRedirectAfterLogin
from zope.interface import implementer


@implementer(IRedirectAfterLogin)
class RedirectAfterLogin:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        portal_url = api.portal.get().absolute_url()
        neutral = (None, "", portal_url, portal_url + "/")
        if came_from in neutral and staff.is_staff():
            return portal_url + "/@@oma-etusivu"
        return came_from
