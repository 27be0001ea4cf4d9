"""``GET <site>/@openapi``: an OpenAPI 3.1 document of every custom REST
service of the portal (``document``); per-subpackage descriptions in
``paths/*.yaml``, shared parts in ``components.yaml``."""
