"""The demo's data files, ``demo/data/<name>.json`` (UTF-8)."""

import json
import os


DIRECTORY = os.path.join(os.path.dirname(__file__), "data")


def read(name):
    """The parsed contents of ``data/<name>``."""
    with open(os.path.join(DIRECTORY, name), encoding="utf-8") as data_file:
        return json.load(data_file)
