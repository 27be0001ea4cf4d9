"""Demo archive creator and sub-archive creators."""

from plone import api


ARCHIVE_CREATOR = {"id": "esimerkkikunta", "title": "Esimerkkikunta", "code": "ESIM"}

SUB_ARCHIVE_CREATORS = (
    {"id": "valtuusto", "title": "Valtuusto", "code": "VALT", "kind": "body"},
    {"id": "kunnanhallitus", "title": "Kunnanhallitus", "code": "KH", "kind": "body"},
    {
        "id": "sivistyslautakunta",
        "title": "Sivistyslautakunta",
        "code": "SIVLTK",
        "kind": "body",
    },
    {
        "id": "tekninen-lautakunta",
        "title": "Tekninen lautakunta",
        "code": "TEKLTK",
        "kind": "body",
    },
)


def ensure(container, type_, id, **fields):
    """Return ``container[id]``, creating it as ``type_`` if missing."""
    if id in container.objectIds():
        return container[id]
    return api.content.create(container=container, type=type_, id=id, **fields)


def archive_creator(portal):
    return portal[ARCHIVE_CREATOR["id"]]


def load(portal):
    creator = ensure(portal, "ArchiveCreator", **ARCHIVE_CREATOR)
    for sub in SUB_ARCHIVE_CREATORS:
        ensure(creator, "SubArchiveCreator", **sub)


def publish(portal):
    """Publish the archive creator, its sub-archive creators and registries, so the
    public reaches the public diary (what each case shows is its own workflow's)."""
    creator = archive_creator(portal)
    places = [creator] + [
        obj
        for obj in creator.objectValues()
        if obj.portal_type in ("SubArchiveCreator", "Registry")
    ]
    for obj in places:
        if api.content.get_state(obj) != "published":
            api.content.transition(obj=obj, transition="publish")
