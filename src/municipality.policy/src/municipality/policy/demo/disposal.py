"""Demo step: a draft disposal list (hävittämisluettelo) drawn by the chief
records officer from the older closed cases of ``demo.archive`` whose
retention has ended (the case on legal hold is not drawn). Left a draft: the
demo's records managers check, approve and execute it themselves.
Idempotent: nothing is added when the archive creator has a list already."""

from municipality.policy.archive import disposal
from plone import api
import logging


logger = logging.getLogger(__name__)

TITLE = "Hävittämisluettelo 2026"
DRAWN_BY = "arkistojohtaja"


def load(portal):
    creator = portal.get("esimerkkikunta")
    if creator is None or api.user.get(userid=DRAWN_BY) is None:
        return
    if api.content.find(context=creator, portal_type=disposal.TYPE, unrestricted=True):
        return
    with api.env.adopt_user(username=DRAWN_BY):
        dlist = disposal.create(creator, TITLE)
    logger.info(
        "Demo disposal list %s: %d cases", dlist.getId(), len(dlist.included_rows())
    )
