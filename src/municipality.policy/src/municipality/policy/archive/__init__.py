"""The end of a record's life: retention, disposal, archival transfer (SÄHKE2)
and a municipal merger's records brought in."""
