"""Helpers for the crash and concurrency tests: a generated corpus, the CLI as a subprocess, store checks in SQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_corpus(folder: Path, n: int, seed: int = 7, prefix: str = "") -> list[Path]:
    """n generated articles (our own example paragraphs recombined) as .txt files; `prefix` keeps two corpora
    apart (it goes into file names and titles)."""
    from recoupe.bench.corpus import generate, paragraphs

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in generate(n, paragraphs(None, ROOT / "examples" / "corpus"), seed=seed):
        path = folder / f"{prefix}{Path(doc.source).stem}.txt"
        path.write_text(doc.text.replace("Titre ", f"Titre {prefix}", 1), encoding="utf-8")
        paths.append(path)
    return paths


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "recoupe.cli", *args]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(cli(*args), env=cli_env(), capture_output=True, text=True, timeout=timeout)


def analysis_counts(store) -> dict[str, tuple[int, int]]:
    """Per stored article: (sentences, mentions) rows."""
    rows = store.db.execute(
        "SELECT a.id, (SELECT count(*) FROM sentences s WHERE s.article = a.id), "
        "(SELECT count(*) FROM mentions m WHERE m.article = a.id) FROM articles a"
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def integrity_problems(store) -> list[str]:
    """What a crash must never leave behind, checked in SQL."""
    problems = []
    if store.dialect == "sqlite":
        result = store.db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(f"integrity_check: {result}")
        if store.db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign key violations")
    queries = {
        "article without sentences": "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                                     "(SELECT 1 FROM sentences s WHERE s.article = a.id)",
        "duplicate article ids": "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1) d",
        "orphan sentences": "SELECT count(*) FROM sentences s WHERE NOT EXISTS "
                            "(SELECT 1 FROM articles a WHERE a.id = s.article)",
        "orphan mentions": "SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                           "(SELECT 1 FROM articles a WHERE a.id = m.article)",
        "duplicate mentions": 'SELECT count(*) FROM (SELECT article, start, "end" FROM mentions '
                              'GROUP BY article, start, "end" HAVING count(*) > 1) d',
        "story without articles": "SELECT count(*) FROM stories s WHERE NOT EXISTS "
                                  "(SELECT 1 FROM story_articles sa WHERE sa.story = s.id)",
    }
    for what, sql in queries.items():
        n = store.db.execute(sql).fetchone()[0]
        if n:
            problems.append(f"{what}: {n}")
    return problems


class Server:
    """`recoupe serve` in a subprocess on a free loopback port."""

    def __init__(self, db: str) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(cli("serve", "--db", db, "--port", str(self.port)), env=cli_env(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def wait_ready(self, timeout: float = 120) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"recoupe serve exited: {self.proc.stderr.read()}")
            try:
                if httpx.get(f"{self.url}/api/stories", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("recoupe serve did not answer in time")

    def upload(self, paths: list[Path], wait: bool):
        import httpx

        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in paths]
        return httpx.post(f"{self.url}/api/ingest", params={"wait": str(wait).lower()}, files=files, timeout=600,
                          headers={"x-requested-with": "recoupe-tests"})  # a program, not another site's form

    def stop(self, kill: bool = False) -> None:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.proc.stderr.close()
