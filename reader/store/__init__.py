"""SQLite store: the only layer that writes SQL."""

from reader.store.posts import UpsertResult
from reader.store.query import PostFilter
from reader.store.search import QuerySyntaxError
from reader.store.store import Store
from reader.store.timeline import Facet, Facets, TimelineRow

__all__ = ["Facet", "Facets", "PostFilter", "QuerySyntaxError", "Store", "TimelineRow", "UpsertResult"]
