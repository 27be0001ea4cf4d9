"""The demo municipality Esimerkkikunta.

``load(portal)`` is the one idempotent entry point: running it twice leaves the
site as running it once. Later domains add their steps to ``STEPS``. Demo users
are created only here, never by the production profile.
"""

from municipality.policy.demo import accessibility
from municipality.policy.demo import archive
from municipality.policy.demo import cases
from municipality.policy.demo import classification
from municipality.policy.demo import disposal
from municipality.policy.demo import intranet
from municipality.policy.demo import meetings
from municipality.policy.demo import notices
from municipality.policy.demo import organisation
from municipality.policy.demo import sitepages
from municipality.policy.demo import swedish
from municipality.policy.demo import tiedonhallinta
from municipality.policy.demo import users
import logging


logger = logging.getLogger(__name__)

#: Ordered steps; each is ``step(portal) -> None`` and must be idempotent.
STEPS = [
    organisation.load,
    classification.load,
    users.load,
    cases.load,
    organisation.publish,
    meetings.load,
    notices.load,
    accessibility.load,
    sitepages.load,
    tiedonhallinta.load,
    intranet.load,
    swedish.load,
    archive.load,
    disposal.load,
]


def load(portal):
    """Load (or complete) the demo municipality into ``portal``."""
    for step in STEPS:
        logger.info("Demo step %s.%s", step.__module__, step.__name__)
        step(portal)
