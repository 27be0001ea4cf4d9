"""Views of the classification plan and its task classes."""
