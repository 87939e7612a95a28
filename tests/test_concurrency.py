"""Readers and writers at once on one store: two `recoupe ingest` runs write while reader processes query through
the store API (as the web server does). No errors, readers never see half an article, no write is lost."""

import multiprocessing as mp
import subprocess
import time

import pytest

from crashkit import cli, cli_env, integrity_problems, write_corpus
from recoupe.store import open_store

pytestmark = pytest.mark.slow
PER_WRITER = 16
READERS = 2


def reader(url: str, stop, queue) -> None:
    """Query in a loop until told to stop; report loops done, the last count seen and any error."""
    errors: list[str] = []
    loops = last = 0
    store = open_store(url)
    while not stop.is_set() and len(errors) < 5:
        try:
            n = store.count_articles()
            if n < last:
                errors.append(f"article count went back from {last} to {n}")
            last = n
            ids = [a.id for a in store.articles()]
            analyses = store.analyses(ids)
            bare = [i for i in ids if not analyses[i].sentences]
            if bare:
                errors.append(f"articles seen without their analysis: {bare[:3]}")
            store.search("Titre")
            stories = store.stories()
            if stories:
                store.story(stories[-1].id)
            store.entities()
            loops += 1
            time.sleep(0.05)  # a busy server, not a spinning one: leave the writers some CPU
        except Exception as exc:  # reported to the test, which fails on it
            errors.append(f"{type(exc).__name__}: {exc}")
    store.close()
    queue.put((loops, last, errors))


def run_together(url: str, folders) -> list[tuple[int, int, list[str]]]:
    open_store(url).close()  # created and migrated before the crowd arrives
    ctx = mp.get_context("spawn")
    stop, queue = ctx.Event(), ctx.Queue()
    readers = [ctx.Process(target=reader, args=(url, stop, queue)) for _ in range(READERS)]
    for r in readers:
        r.start()
    writers = [
        subprocess.Popen(cli("ingest", str(f), "--db", url, "--batch-size", "2"), env=cli_env(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for f in folders
    ]
    try:
        outcomes = [(w.wait(timeout=300), w.stderr.read()) for w in writers]
    finally:
        time.sleep(0.5)  # one more round of reads after the last write
        stop.set()
        results = [queue.get(timeout=60) for _ in readers]
        for r in readers:
            r.join(timeout=30)
    for code, stderr in outcomes:
        assert code == 0, stderr
    return results


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("concurrent")
    write_corpus(root / "a", PER_WRITER, seed=1, prefix="A")
    write_corpus(root / "b", PER_WRITER, seed=2, prefix="B")
    return [root / "a", root / "b"]


def check(url: str, results) -> None:
    for loops, last, errors in results:
        assert errors == []
        assert loops > 0
    store = open_store(url)
    assert store.count_articles() == 2 * PER_WRITER  # no write lost
    assert integrity_problems(store) == []
    assert store.db.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 2 * PER_WRITER
    store.close()


def test_sqlite_store_serves_readers_while_two_runs_write(corpora, tmp_path):
    url = str(tmp_path / "shared.db")
    check(url, run_together(url, corpora))


def test_postgresql_store_serves_readers_while_two_runs_write(corpora, pg_server):
    url = pg_server.new_database()
    check(url, run_together(url, corpora))
