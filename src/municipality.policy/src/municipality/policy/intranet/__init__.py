"""The staff intranet: news, guidance and the records-management manual for
staff only, the directory of records officers read from the responsibility
chain, and staff's own front page with their tasks."""
