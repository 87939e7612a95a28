"""Store methods for live sources (migration 008): followed feeds, fetched pages with their raw HTML, and the
watcher's durable queue. Shared SQL, mixed into `SQLStore` so both backends expose the same methods.

The queue is what makes a watcher resumable: a URL is queued once (never again, whatever feed lists it later);
it becomes `fetched` in the same transaction that stores its page, then `done` (or `failed`, with the reason)
once its article is stored. A watcher killed at any point finds queued URLs still to fetch and fetched pages
still to ingest, and fetches nothing twice.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from ..model import Feed, Page
from .codec import storable

_FEED_COLUMNS = ("url", "kind", "title", "site", "added_at", "etag", "last_modified", "last_fetch", "last_status",
                 "last_new", "articles", "errors")
_PAGE_COLUMNS = ("url", "final_url", "canonical", "etag", "last_modified", "content_hash", "encoding", "html",
                 "article", "fetched_at")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SourcesSQL:
    """Feeds, pages and the fetch queue. Expects `self.db` and `self.transaction()` (see SQLStore)."""

    db: object

    # -- feeds --------------------------------------------------------------------------------------
    def add_feed(self, url: str, kind: str = "feed", title: str | None = None, site: str | None = None) -> bool:
        """Follow a feed; False when it was already followed."""
        with self.transaction():
            rows = self.db.execute(
                "INSERT INTO feeds(url, kind, title, site, added_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(url) DO NOTHING RETURNING url",
                (storable(url), kind, storable(title), storable(site), _now()),
            ).fetchall()
        return bool(rows)

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed (its articles stay); False when it was not followed."""
        with self.transaction():
            rows = self.db.execute("DELETE FROM feeds WHERE url=? RETURNING url", (url,)).fetchall()
        return bool(rows)

    def feeds(self) -> list[Feed]:
        rows = self.db.execute(f"SELECT {','.join(_FEED_COLUMNS)} FROM feeds ORDER BY added_at, url").fetchall()
        return [Feed(*r) for r in rows]

    def record_poll(self, url: str, status: str, *, ok: bool, new: int = 0, title: str | None = None,
                    etag: str | None = None, last_modified: str | None = None) -> None:
        """What one poll of a feed gave: its status line, the validators for the next conditional GET."""
        with self.transaction():
            self.db.execute(
                "UPDATE feeds SET last_fetch=?, last_status=?, last_new=?, errors=errors+?, "
                "title=coalesce(title, ?), etag=coalesce(?, etag), last_modified=coalesce(?, last_modified) "
                "WHERE url=?",
                (_now(), storable(status), new, 0 if ok else 1, storable(title), etag, last_modified, url),
            )

    def count_feed_results(self, counts: dict[str, tuple[int, int]]) -> None:
        """Add (articles stored, entries failed) per feed URL."""
        rows = [(stored, failed, url) for url, (stored, failed) in counts.items() if stored or failed]
        if rows:
            with self.transaction():
                self.db.executemany("UPDATE feeds SET articles=articles+?, errors=errors+? WHERE url=?", rows)

    # -- the fetch queue ----------------------------------------------------------------------------
    def enqueue(self, urls: Iterable[str], feed: str | None = None) -> list[str]:
        """Queue URLs not seen before (in any state); returns those newly queued, in order."""
        added: list[str] = []
        with self.transaction():
            for url in dict.fromkeys(storable(u) for u in urls):
                stamp = _now()
                if self.db.execute(
                    "INSERT INTO fetch_queue(url, feed, state, enqueued_at, updated_at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(url) DO NOTHING RETURNING url",
                    (url, feed, "queued", stamp, stamp),
                ).fetchall():
                    added.append(url)
        return added

    def queue(self, state: str = "queued", limit: int | None = None) -> list[tuple[str, str | None]]:
        """(url, feed) of queued URLs in a state, oldest first."""
        sql = "SELECT url, feed FROM fetch_queue WHERE state=? ORDER BY enqueued_at, url"
        rows = self.db.execute(sql + (" LIMIT ?" if limit else ""), (state, limit) if limit else (state,))
        return [(u, f) for u, f in rows.fetchall()]

    def queue_state(self, url: str) -> tuple[str, str | None] | None:
        row = self.db.execute("SELECT state, reason FROM fetch_queue WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else None

    def set_queue_state(self, items: Sequence[tuple[str, str, str | None]]) -> None:
        """(url, state, reason) for each URL."""
        if items:
            with self.transaction():
                self.db.executemany(
                    "UPDATE fetch_queue SET state=?, reason=?, updated_at=? WHERE url=?",
                    [(state, storable(reason), _now(), url) for url, state, reason in items],
                )

    # -- pages --------------------------------------------------------------------------------------
    def save_page(self, page: Page, queue_state: str | None = None) -> None:
        """Keep a fetched page (raw bytes compressed); with `queue_state`, its queue entry moves in the same
        transaction (so a page stored is never fetched again by a resumed watcher)."""
        html = zlib.compress(page.body, 6) if page.body else None
        with self.transaction():
            self.db.execute(
                f"INSERT INTO pages({','.join(_PAGE_COLUMNS)}) VALUES ({','.join('?' * len(_PAGE_COLUMNS))}) "
                "ON CONFLICT(url) DO UPDATE SET final_url=excluded.final_url, canonical=excluded.canonical, "
                "etag=excluded.etag, last_modified=excluded.last_modified, content_hash=excluded.content_hash, "
                "encoding=excluded.encoding, html=excluded.html, article=excluded.article, "
                "fetched_at=excluded.fetched_at",
                (storable(page.url), storable(page.final_url), storable(page.canonical), page.etag,
                 page.last_modified, page.content_hash, page.encoding, html, page.article, page.fetched_at or _now()),
            )
            if queue_state:
                self.db.execute("UPDATE fetch_queue SET state=?, updated_at=? WHERE url=?",
                                (queue_state, _now(), storable(page.url)))

    def page(self, url: str) -> Page | None:
        """The page stored for a URL (asked for, or canonical), with its raw bytes."""
        row = self.db.execute(
            f"SELECT {','.join(_PAGE_COLUMNS)} FROM pages WHERE url=? OR canonical=? ORDER BY fetched_at DESC LIMIT 1",
            (url, url),
        ).fetchone()
        return _page(row) if row else None

    def page_urls(self) -> list[str]:
        """Every URL with a stored page, oldest fetch first."""
        return [r[0] for r in self.db.execute("SELECT url FROM pages WHERE html IS NOT NULL ORDER BY fetched_at, url")]

    def page_with_hash(self, content_hash: str) -> Page | None:
        row = self.db.execute(
            f"SELECT {','.join(_PAGE_COLUMNS)} FROM pages WHERE content_hash=? AND article IS NOT NULL LIMIT 1",
            (content_hash,),
        ).fetchone()
        return _page(row) if row else None

    def set_page_article(self, url: str, article: str | None, canonical: str | None = None) -> None:
        with self.transaction():
            self.db.execute("UPDATE pages SET article=?, canonical=coalesce(?, canonical) WHERE url=?",
                            (article, storable(canonical), url))


def _page(row) -> Page:
    url, final_url, canonical, etag, last_modified, content_hash, encoding, html, article, fetched_at = row
    body = zlib.decompress(bytes(html)) if html is not None else b""
    return Page(url=url, final_url=final_url or url, body=body, encoding=encoding, etag=etag,
                last_modified=last_modified, content_hash=content_hash, canonical=canonical, article=article,
                fetched_at=fetched_at)
