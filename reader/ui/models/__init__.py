"""Qt item models over the store: they hold ids, build rows on demand and query on worker threads."""
