"""File formats -> posts. `registry.py` picks the importer for a path by content."""
