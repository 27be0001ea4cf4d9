"""Upgrade steps of the municipality.policy default profile."""
