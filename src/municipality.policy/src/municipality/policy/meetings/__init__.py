"""Meetings and decisions: bodies, meetings, agenda items, office-holder decisions.

The layer above the registry: an agenda item and an office-holder decision
live in their case, a body in its sub-archive creator, a meeting in its body.
See docs/ARCHITECTURE.md ("Meetings and decisions") for the contract.
"""
