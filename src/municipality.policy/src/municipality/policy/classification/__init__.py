"""classification subpackage of municipality.policy."""
