"""Item pipelines: clean, validate, deduplicate, archive."""
