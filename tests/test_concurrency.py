"""Readers and writers at once on one store: two `recoupe ingest` runs write while `recoupe serve` answers
parallel clients. No errors, no article is ever seen without its analysis, and no write is lost."""

import random
import subprocess
import threading
import time

import httpx
import pytest

from crashkit import Server, cli, cli_env, integrity_problems, write_corpus
from recoupe.store import open_store

pytestmark = pytest.mark.slow
PER_WRITER = 16
CLIENTS = 3


def client_loop(base: str, stop: threading.Event, seed: int, report: dict) -> None:
    """Read through the API until told to stop; record requests made, the last count seen and any error."""
    rng = random.Random(seed)
    errors: list[str] = []
    last = requests = 0
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set() and len(errors) < 5:
            try:
                listing = http.get("/api/articles", params={"limit": 500})
                requests += 1
                if listing.status_code != 200:
                    errors.append(f"/api/articles answered {listing.status_code}")
                    continue
                ids = [a["id"] for a in listing.json()["items"]]
                if len(ids) < last:
                    errors.append(f"article count went back from {last} to {len(ids)}")
                last = len(ids)
                for aid in rng.sample(ids, min(3, len(ids))):
                    article = http.get(f"/api/articles/{aid}")
                    requests += 1
                    if article.status_code != 200 or not article.json()["sentences"]:
                        errors.append(f"article {aid} answered {article.status_code} or without its analysis")
                for path, params in (("/api/articles", {"q": "Titre"}), ("/api/stories", {})):
                    res = http.get(path, params=params)
                    requests += 1
                    if res.status_code != 200:
                        errors.append(f"{path} {params} answered {res.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.05)
    report.update(requests=requests, last=last, errors=errors)


def run_together(db: str, folders) -> list[dict]:
    open_store(db).close()  # created and migrated before the crowd arrives
    server = Server(db)
    server.wait_ready()
    stop = threading.Event()
    reports = [{} for _ in range(CLIENTS)]
    clients = [threading.Thread(target=client_loop, args=(server.url, stop, i, reports[i])) for i in range(CLIENTS)]
    for c in clients:
        c.start()
    writers = [
        subprocess.Popen(cli("ingest", str(f), "--db", db, "--batch-size", "2"), env=cli_env(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for f in folders
    ]
    try:
        outcomes = [(w.wait(timeout=300), w.stderr.read()) for w in writers]
    finally:
        time.sleep(0.5)  # one more round of reads after the last write
        stop.set()
        for c in clients:
            c.join(timeout=120)
        server.stop()
    for code, stderr in outcomes:
        assert code == 0, stderr
    return reports


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("concurrent")
    write_corpus(root / "a", PER_WRITER, seed=1, prefix="A")
    write_corpus(root / "b", PER_WRITER, seed=2, prefix="B")
    return [root / "a", root / "b"]


def check(db: str, reports: list[dict]) -> None:
    for report in reports:
        assert report["errors"] == []
        assert report["requests"] > 0
    store = open_store(db)
    assert store.count_articles() == 2 * PER_WRITER  # no write lost
    assert integrity_problems(store) == []
    assert store.db.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 2 * PER_WRITER
    store.close()


def test_sqlite_store_serves_the_web_app_while_two_runs_write(corpora, tmp_path):
    db = str(tmp_path / "shared.db")
    check(db, run_together(db, corpora))


def test_postgresql_store_serves_the_web_app_while_two_runs_write(corpora, pg_server):
    db = pg_server.new_database()
    check(db, run_together(db, corpora))
