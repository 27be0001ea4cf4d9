"""The responsibility chain: roles, permissions and their enforcement."""
