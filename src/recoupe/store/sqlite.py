"""The default store: one SQLite file, WAL journal (readers never block the writer), FTS5 full-text search
over folded, stemmed terms (store/textsearch.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from .base import SQLStore, StoreError, migrations
from .textsearch import Terms

__all__ = ["SQLiteStore", "StoreError", "migrations"]


class SQLiteStore(SQLStore):
    dialect = "sqlite"
    IntegrityError = sqlite3.IntegrityError
    OperationalError = sqlite3.OperationalError
    TEXT_REUSE_ORDER = "rowid"

    def __init__(self, path: str, timeout: float = 30.0) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path!r}: {exc}") from None
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self.terms = Terms()  # per connection: stemmers are not thread-safe
        self.db.create_function("recoupe_terms", 2, self.terms.index_terms, deterministic=True)
        self.migrate()

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migration_lock(self):
        return nullcontext()  # migrations run in BEGIN IMMEDIATE transactions, re-checked below

    def _apply_migration(self, version: int, sql: str) -> None:
        if self.schema_version() >= version:
            return  # another process migrated while we waited for the write lock
        for statement in _statements(sql):
            self.db.execute(statement)
        self.db.execute(f"PRAGMA user_version={version}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN DEFERRED")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str]]:
        q = self.terms.fts_query(query)
        if not q:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.text, a.language FROM articles_terms t JOIN articles a ON a.pk = t.rowid "
            "WHERE articles_terms MATCH ? AND a.current=1 ORDER BY bm25(articles_terms, 4.0, 1.0), a.pk "
            "LIMIT ? OFFSET ?",
            (q, limit, offset),
        ).fetchall()
        return self._snippets(rows, query)

    def count_search(self, query: str) -> int:
        """How many articles `search` finds for the query in all (for paging)."""
        q = self.terms.fts_query(query)
        if not q:
            return 0
        return self.db.execute(
            "SELECT count(*) FROM articles_terms t JOIN articles a ON a.pk = t.rowid "
            "WHERE articles_terms MATCH ? AND a.current=1", (q,)).fetchone()[0]


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; trigger bodies (BEGIN … END;) stay whole."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out
