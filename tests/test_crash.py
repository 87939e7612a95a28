"""A real `recoupe run` killed with SIGKILL at random points, several times: the store stays whole, and the
same command run again finishes the job with no duplicates and the same dossier as a run never killed.
The same for `recoupe serve` killed during an upload: the upload sent again completes the store."""

import json
import random
import signal
import subprocess
import time

import pytest

from crashkit import Server, analysis_counts, cli, cli_env, integrity_problems, run_cli, write_corpus
from recoupe.store import open_store

pytestmark = pytest.mark.slow
N_ARTICLES = 40
BATCH = "4"  # small transactions, so kills land between and inside many of them


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash") / "in"
    write_corpus(folder, N_ARTICLES)
    return folder


@pytest.fixture(scope="module")
def baseline(corpus, tmp_path_factory):
    """The same command, never killed: the reference store and dossier."""
    tmp = tmp_path_factory.mktemp("baseline")
    res = run_cli("run", str(corpus), "--db", str(tmp / "b.db"), "--out", str(tmp / "out"), "--batch-size", BATCH)
    assert res.returncode == 0, res.stderr
    store = open_store(str(tmp / "b.db"))
    counts = analysis_counts(store)
    store.close()
    assert len(counts) == N_ARTICLES
    return counts, dossier(tmp / "out")


def dossier(out) -> dict:
    d = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    d.pop("generated_at")
    return d


def kill_when(proc, db: str, reached, delay: float, limit: float = 240) -> int:
    """SIGKILL the run once `reached(article count)` holds, after `delay` seconds; returns the count then."""
    watcher = None
    deadline = time.monotonic() + limit
    count = 0
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            watcher = watcher or open_store(db)
            count = watcher.count_articles()
        except Exception:  # the run has not created the schema yet
            watcher = None
        if reached(count):
            break
        time.sleep(0.05)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if watcher is not None:
        watcher.close()
    return count


def crash_and_recover(db: str, out, corpus, baseline, phases: tuple[str, ...], seed: int) -> list[int]:
    """Kill the run once per phase ("start": while loading; "writing": at a random article count; "after":
    once every article is stored, while stories are built or exported), then run it to the end."""
    rng = random.Random(seed)
    counts, reference = baseline
    args = ["run", str(corpus), "--db", db, "--out", str(out), "--batch-size", BATCH]
    seen = []
    for i, phase in enumerate(phases):
        proc = subprocess.Popen(cli(*args), env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if phase == "start":
            at = kill_when(proc, db, lambda c: True, delay=rng.uniform(0.2, 2.0))
        elif phase == "after":
            at = kill_when(proc, db, lambda c: c >= N_ARTICLES, delay=rng.uniform(0.0, 0.5))
        else:
            target = (seen[-1] if seen else 0) + rng.randint(1, 12)
            at = kill_when(proc, db, lambda c, t=target: c >= t, delay=rng.uniform(0.0, 0.3))
        seen.append(at)
        store = open_store(db)  # opens cleanly
        assert integrity_problems(store) == [], f"after kill {i}"
        stored = analysis_counts(store)
        assert {k: counts[k] for k in stored} == stored, f"half-stored article after kill {i}"
        store.close()
    res = run_cli(*args)
    assert res.returncode == 0, res.stderr
    store = open_store(db)
    assert integrity_problems(store) == []
    assert analysis_counts(store) == counts  # every article, each once, with its whole analysis
    assert store.db.execute("SELECT count(*) FROM story_articles").fetchone()[0] == N_ARTICLES
    store.close()
    assert dossier(out) == reference
    return seen


def test_sigkilled_runs_leave_a_whole_sqlite_store_and_a_rerun_finishes_the_job(corpus, baseline, tmp_path):
    seen = crash_and_recover(str(tmp_path / "c.db"), tmp_path / "out", corpus, baseline,
                             ("start", "writing", "writing", "after"), seed=11)
    assert any(0 < c < N_ARTICLES for c in seen), f"no kill landed while articles were being written: {seen}"


def test_sigkilled_runs_leave_a_whole_postgresql_store_and_a_rerun_finishes_the_job(
        corpus, baseline, tmp_path, pg_server):
    seen = crash_and_recover(pg_server.new_database(), tmp_path / "out", corpus, baseline, ("writing", "after"),
                             seed=5)
    assert any(0 < c < N_ARTICLES for c in seen), f"no kill landed while articles were being written: {seen}"


def upload_kill_and_recover(db: str, corpus, baseline, rounds: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    counts, _ = baseline
    files = sorted(corpus.iterdir())
    seen = []
    for i in range(rounds):
        server = Server(db)
        server.wait_ready()
        assert server.upload(files, wait=False).status_code == 202
        target = (seen[-1] if seen else 0) + rng.randint(1, 12)
        seen.append(kill_when(server.proc, db, lambda c, t=target: c >= t, delay=rng.uniform(0.0, 0.3)))
        server.stop()
        store = open_store(db)
        assert integrity_problems(store) == [], f"after kill {i}"
        stored = analysis_counts(store)
        assert {k: counts[k] for k in stored} == stored, f"half-stored article after kill {i}"
        store.close()
    server = Server(db)
    server.wait_ready()
    job = server.upload(files, wait=True).json()
    server.stop()
    assert job["state"] == "done" and not job["rejects"], job
    assert job["added"] + job["skipped"] == N_ARTICLES
    store = open_store(db)
    assert integrity_problems(store) == []
    assert analysis_counts(store) == counts  # every article, each once, with its whole analysis
    assert store.db.execute("SELECT count(*) FROM story_articles").fetchone()[0] == N_ARTICLES
    store.close()
    return seen


def test_server_killed_during_uploads_leaves_a_whole_store_and_the_upload_again_completes_it(
        corpus, baseline, tmp_path):
    seen = upload_kill_and_recover(str(tmp_path / "s.db"), corpus, baseline, rounds=2, seed=3)
    assert any(0 < c < N_ARTICLES for c in seen), f"no kill landed while articles were being written: {seen}"
