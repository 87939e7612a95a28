"""Shared fixtures. Data under ../shared is read in place (never copied); tests that need it skip when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RECOUPE_SHARED") or ROOT.parent / "shared")  # as config.shared_dir()
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"
CORPUS = EXAMPLES / "corpus"
EXAMPLES2 = EXAMPLES / "corpus2"  # the second example corpus: its own corpus/ and answers.yaml
CORPUS2 = EXAMPLES2 / "corpus"
EXAMPLE_FOLDERS = {"corpus1": EXAMPLES, "corpus2": EXAMPLES2}  # folders the eval commands take


def need_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data beside the repository); CI always has it")
    return path


@pytest.fixture(scope="session")
def config():
    from recoupe.config import Config

    return Config(db=":memory:")


@pytest.fixture(scope="session")
def nlp(config):
    """The spaCy stage, loaded once for the whole session (model load takes seconds)."""
    from recoupe.nlp.pipeline import NLP

    return NLP(config)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server started for this test session (Debian package `postgresql`; `./dev test` installs it)."""
    import os

    from pgserver import PgServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        why = "PostgreSQL server not installed (Debian package 'postgresql'; ./dev test installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI must run the PostgreSQL store tests")
        pytest.skip(why)
    server = PgServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A new, empty store location for each backend: a SQLite file path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture()
def store(db_url):
    """An open, empty store; tests using it run once per backend (SQLite and PostgreSQL)."""
    from recoupe.store import open_store

    s = open_store(db_url)
    yield s
    s.close()


def build_store(path: Path, inputs: list[Path], nlp, config):
    from dataclasses import replace

    from recoupe.pipeline import ingest, update_stories
    from recoupe.store import open_store

    store = open_store(str(path))
    report = ingest(inputs, replace(config, db=str(path)), store, nlp=nlp)
    update_stories(store, config, new_ids=report.article_ids)
    return store, report


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory, nlp, config):
    """A store built once from ../shared/seeds."""
    seeds = need_shared("seeds")
    store, report = build_store(tmp_path_factory.mktemp("seeds") / "seeds.db", [seeds], nlp, config)
    yield store, report
    store.close()


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory, nlp, config):
    """A store built once from the bundled example corpus."""
    store, report = build_store(tmp_path_factory.mktemp("examples") / "examples.db", [CORPUS], nlp, config)
    yield store, report
    store.close()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    seeds = need_shared("seeds")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
