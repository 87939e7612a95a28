"""The PostgreSQL store (`--db postgresql://…`): same methods and schema versions as the SQLite store.

Writers are serialised like SQLite's (a transaction-level advisory lock), so the shared code keeps the
same semantics on both backends; readers run in REPEATABLE READ snapshots and never wait for writers.
Full-text search uses a tsvector column: words folded (unaccent) and stemmed with the french configuration's
Snowball stemmer (English for English articles), matched against the same query terms as on SQLite.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg import pq

from .base import SQLStore, StoreError
from .textsearch import Terms

# Advisory lock keys (any constant bigint; "recoupe" in ASCII, then one per purpose).
_WRITE_LOCK = 0x7265636F757065
_MIGRATE_LOCK = _WRITE_LOCK + 1


@functools.lru_cache(maxsize=512)
def _to_pyformat(sql: str) -> str:
    """Shared SQL uses `?` placeholders (and never a literal ? or %); psycopg wants `%s`."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Connection:
    """The psycopg connection with the sqlite3 calling convention the shared SQL is written for."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence = ()) -> psycopg.Cursor:
        if params:
            return self.conn.execute(_to_pyformat(sql), tuple(params))
        return self.conn.execute(sql)

    def executemany(self, sql: str, rows) -> psycopg.Cursor:
        cur = self.conn.cursor()
        rows = list(rows)
        if rows:
            cur.executemany(_to_pyformat(sql), rows)
        return cur

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.conn.close()


class PostgresStore(SQLStore):
    dialect = "postgresql"
    IntegrityError = psycopg.IntegrityError
    OperationalError = psycopg.OperationalError
    TEXT_REUSE_ORDER = "seq"  # an identity column (migration postgresql/006): PostgreSQL has no rowid

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.path = url
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {_redact(url)!r}: {str(exc).strip()}") from None
        self.db = _Connection(conn)
        self.terms = Terms()  # per connection: stemmers are not thread-safe
        try:
            self.migrate()
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot migrate store {_redact(url)!r}: {str(exc).strip()}") from None

    def schema_version(self) -> int:
        if self.db.execute("SELECT to_regclass('recoupe_schema')").fetchone()[0] is None:
            return 0
        row = self.db.execute("SELECT max(version) FROM recoupe_schema").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        self.db.execute(f"SELECT pg_advisory_lock({_MIGRATE_LOCK})")
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS recoupe_schema (version INTEGER NOT NULL)")
            yield None
        finally:
            self.db.execute(f"SELECT pg_advisory_unlock({_MIGRATE_LOCK})")

    def _apply_migration(self, version: int, sql: str) -> None:
        self.db.execute(sql)  # no parameters: the whole file goes as one simple query
        self.db.execute("INSERT INTO recoupe_schema(version) VALUES (?)", (version,))

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        with self.db.conn.transaction():
            self.db.execute(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})")
            yield self.db

    @contextmanager
    def snapshot(self) -> Iterator[_Connection]:
        if self.db.in_transaction:
            yield self.db
            return
        with self.db.conn.transaction():
            self.db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self.db

    def close(self) -> None:
        self.db.close()

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str]]:
        tsquery = _tsquery(self.terms.query_groups(query))
        if not tsquery:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.text, a.language FROM articles a WHERE a.search @@ ?::tsquery AND a.current=1 "
            "ORDER BY ts_rank(a.search, ?::tsquery) DESC, a.pk LIMIT ? OFFSET ?",
            (tsquery, tsquery, limit, offset),
        ).fetchall()
        return self._snippets(rows, query)

    def count_search(self, query: str) -> int:
        """How many articles `search` finds for the query in all (for paging)."""
        tsquery = _tsquery(self.terms.query_groups(query))
        if not tsquery:
            return 0
        return self.db.execute(
            "SELECT count(*) FROM articles a WHERE a.search @@ ?::tsquery AND a.current=1", (tsquery,)
        ).fetchone()[0]


def _tsquery(groups: list[tuple[set[str], bool]]) -> str:
    """The user's words as a tsquery of index terms: every word must match one of its stems; the terms are
    quoted lexemes (letters and digits only), so nothing in the user's text is read as an operator."""
    parts = []
    for alternatives, prefix in groups:
        star = ":*" if prefix else ""
        terms = [f"'{a}'{star}" for a in sorted(alternatives) if a]
        if terms:
            parts.append("(" + " | ".join(terms) + ")")
    return " & ".join(parts)


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://…"
    info.pop("password", None)
    return psycopg.conninfo.make_conninfo(**info)
