"""Creating the Kuntaportaali site: Classic UI, Finnish first, our add-ons installed."""

from plone import api
from plone.distribution.api import site as site_api
from zope.component.hooks import setSite
import logging
import transaction


logger = logging.getLogger(__name__)

SITE_ID = "kunta"
DISTRIBUTION = "classic"
LANGUAGES = ("fi", "sv", "en")
TIMEZONE = "Europe/Helsinki"
PROFILES = (
    "plone.restapi:default",
    "municipality.policy:default",
    "municipality.theme:default",
)


def install_profiles(site):
    """Install our profiles (and what they depend on) into ``site``."""
    setup = site.portal_setup
    for profile in PROFILES:
        if setup.getLastVersionForProfile(profile) == "unknown":
            setup.runAllImportStepsFromProfile(f"profile-{profile}")


def upgrade_profiles(site):
    """Run the pending upgrade steps of our installed profiles; return their ids.

    New code on an existing database (``make run`` after an update) then finds
    the catalog indexes, workflows and settings it expects.
    """
    setup = site.portal_setup
    upgraded = []
    for profile in PROFILES:
        if setup.getLastVersionForProfile(profile) == "unknown":
            continue
        if setup.listUpgrades(profile):
            setup.upgradeProfile(profile)
            upgraded.append(profile)
            logger.info(
                "Upgraded %s to %s", profile, setup.getLastVersionForProfile(profile)
            )
    return upgraded


def ensure_site(app, site_id=SITE_ID, title="Esimerkkikunta"):
    """Return ``(site, created)``; create the site only if it is not there.

    An existing site gets the pending upgrade steps of our profiles.
    """
    if site_id in app.objectIds():
        site = app[site_id]
        setSite(site)
        if upgrade_profiles(site):
            transaction.commit()
        return site, False
    answers = {
        "site_id": site_id,
        "title": title,
        "description": "Kuntaportaali",
        "default_language": LANGUAGES[0],
        "portal_timezone": TIMEZONE,
        "setup_content": False,
    }
    site = site_api.create(app, DISTRIBUTION, answers)
    setSite(site)
    install_profiles(site)
    api.portal.set_registry_record("plone.available_languages", list(LANGUAGES))
    transaction.commit()
    logger.info("Created site %s", site_id)
    return site, True
