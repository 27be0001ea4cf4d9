"""Open decision data, read-only and anonymous: OParl 1.1 (``@oparl``) and the
6Aika decision API (``@paatos``), over what is public and published only."""
