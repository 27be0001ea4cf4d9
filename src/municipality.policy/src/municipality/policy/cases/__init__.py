"""cases subpackage of municipality.policy."""
