"""Shared helpers below every subpackage (dates, ids, labels, the case of a record).

The lowest layer of the package (see ``[tool.importlinter]`` in pyproject.toml):
it imports ``municipality.policy.interfaces`` and nothing else of ours.
"""
