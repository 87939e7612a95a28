"""The Dask engine gives the same store content and dossier as the one-process path, on a real local cluster."""

import json
import logging
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, need_shared
from recoupe.cli import app
from recoupe.pipeline.dask import partitions
from recoupe.pipeline import build_dossier
from recoupe.ingest import Chunk
from recoupe.model import RawDocument, Reject
from recoupe.pipeline import ingest, update_stories
from recoupe.store import open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker local cluster for this module; tests reach it by address, as `--scheduler` does."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def without_time(dossier: dict) -> dict:
    return {k: v for k, v in dossier.items() if k != "generated_at"}


def dask_store(tmp_path, inputs, config, scheduler, **kw):
    dconfig = replace(config, db=str(tmp_path / "dask.db"), engine="dask", scheduler=scheduler, **kw)
    store = open_store(dconfig.db)
    report = ingest(inputs, dconfig, store)
    update_stories(store, dconfig, new_ids=report.article_ids)
    return store, report


def test_example_corpus_gives_the_same_dossier_as_the_local_engine(tmp_path, examples_store, config, scheduler):
    local, local_report = examples_store
    # small partitions, so that both workers get work and results come back out of order
    store, report = dask_store(tmp_path, [CORPUS], config, scheduler, partition_size=3, batch_size=4)
    assert report.added == local_report.added == len(local.articles())
    assert set(report.timings) >= {"startup", "read", "prepare", "nlp", "store"}
    assert without_time(build_dossier(store)) == without_time(build_dossier(local))
    store.close()


def test_seeds_give_the_same_dossier_as_the_local_engine(tmp_path, seeds_store, config, scheduler):
    seeds = need_shared("seeds")
    local, _ = seeds_store
    store, report = dask_store(tmp_path, [seeds], config, scheduler, partition_size=2)
    assert report.added == 5 and not report.rejects
    assert without_time(build_dossier(store)) == without_time(build_dossier(local))
    store.close()


def test_revisions_duplicates_and_rejects_are_handled_as_by_the_local_engine(tmp_path, nlp, config, scheduler):
    v1 = RawDocument(source="f.jsonl:1", url="https://x.invalid/pont", text="Le pont a cédé mardi à Brévanne.",
                     format="jsonl", title="Pont")
    v2 = replace(v1, text="Le pont a cédé mardi à Brévanne. Mise à jour : deux blessés.")
    raws = [v1, Reject("x.bin", "binary file (not text)"), v1, v2, RawDocument(source="e.txt", text=" ", format="txt")]
    results = {}
    for engine in ("local", "dask"):
        cfg = replace(config, db=str(tmp_path / f"{engine}.db"), engine=engine, scheduler=scheduler,
                      partition_size=1, batch_size=2)
        store = open_store(cfg.db)
        first = ingest(None, cfg, store, nlp=nlp, raws=raws)
        again = ingest(None, cfg, store, nlp=nlp, raws=raws)
        results[engine] = (first.added, first.skipped, [r.reason for r in first.rejects], again.added, again.skipped,
                           [(a.id, a.revision, a.supersedes) for a in store.articles(current_only=False)])
        store.close()
    assert results["dask"] == results["local"]
    assert results["local"][:2] == (2, 1) and results["local"][3:5] == (0, 3)
    # v2 came in the same batch as v1 and is still its next revision
    assert [r[1:] for r in results["local"][5]] == [(1, None), (2, results["local"][5][0][0])]


def test_partitions_hold_about_the_asked_number_of_articles():
    units = [Chunk("a.jsonl", ".jsonl", lines=tuple((i, "{}") for i in range(5))), Chunk("b.txt", ".txt", b"x"),
             Reject("c", "r"), Chunk("d.txt", ".txt", b"y")]
    assert [len(p) for p in partitions(units, 3)] == [1, 3]
    assert [u for p in partitions(units, 3) for u in p] == units


def test_cli_run_with_the_dask_engine_starts_a_local_cluster(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Un pont cède à Brévanne\nLe pont de Brévanne s'est effondré mardi 11 mars 2025, "
                                  "a annoncé la préfecture.\nLe Courrier avec AFX", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"title": "Le pont fermé", "text": "Le pont de Brévanne est fermé."}\n{bad\n',
                                    encoding="utf-8")
    args = ["run", str(folder), "--db", str(tmp_path / "r.db"), "--out", str(tmp_path / "o"), "--engine", "dask",
            "--workers", "1"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1, res.output  # one bad JSONL line
    d = json.loads((tmp_path / "o" / "dossier.json").read_text(encoding="utf-8"))
    assert len(d["articles"]) == 2 and "invalid JSON" in d["rejects"][0]["reason"]
    assert CliRunner().invoke(app, [*args[:-4], "--engine", "nope"]).exit_code == 2
