"""registry subpackage of municipality.policy."""
