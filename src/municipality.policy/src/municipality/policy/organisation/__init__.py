"""The organisation: archive creators and sub-archive creators, whose records form which archive."""
