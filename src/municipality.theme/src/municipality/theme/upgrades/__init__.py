"""Upgrade steps of the municipality.theme default profile."""
