"""Posts, bookmarks and pairs -> files. Pure functions plus atomic writes."""
