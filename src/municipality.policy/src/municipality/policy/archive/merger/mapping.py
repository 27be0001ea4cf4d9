"""The principal mapping file (YAML or JSON).

::

    principals:            # source user or group id -> target user or group id
      kirjaaja: kirjaamo-ryhma
      sivistys-vastuuhenkilo-ryhma: sivistys-vastuuhenkilo-ryhma
    roles:                 # optional: source role -> target role (default: the same)
      Editor: RecordsOfficer
    ignore:                # principals knowingly left out (not reported as unmapped)
      - admin

A principal neither mapped nor ignored is reported and granted nothing.
"""

from pathlib import Path
import json
import yaml


class MappingError(ValueError):
    """The mapping file is not of the expected shape."""


class Mapping:
    def __init__(self, data=None):
        data = data or {}
        if not isinstance(data, dict):
            raise MappingError("mapping")
        self.principals = dict(data.get("principals") or {})
        self.roles = dict(data.get("roles") or {})
        self.ignore = set(data.get("ignore") or ())
        for key in ("principals", "roles"):
            for source, target in getattr(self, key).items():
                if not isinstance(source, str) or not isinstance(target, str):
                    raise MappingError(key)

    def principal(self, source):
        """The target principal, or None (unmapped or ignored)."""
        return self.principals.get(source)

    def role(self, source):
        return self.roles.get(source, source)

    def ignored(self, source):
        return source in self.ignore


def load(value):
    """A ``Mapping`` from a file path, a dict, or None (nothing mapped)."""
    if value is None or isinstance(value, Mapping):
        return value or Mapping()
    if isinstance(value, dict):
        return Mapping(value)
    path = Path(value)
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return Mapping(json.loads(text))
    return Mapping(yaml.safe_load(text))
