"""REST services of the search subpackage: ``GET @records-search``."""
