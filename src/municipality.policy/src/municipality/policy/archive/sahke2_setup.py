"""The public site's link to the TiHL 28 § description.

``link_description(portal)`` (idempotent; run by ``archive.setup.install``
and by the demo step ``demo.tiedonhallinta``): when the site has the KuntaL
109 § folder ``/kunnan-tiedot``, a stock Link ``tiedonhallintakuvaus`` in it
to ``${portal_url}/@@tiedonhallintakuvaus``, published. A site without the
folder gets nothing (link the page from wherever the site wants)."""

from plone import api
import contextlib


FOLDER_ID = "kunnan-tiedot"
LINK_ID = "tiedonhallintakuvaus"
LINK_TITLE = "Tiedonhallintakuvaus"
LINK_DESCRIPTION = (
    "Asiarekisterin ja tietovarantojen kuvaus (tiedonhallintalaki 906/2019 28 §): "
    "mitä asioita ja asiakirjoja kunta rekisteröi, niiden julkisuus ja "
    "säilytysajat sekä miten tietoja pyydetään."
)
TARGET = "${portal_url}/@@tiedonhallintakuvaus"


def link_description(portal):
    """Create (or keep) the Link; returns it, or None without the folder."""
    folder = portal.get(FOLDER_ID)
    if folder is None:
        return None
    link = folder.get(LINK_ID)
    if link is None:
        link = api.content.create(
            container=folder,
            type="Link",
            id=LINK_ID,
            title=LINK_TITLE,
            description=LINK_DESCRIPTION,
            remoteUrl=TARGET,
        )
    if api.content.get_state(link, default=None) not in (None, "published"):
        with contextlib.suppress(api.exc.InvalidParameterError):
            api.content.transition(obj=link, to_state="published")
    return link
