"""documents subpackage of municipality.policy."""
