"""Both store backends stay in step: same public methods, same tables and columns, same answers, any query."""

import inspect
import multiprocessing as mp
import random
import string
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.model import Analysis, Article, Sentence, Story
from recoupe.store import SQLiteStore, open_store
from recoupe.store.base import SQLStore, migrations
from recoupe.store.postgres import PostgresStore

# PostgreSQL-only columns: the tsvector (SQLite keeps its indexes in FTS5 virtual tables) and the order of
# text_reuse rows (SQLite's rowid).
PG_ONLY = {("articles", "search"), ("text_reuse", "seq")}


def public_methods(cls) -> set[str]:
    return {n for n, v in inspect.getmembers(cls, callable) if not n.startswith("_")}


def test_both_backends_expose_the_same_public_methods():
    assert public_methods(SQLiteStore) == public_methods(PostgresStore)
    # Methods belong in the shared base class; a backend only fills in its hooks.
    hooks = {"schema_version", "transaction", "snapshot", "search", "count_search", "close", "IntegrityError",
             "OperationalError"}
    for cls in (SQLiteStore, PostgresStore):
        own = {n for n in vars(cls) if not n.startswith("_") and callable(getattr(cls, n))}
        assert own <= hooks, f"{cls.__name__} defines {sorted(own - hooks)} outside the shared base"
    assert hooks - {"IntegrityError", "OperationalError"} <= public_methods(SQLStore)


def test_every_dialect_migration_replaces_a_shared_migration_of_the_same_version():
    root = resources.files("recoupe.store").joinpath("migrations")
    shared = {e.name for e in root.iterdir() if e.name.endswith(".sql")}
    for dialect in ("postgresql",):
        own = {e.name for e in root.joinpath(dialect).iterdir() if e.name.endswith(".sql")}
        assert own <= shared, f"{dialect} migrations without a shared counterpart: {sorted(own - shared)}"
        assert [v for v, _ in migrations(dialect)] == [v for v, _ in migrations("sqlite")]


def columns(store) -> dict[str, list[str]]:
    if store.dialect == "sqlite":
        # full-text indexes are virtual tables (with their shadow tables): PostgreSQL has a column instead
        virtual = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")]
        tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                  if not r[0].startswith("sqlite_") and not any(r[0] == v or r[0].startswith(v + "_") for v in virtual)]
        return {t: [r[1] for r in store.db.execute(f"PRAGMA table_info({t})")] for t in tables}
    out: dict[str, list[str]] = {}
    for table, column in store.db.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name <> 'recoupe_schema' ORDER BY table_name, ordinal_position"
    ):
        if (table, column) not in PG_ONLY:
            out.setdefault(table, []).append(column)
    return out


def test_both_backends_have_the_same_tables_and_columns(tmp_path, pg_server):
    lite = open_store(str(tmp_path / "s.db"))
    pg = open_store(pg_server.new_database())
    assert columns(lite) == columns(pg)
    lite.close()
    pg.close()


def art(i: int, text: str, **kw) -> Article:
    return Article(id=f"a-{i:016x}", source=f"s{i}.txt", text=text, language="fr", **kw)


def test_stories_come_back_in_the_same_order_on_both_backends(store):
    store.add([(art(i, f"Texte {i}."), Analysis(f"a-{i:016x}")) for i in range(4)])
    store.save_stories([
        Story("s-b", "B", (f"a-{0:016x}",), last_date="2025-03-01"),
        Story("s-a", "A", (f"a-{1:016x}",), last_date=None),
        Story("s-c", "Ä", (f"a-{2:016x}",), last_date="2025-03-01"),
        Story("s-Z", "Z", (f"a-{3:016x}",), last_date="2025-04-01"),
    ])
    # latest first, stories without a date last, ties by id in byte order (uppercase before lowercase)
    assert [s.id for s in store.stories()] == ["s-Z", "s-b", "s-c", "s-a"]


def test_a_very_long_text_of_distinct_words_is_stored_and_searchable(store):
    rng = random.Random(3)
    words = ["".join(rng.choices(string.ascii_lowercase, k=5)) for _ in range(83_000)]  # ~500,000 characters
    store.add([(art(1, " ".join(words) + " brévanne"), Analysis(f"a-{1:016x}"))])
    assert [h[0] for h in store.search(words[10])] == [f"a-{1:016x}"]
    assert store.article(f"a-{1:016x}").text.endswith("brévanne")


@settings(max_examples=150, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=st.text(max_size=40))
def test_any_search_query_answers_without_error(store, query):
    if not hasattr(store, "_fuzz_seeded"):
        store.add([(art(1, "Le préfet de Brévanne a fermé le pont « Vieux-Port » le 3 mars."),
                    Analysis(f"a-{1:016x}", sentences=(Sentence(f"a-{1:016x}", 0, 10, "", "préfet"),)))])
        store._fuzz_seeded = True
    hits = store.search(query, limit=5)
    assert all(h[0] == f"a-{1:016x}" for h in hits)


def _open_and_count(url: str, queue) -> None:
    try:
        s = open_store(url)
        queue.put(("ok", s.schema_version(), s.count_articles()))
        s.close()
    except Exception as exc:  # reported to the test
        queue.put(("error", repr(exc), 0))


def test_processes_opening_a_new_store_at_once_migrate_it_once(db_url):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_open_and_count, args=(db_url, queue)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results == [("ok", migrations()[-1][0], 0)] * 4


def test_searching_a_long_article_full_of_the_query_word_answers(store):
    # found by the pathological cases: the snippet window was searched in quadratic time (minutes here)
    store.add([(art(1, "Le pont de Brévanne. " * 24_000), Analysis(f"a-{1:016x}"))])  # 500,000 characters
    [(aid, snippet)] = store.search("pont")
    assert aid == f"a-{1:016x}" and snippet.count("[pont]") > 5


def test_text_reuse_comes_back_in_the_order_it_was_first_written(store):
    store.add([(art(i, f"Texte {i}."), Analysis(f"a-{i:016x}")) for i in range(3)])
    a, b, c = (f"a-{i:016x}" for i in range(3))
    store.save_text_reuse([(c, a, "copy", 0.9, [(0, 5)], True), (b, a, "passage", 0.3, [], False)])
    store.save_text_reuse([(c, a, "duplicate", 1.0, [(0, 8)], False), (a, b, "passage", 0.2, [(1, 2)], False)])
    assert store.text_reuse() == [(c, a, "duplicate", 1.0, ((0, 8),), False), (b, a, "passage", 0.3, (), False),
                                  (a, b, "passage", 0.2, ((1, 2),), False)]
    assert [r[:2] for r in store.text_reuse([b])] == [(b, a), (a, b)]
