"""Pages of the archive: retention, legal holds, disposal, transfer."""
