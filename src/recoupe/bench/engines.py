"""`recoupe bench engines`: the local engine beside the Dask engine with 1 and 2 workers, same generated corpus.

Each run happens in a fresh process; start-up (loading spaCy; for Dask also starting the local cluster and
loading spaCy on every worker) is reported apart from the steady throughput.
"""

from __future__ import annotations

import json
import logging
import resource
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from . import app
from ..config import Config, examples_dir, shared_dir
from .corpus import generate, paragraphs
from .measure import measure

STAGES = ("read", "prepare", "nlp", "store", "cross_article")


def _worker_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(docs, workers: int | None) -> dict:
    from ..nlp.pipeline import NLP
    from ..pipeline import ingest, update_stories
    from ..store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(db=str(Path(tmp) / "bench.db"))
        store = open_store(config.db)
        detail: dict = {}
        startup = 0.0
        if workers is None:
            t_start = time.perf_counter()
            nlp = NLP(config)
            nlp.pipeline(config.default_language)  # load the model before the clock starts, as Dask workers do
            t0 = time.perf_counter()
            detail["start_s"] = round(t0 - t_start, 2)
            report = ingest(None, config, store, nlp=nlp, raws=docs)
            t1 = time.perf_counter()
        else:
            from distributed import Client, LocalCluster

            t_start = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
                config = Config(db=config.db, engine="dask", scheduler=cluster.scheduler_address)
                t0 = time.perf_counter()
                report = ingest(None, config, store, raws=docs)
                t1 = time.perf_counter()
                detail["workers_peak_mib"] = round(sum(client.run(_worker_peak_mib).values()), 1)
            startup = report.timings.pop("startup", 0.0)  # plugin registration: spaCy loading on each worker
            detail["start_s"] = round(t0 - t_start + startup, 2)
        update_stories(store, config, new_ids=report.article_ids)
        t2 = time.perf_counter()
        store.close()
    stages = {**report.timings, "cross_article": t2 - t1}
    return {"added": report.added, "ingest_s": t1 - t0 - startup, "cross_article_s": t2 - t1, "stages": stages,
            **detail}


def _local(docs) -> dict:
    return _run(docs, None)


def _dask1(docs) -> dict:
    return _run(docs, 1)


def _dask2(docs) -> dict:
    return _run(docs, 2)


@app.command("engines")
def bench_engines(
    n: Annotated[int, typer.Option(help="Articles to generate.")] = 600,
    shared: Annotated[Path, typer.Option(help="The shared folder (paragraph source when present).")] = shared_dir(),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Articles per second: local engine (baseline) vs Dask with 1 and 2 workers, and where the time goes."""
    docs = generate(n, paragraphs(shared if shared.exists() else None, examples_dir() / "corpus"))
    result: dict = {"articles": n, "runs": {}}
    for name, fn in (("local", _local), ("dask_1_worker", _dask1), ("dask_2_workers", _dask2)):
        seconds, peak, detail = measure(fn, docs)
        steady = detail["ingest_s"] + detail["cross_article_s"]
        result["runs"][name] = {
            "articles_per_s": round(n / steady, 2),  # once the engine is up
            "articles_per_s_with_startup": round(n / seconds, 2),
            "seconds": round(seconds, 2),
            "client_peak_mib": round(peak, 1),
            "start_s": detail["start_s"],
            **{k: detail[k] for k in ("workers_peak_mib",) if k in detail},
            "stage_seconds": {k: round(detail["stages"].get(k, 0.0), 2) for k in STAGES},
        }
    base = result["runs"]["local"]["articles_per_s"]
    for run in result["runs"].values():
        run["speedup_vs_local"] = round(run["articles_per_s"] / base, 2)
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n} generated articles (stage seconds: per-article stages summed over workers)")
    for name, run in result["runs"].items():
        st = run["stage_seconds"]
        extra = f", workers peak {run['workers_peak_mib']:.0f} MiB" if "workers_peak_mib" in run else ""
        print(f"  {name:15s}: {run['articles_per_s']:7.2f} articles/s ({run['speedup_vs_local']:.2f}x local), "
              f"{run['articles_per_s_with_startup']:6.2f} with start-up ({run['start_s']:.1f} s: model loading"
              f"{', cluster' if extra else ''}); client peak {run['client_peak_mib']:.0f} MiB{extra}")
        print("  " + " " * 17 + "  ".join(f"{k} {st[k]:.1f}s" for k in STAGES))
