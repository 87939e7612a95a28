"""What every store backend shares: the methods, their SQL, and the migration runner.

The SQL here is the common dialect of SQLite and PostgreSQL, written with `?` placeholders; a backend's
connection object takes it as is (SQLite) or translates the placeholders (PostgreSQL). Backends supply the
hooks: connecting, transactions, read snapshots, the schema version, and full-text search.

Every write that belongs together (an article and its analysis; a set of stories) is one transaction,
so a killed run never leaves half an article behind.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from importlib import resources

from ..model import Analysis, Article, Entity, Mention, Quote, Reject, Sentence, Story, TimeExpr
from .codec import (
    ARTICLE_COLUMNS, article_from_row, article_row, clauses_from_json, clauses_json, sections_json, storable,
    story_from_row,
)
from .sources import SourcesSQL
from .textsearch import Terms, marked


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def migrations(dialect: str = "sqlite") -> list[tuple[int, str]]:
    """(version, sql) for every migration shipped with the package, in order, for one SQL dialect.

    `migrations/NNN_name.sql` is the migration for every dialect; `migrations/<dialect>/NNN_name.sql`
    replaces it for that dialect where the SQL differs (identity columns, full-text search).
    """
    root = resources.files("recoupe.store").joinpath("migrations")
    chosen: dict[int, str] = {}
    for entry in root.iterdir():
        if entry.name.endswith(".sql") and entry.name[:3].isdigit():
            chosen[int(entry.name[:3])] = entry.read_text(encoding="utf-8")
    own = root.joinpath(dialect)
    if own.is_dir():
        for entry in own.iterdir():
            if entry.name.endswith(".sql") and entry.name[:3].isdigit():
                chosen[int(entry.name[:3])] = entry.read_text(encoding="utf-8")
    return sorted(chosen.items())


class StoreError(RuntimeError):
    pass


class SQLStore(SourcesSQL):
    """The store API over a DB-API-like connection `self.db` (execute/executemany returning cursors)."""

    dialect = ""
    IntegrityError: type[Exception] = Exception  # the backend's integrity-violation error
    OperationalError: type[Exception] = Exception  # the database itself failing (locked, connection lost …)
    TEXT_REUSE_ORDER = ""  # the column that keeps text_reuse rows in the order they were first written

    db: object
    terms: Terms  # query words to index terms, and snippets (one per connection: stemmers are not thread-safe)

    # -- hooks each backend implements --------------------------------------------------------------
    def schema_version(self) -> int:
        raise NotImplementedError

    def _apply_migration(self, version: int, sql: str) -> None:
        """Run one migration's statements and record the new version (inside a transaction)."""
        raise NotImplementedError

    def _migration_lock(self) -> AbstractContextManager:
        """Held while migrating, so two processes opening a new store do not both migrate it."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager:
        """A write transaction; writers are serialised (one at a time), readers are never blocked."""
        raise NotImplementedError

    def snapshot(self) -> AbstractContextManager:
        """A read transaction: every query inside sees the same committed state (re-entrant)."""
        raise NotImplementedError

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str]]:
        """(article id, snippet with [matches] marked) for a full-text query, best first. Accents and case do
        not matter and words match across inflections ("sommets" finds "sommet"); every word must occur."""
        raise NotImplementedError

    def count_search(self, query: str) -> int:
        """How many articles `search` finds for the query in all (for paging)."""
        raise NotImplementedError

    def _snippets(self, rows, query: str) -> list[tuple[str, str]]:
        """(id, marked snippet) for (id, text, language) rows: the same highlighting on every backend."""
        return [(aid, marked(*self.terms.snippet(text, lang, query))) for aid, text, lang in rows]

    def close(self) -> None:
        raise NotImplementedError

    # -- schema -------------------------------------------------------------------------------------
    def migrate(self) -> None:
        with self._migration_lock():
            current = self.schema_version()
            for version, sql in migrations(self.dialect):
                if version <= current:
                    continue
                with self.transaction():
                    self._apply_migration(version, sql)

    # -- runs and rejects ---------------------------------------------------------------------------
    def begin_run(self, command: str) -> int:
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO runs(command, started_at) VALUES (?, ?) RETURNING id", (storable(command), now())
            )
            return int(cur.fetchall()[0][0])

    def finish_run(self, run: int, added: int, skipped: int, rejected: int) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at=?, added=?, skipped=?, rejected=? WHERE id=?",
                (now(), added, skipped, rejected, run),
            )

    def add_rejects(self, run: int | None, rejects: Iterable[Reject]) -> None:
        rows = [(run, storable(r.source), storable(r.reason), now()) for r in rejects]
        if rows:
            with self.transaction():
                self.db.executemany("INSERT INTO rejects(run, source, reason, at) VALUES (?,?,?,?)", rows)

    def rejects(self, run: int | None = None) -> list[Reject]:
        if run is None:
            rows = self.db.execute("SELECT source, reason FROM rejects ORDER BY id")
        else:
            rows = self.db.execute("SELECT source, reason FROM rejects WHERE run=? ORDER BY id", (run,))
        return [Reject(s, r) for s, r in rows]

    # -- articles -----------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def article_ids(self, unassigned_only: bool = False) -> list[str]:
        """Ids of current articles in ingest order; only those in no story yet with `unassigned_only`."""
        if unassigned_only:
            rows = self.db.execute(
                "SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article = a.id "
                "WHERE a.current=1 AND sa.article IS NULL ORDER BY a.pk"
            )
        else:
            rows = self.db.execute("SELECT id FROM articles WHERE current=1 ORDER BY pk")
        return [r[0] for r in rows]

    def current_revision(self, key: str) -> tuple[str, int] | None:
        """(id, revision) of the current article stored for a source or URL."""
        row = self.db.execute(
            "SELECT id, revision FROM articles WHERE current=1 AND (url=? OR (url IS NULL AND source=?)) "
            "ORDER BY revision DESC LIMIT 1",
            (key, key),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def add(self, items: Sequence[tuple[Article, Analysis]]) -> int:
        """Store articles with their analyses in one transaction; existing ids are skipped. Returns how many were new."""
        added = 0
        placeholders = ",".join("?" * (len(ARTICLE_COLUMNS) + 1))
        insert = (
            f"INSERT INTO articles({','.join(ARTICLE_COLUMNS)}, ingested_at) VALUES ({placeholders}) "
            "ON CONFLICT(id) DO NOTHING RETURNING pk"
        )
        with self.transaction():
            for article, analysis in items:
                if not self.db.execute(insert, (*article_row(article), now())).fetchall():
                    continue  # already stored (by an earlier run, or a concurrent writer)
                if article.supersedes:
                    self.db.execute("UPDATE articles SET current=0 WHERE id=?", (article.supersedes,))
                self._write_analysis(analysis)
                added += 1
        return added

    def _write_analysis(self, a: Analysis) -> None:
        self.db.executemany(
            'INSERT INTO sentences(article, idx, start, "end", lemmas, clauses) VALUES (?,?,?,?,?,?)',
            [(a.article, i, s.start, s.end, s.lemmas, clauses_json(s.clauses)) for i, s in enumerate(a.sentences)],
        )
        self.db.executemany(
            'INSERT INTO mentions(article, start, "end", text, label, entity, role) VALUES (?,?,?,?,?,?,?)',
            [(a.article, m.start, m.end, m.text, m.label, m.entity, m.role) for m in a.mentions],
        )
        self.db.executemany(
            'INSERT INTO quotes(article, start, "end", text, type, speaker, speaker_name, speaker_mention, cue, '
            "source_kind, via) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (a.article, q.start, q.end, q.text, q.type, q.speaker, q.speaker_name, q.speaker_mention, q.cue,
                 q.source_kind, q.via)
                for q in a.quotes
            ],
        )
        self.db.executemany(
            'INSERT INTO timexes(article, start, "end", text, type, value, mod, anchor) VALUES (?,?,?,?,?,?,?,?)',
            [(a.article, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchor) for t in a.timexes],
        )
        self.db.executemany("INSERT INTO notes(article, note) VALUES (?,?)", [(a.article, n) for n in a.notes])

    def replace_analysis(self, analysis: Analysis) -> None:
        """Re-analysed article: its old analysis goes, the new one comes, in one transaction."""
        with self.transaction():
            for table in ("sentences", "mentions", "quotes", "timexes", "notes"):
                self.db.execute(f"DELETE FROM {table} WHERE article=?", (analysis.article,))
            self._write_analysis(analysis)

    def articles(self, ids: Sequence[str] | None = None, current_only: bool = True) -> list[Article]:
        cols = ",".join(ARTICLE_COLUMNS)
        if ids is None:
            where = "WHERE current=1" if current_only else ""
            rows = self.db.execute(f"SELECT {cols} FROM articles {where} ORDER BY pk").fetchall()
            return [article_from_row(r) for r in rows]
        out: dict[str, Article] = {}
        with self.snapshot():
            for chunk in _chunks(list(ids), 500):
                q = f"SELECT {cols} FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
                out.update((r[0], article_from_row(r)) for r in self.db.execute(q, chunk))
        return [out[i] for i in ids if i in out]

    def article(self, article_id: str) -> Article | None:
        found = self.articles([article_id])
        return found[0] if found else None

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles WHERE current=1").fetchone()[0]

    def update_articles(self, changes: dict[str, dict[str, object]]) -> None:
        """Set fields computed by cross-article stages (duplicate_of, derived_from, published …)."""
        allowed = {"duplicate_of", "derived_from", "published", "published_inferred", "published_evidence",
                   "published_confidence", "outlet", "title"}
        with self.transaction():
            for article_id, fields in changes.items():
                bad = set(fields) - allowed
                if bad:
                    raise ValueError(f"cannot update {sorted(bad)}")
                if not fields:
                    continue
                assignments = ",".join(f"{k}=?" for k in fields)
                values = [int(v) if isinstance(v, bool) else v for v in fields.values()]
                self.db.execute(f"UPDATE articles SET {assignments} WHERE id=?", (*values, article_id))

    def analysis(self, article_id: str) -> Analysis:
        return self.analyses([article_id])[article_id]

    def analyses(self, ids: Sequence[str]) -> dict[str, Analysis]:
        parts: dict[str, dict[str, list]] = {i: defaultdict(list) for i in ids}
        with self.snapshot():
            texts = {a.id: a.text for a in self.articles(ids, current_only=False)}
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                for art, s, e, lem, cl in self.db.execute(
                    f'SELECT article, start, "end", lemmas, clauses FROM sentences WHERE article IN ({marks}) '
                    "ORDER BY article, idx",
                    chunk,
                ):
                    parts[art]["sentences"].append(
                        Sentence(art, s, e, texts.get(art, "")[s:e], lem, clauses_from_json(cl))
                    )
                for row in self.db.execute(
                    f'SELECT article, start, "end", text, label, entity, role FROM mentions WHERE article IN ({marks}) '
                    'ORDER BY article, start, "end"',
                    chunk,
                ):
                    parts[row[0]]["mentions"].append(Mention(*row))
                for row in self.db.execute(
                    f'SELECT article, start, "end", text, type, speaker, speaker_name, speaker_mention, cue, '
                    f'source_kind, via FROM quotes WHERE article IN ({marks}) ORDER BY article, start, "end"',
                    chunk,
                ):
                    parts[row[0]]["quotes"].append(Quote(*row))
                for row in self.db.execute(
                    f'SELECT article, start, "end", text, type, value, mod, anchor FROM timexes '
                    f'WHERE article IN ({marks}) ORDER BY article, start, "end"',
                    chunk,
                ):
                    parts[row[0]]["timexes"].append(TimeExpr(*row))
                for art, note in self.db.execute(f"SELECT article, note FROM notes WHERE article IN ({marks})", chunk):
                    parts[art]["notes"].append(note)
        return {i: Analysis(i, **{k: tuple(v) for k, v in parts[i].items()}) for i in ids}

    # -- entities -----------------------------------------------------------------------------------
    def replace_entities(self, entities: Sequence[Entity]) -> None:
        """Replace the entity table and point every stored mention at its entity."""
        with self.transaction():
            self.db.execute("DELETE FROM entities")
            self.db.execute("UPDATE mentions SET entity=NULL")
            self.db.executemany(
                "INSERT INTO entities(id, name, type, aliases, role, wikidata) VALUES (?,?,?,?,?,?)",
                [
                    (e.id, e.name, e.type, json.dumps(list(e.aliases), ensure_ascii=False), e.role, e.wikidata)
                    for e in entities
                ],
            )
            self.db.executemany(
                'UPDATE mentions SET entity=?, role=coalesce(?, role) WHERE article=? AND start=? AND "end"=?',
                [(e.id, m.role, m.article, m.start, m.end) for e in entities for m in e.mentions],
            )

    def set_quote_speakers(self, speakers: Sequence[tuple[str, str, str, int, int]]) -> None:
        """(entity id, entity name, article, start, end) for each quote whose speaker is a known entity: the quote
        gets the entity's id and canonical name; other quotes get no entity id."""
        with self.transaction():
            self.db.execute("UPDATE quotes SET speaker=NULL")
            self.db.executemany(
                'UPDATE quotes SET speaker=?, speaker_name=? WHERE article=? AND start=? AND "end"=?', list(speakers)
            )

    def entities(self) -> list[Entity]:
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        with self.snapshot():
            for row in self.db.execute(
                'SELECT m.article, m.start, m."end", m.text, m.label, m.entity, m.role FROM mentions m '
                "JOIN articles a ON a.id = m.article WHERE m.entity IS NOT NULL AND a.current=1 "
                'ORDER BY a.pk, m.start, m."end"'
            ):
                by_entity[row[5]].append(Mention(*row))
            rows = self.db.execute("SELECT id, name, type, aliases, role, wikidata FROM entities ORDER BY name, id")
            return [
                Entity(eid, name, etype, tuple(json.loads(aliases)), tuple(by_entity.get(eid, ())), role, wikidata)
                for eid, name, etype, aliases, role, wikidata in rows
            ]

    # -- stories ------------------------------------------------------------------------------------
    def assignments(self) -> list[tuple[str, str]]:
        """(article, story) in the order articles joined their stories."""
        return [(a, s) for a, s in self.db.execute("SELECT article, story FROM story_articles ORDER BY seq")]

    def save_stories(self, stories: Sequence[Story], replace_all: bool = False) -> None:
        """Write stories and their article lists; with replace_all, stories not given are deleted."""
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM story_articles")
                self.db.execute("DELETE FROM stories")
            seq = self.db.execute("SELECT coalesce(max(seq), 0) FROM story_articles").fetchone()[0]
            known = dict(self.db.execute("SELECT article, story FROM story_articles").fetchall())
            for s in stories:
                self.db.execute(
                    "INSERT INTO stories(id, title, first_date, last_date, updated_at, sections) VALUES (?,?,?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET title=excluded.title, first_date=excluded.first_date, "
                    "last_date=excluded.last_date, updated_at=excluded.updated_at, sections=excluded.sections",
                    (s.id, s.title, s.first_date, s.last_date, now(), sections_json(s)),
                )
                for art in s.articles:
                    if known.get(art) == s.id:
                        continue
                    seq += 1
                    self.db.execute(
                        "INSERT INTO story_articles(article, story, seq) VALUES (?,?,?) "
                        "ON CONFLICT(article) DO UPDATE SET story=excluded.story",
                        (art, s.id, seq),
                    )
            self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story FROM story_articles)")

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = defaultdict(list)
        with self.snapshot():
            for art, story in self.db.execute(
                "SELECT sa.article, sa.story FROM story_articles sa JOIN articles a ON a.id = sa.article "
                "WHERE a.current=1 ORDER BY sa.seq"
            ):
                members[story].append(art)
            rows = self.db.execute(
                "SELECT id, title, first_date, last_date, sections, updated_at FROM stories "
                "ORDER BY last_date DESC NULLS LAST, id"
            ).fetchall()
        return [
            story_from_row(sid, title, first, last, sections, tuple(members.get(sid, ())), updated)
            for sid, title, first, last, sections, updated in rows
        ]

    def story(self, story_id: str) -> Story | None:
        return next((s for s in self.stories() if s.id == story_id), None)

    # -- copies between articles (stories.dedup) -----------------------------------------------------
    def save_text_reuse(self, rows: Sequence[tuple], replace_all: bool = False) -> None:
        """(article, origin, kind, score, spans, named) rows; with replace_all the old ones go first."""
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM text_reuse")
            self.db.executemany(
                "INSERT INTO text_reuse(article, origin, kind, score, spans, named) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(article, origin) DO UPDATE SET kind=excluded.kind, score=excluded.score, "
                "spans=excluded.spans, named=excluded.named",
                [(a, o, k, float(sc), json.dumps([list(x) for x in spans]), int(named))
                 for a, o, k, sc, spans, named in rows],
            )

    def text_reuse(self, article_ids: Sequence[str] | None = None) -> list[tuple]:
        """(article, origin, kind, score, spans, named) for the given articles (as copier or origin), or all,
        in the order they were first written."""
        q = "SELECT article, origin, kind, score, spans, named FROM text_reuse"
        order = f" ORDER BY {self.TEXT_REUSE_ORDER}"
        if article_ids is None:
            rows = list(self.db.execute(q + order))
        else:
            rows, seen = [], set()
            with self.snapshot():
                for chunk in _chunks(list(article_ids), 400):
                    marks = ",".join("?" * len(chunk))
                    for r in self.db.execute(f"{q} WHERE article IN ({marks}) OR origin IN ({marks}){order}",
                                             chunk + chunk):
                        if (r[0], r[1]) not in seen:
                            seen.add((r[0], r[1]))
                            rows.append(r)
        return [(a, o, k, sc, tuple(tuple(x) for x in json.loads(sp)), bool(n)) for a, o, k, sc, sp, n in rows]

    # -- small key/value state (e.g. the clustering model's parameters) -----------------------------
    def get_state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO state(key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
