"""Stores: SQLite by default (one file); PostgreSQL for a `postgresql://` URL. Both behind the same methods."""

from __future__ import annotations

from .base import SQLStore, StoreError
from .sqlite import SQLiteStore

__all__ = ["open_store", "SQLStore", "SQLiteStore", "StoreError", "is_url"]


def is_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def open_store(db: str) -> SQLStore:
    """A store for a file path (SQLite) or a PostgreSQL URL."""
    if is_url(db):
        try:
            from .postgres import PostgresStore
        except ImportError as exc:  # psycopg is a dependency, but a broken install should say so plainly
            raise StoreError(f"a PostgreSQL store needs psycopg: pip install 'recoupe[scale]' ({exc})") from None
        return PostgresStore(db)
    return SQLiteStore(db)
