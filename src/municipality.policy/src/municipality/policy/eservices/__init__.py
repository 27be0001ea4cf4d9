"""E-services: citizens' submissions (``@submissions``) registered as cases in
the registry's inbox, with tracking of their handling."""
