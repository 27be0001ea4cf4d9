"""Browser views of the security subpackage."""
