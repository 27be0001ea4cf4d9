"""Pages of the search subpackage: the records search for staff."""
