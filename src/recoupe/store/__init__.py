"""Stores: SQLite by default (one file); other backends behind the same methods."""

from __future__ import annotations

from .sqlite import SQLiteStore, StoreError

__all__ = ["open_store", "SQLiteStore", "StoreError"]


def open_store(db: str):
    """A store for a file path (SQLite) or a database URL."""
    if db.startswith(("postgresql://", "postgres://")):
        raise StoreError("PostgreSQL store is not available in this version")
    return SQLiteStore(db)
