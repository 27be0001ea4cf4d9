"""Browser views of municipality.policy."""
