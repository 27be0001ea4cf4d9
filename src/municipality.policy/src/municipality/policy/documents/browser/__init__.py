"""Browser views of case documents."""
