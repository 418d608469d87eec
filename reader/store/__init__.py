"""SQLite store: the only layer that writes SQL."""

from reader.store.query import PostFilter
from reader.store.search import QuerySyntaxError
from reader.store.store import Facet, Facets, Store, TimelineRow, UpsertResult

__all__ = ["Facet", "Facets", "PostFilter", "QuerySyntaxError", "Store", "TimelineRow", "UpsertResult"]
