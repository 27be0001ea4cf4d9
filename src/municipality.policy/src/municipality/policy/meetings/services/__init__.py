"""REST services of meetings."""
