"""Finding records: the Finnish and Swedish text normalizer of the catalog's
full-text index, and the records search for registry and records staff."""
