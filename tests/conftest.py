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
    """The shared data at PARTS; without it the test skips with the reason, except under CI=true, where it fails
    (CI always has ../shared, so a missing folder there is a broken checkout, not a pass)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        why = f"needs {path} (the shared data beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI must have it")
        pytest.skip(why)
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
def examples2_store(tmp_path_factory, nlp, config):
    """A store built once from the second example corpus (a trial, a rail accident, an election)."""
    store, report = build_store(tmp_path_factory.mktemp("examples2") / "examples2.db", [CORPUS2], nlp, config)
    yield store, report
    store.close()


@pytest.fixture(scope="session", params=sorted(EXAMPLE_FOLDERS))
def example_corpus(request):
    """(name, folder with corpus/ and answers.yaml, store, ingest report), once per example corpus."""
    store_fixture = {"corpus1": "examples_store", "corpus2": "examples2_store"}[request.param]
    store, report = request.getfixturevalue(store_fixture)
    return request.param, EXAMPLE_FOLDERS[request.param], store, report


def example_ids(folder: Path, store) -> dict[str, str | None]:
    """Answer-key ids (a01, a06_0 ...) to stored article ids (None when the article was not stored)."""
    import yaml

    answers = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    by_source = {a.source: a.id for a in store.articles()}
    ids = {}
    for a in answers["articles"]:
        src = str(folder / "corpus" / a["file"])
        if a.get("item") is not None:
            src += f":{a['item'] + 1}" if a["file"].endswith(".jsonl") else f"#{a['item'] + 1}"
        ids[a["id"]] = by_source.get(src)
    return ids


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    seeds = need_shared("seeds")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
