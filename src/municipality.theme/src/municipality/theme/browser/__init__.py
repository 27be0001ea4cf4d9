"""Browser components of municipality.theme."""
