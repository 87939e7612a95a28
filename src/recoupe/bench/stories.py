"""`recoupe bench stories`: copy detection + story clustering over a generated stream, on one core.

The stream recombines real paragraphs (read at run time from ../shared/eval, never copied): each generated
article takes a few paragraphs of one source article (a development of that story), sometimes a paragraph of
another, sometimes is a verbatim republication of an earlier generated article (a wire copy); publication days
advance through the stream (~70 articles a day), so stories open, grow and close as in a real feed. Features
come from the cheap path (the pipeline reads stored lemmas instead); the baseline is that feature extraction
alone, so "dedup + clustering" is the difference. Run at two sizes to show how cost and memory grow.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ..config import shared_dir
from . import app
from .measure import measure

SOURCES = ("rpm2/articles.jsonl", "mlcrisis/articles.jsonl", "semeval8/articles.jsonl")
PER_DAY = 70


def source_articles(shared: Path) -> list[tuple[str, list[str]]]:
    """(language, paragraphs) of every shared eval article with at least two usable paragraphs."""
    out = []
    for name in SOURCES:
        path = shared / "eval" / name
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            paras = [p.strip() for p in (row.get("text") or "").split("\n") if len(p.strip()) > 80]
            if len(paras) >= 2:
                out.append(((row.get("lang") or "fr")[:2], paras[:12]))
    return out


def stream(n: int, sources: list, seed: int = 11) -> Iterator:
    """n generated articles (model Articles), deterministic for a seed."""
    from datetime import date, timedelta

    from ..model import Article

    rng = random.Random(seed)
    start = date(2024, 1, 1)
    recent: list = []
    for i in range(n):
        day = start + timedelta(days=i // PER_DAY + rng.randint(0, 2))
        if recent and rng.random() < 0.08:  # a republished copy of a recent article
            lang, title, text = rng.choice(recent)
        else:
            # stories are local in time: a source article is "in the news" for a few weeks, then again later
            k = (i // (PER_DAY * 20) * 37 + rng.randint(0, 120)) % len(sources)
            lang, paras = sources[k]
            body = rng.sample(paras, k=min(len(paras), rng.randint(2, 5)))
            if rng.random() < 0.2:
                body.append(rng.choice(rng.choice(sources)[1]))
            title, text = body[0][:90], "\n\n".join(body)
            recent = (recent + [(lang, title, text)])[-200:]
        yield Article(id=f"a-bench{i:07d}", source=f"bench/{i}", text=text, language=lang, title=title,
                      published=day.isoformat())


def _run(n: int, shared: str, stories: bool) -> dict:
    """In a fresh process: features for n articles, and (when `stories`) dedup + clustering too."""
    from dataclasses import replace

    from ..config import Config
    from ..stories.engine import StoryEngine
    from ..stories.features import from_text

    params = replace(Config().stories, encoder="none")
    engine = StoryEngine(params)
    sources = source_articles(Path(shared))
    t_feat = t_engine = 0.0
    new_stories = merges = copies = 0
    for article in stream(n, sources):
        t0 = time.perf_counter()
        f = from_text(article)
        t1 = time.perf_counter()
        t_feat += t1 - t0
        if stories:
            placed = engine.add(f)
            t_engine += time.perf_counter() - t1
            new_stories += placed.decision.new
            merges += len(placed.decision.merged)
            copies += any(r.kind in ("duplicate", "copy") for r in placed.reuse)
    return {"features_s": t_feat, "stories_s": t_engine, "stories_opened": new_stories, "merges": merges,
            "copies_found": copies, "active_stories": len(engine.clusterer.stories),
            "indexed_for_copies": len(engine.dedup.indexed), "vocabulary": len(engine.clusterer.vocab.keys)}


@app.command("stories")
def bench_stories(
    sizes: Annotated[str, typer.Option(help="Stream sizes, comma-separated.")] = "10000,100000",
    shared: Annotated[Path, typer.Option(help="The shared folder (paragraph source).")] = shared_dir(),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Dedup + story clustering throughput and peak memory on a generated stream, beside features alone."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"  # one core: numpy must not spread over more
    if not source_articles(shared):
        typer.echo(f"no source articles under {shared}/eval", err=True)
        raise typer.Exit(2)
    results = []
    for n in (int(s) for s in sizes.split(",") if s.strip()):
        base_s, base_mb, base = measure(_run, n, str(shared), False)
        ours_s, ours_mb, ours = measure(_run, n, str(shared), True)
        results.append({
            "articles": n,
            "baseline_features_only": {"seconds": round(base_s, 1), "articles_per_s": round(n / base_s),
                                       "peak_mib": round(base_mb)},
            "features_dedup_clustering": {"seconds": round(ours_s, 1), "articles_per_s": round(n / ours_s),
                                          "peak_mib": round(ours_mb)},
            "dedup_clustering_only": {"seconds": round(ours["stories_s"], 1),
                                      "articles_per_s": round(n / ours["stories_s"]),
                                      "extra_peak_mib": round(ours_mb - base_mb)},
            **{k: v for k, v in ours.items() if not k.endswith("_s")},
        })
    if as_json:
        print(json.dumps({"runs": results}))
        return
    for r in results:
        print(f"{r['articles']} generated articles, one core")
        b, o, d = r["baseline_features_only"], r["features_dedup_clustering"], r["dedup_clustering_only"]
        print(f"  baseline (features only)   : {b['articles_per_s']:7d} articles/s  peak {b['peak_mib']} MiB")
        print(f"  features + dedup + stories : {o['articles_per_s']:7d} articles/s  peak {o['peak_mib']} MiB")
        print(f"  dedup + stories alone      : {d['articles_per_s']:7d} articles/s  (+{d['extra_peak_mib']} MiB)  "
              f"aim ≥ 2000 articles/s")
        print(f"  {r['stories_opened']} stories opened, {r['merges']} merges, {r['copies_found']} copies found; "
              f"at the end {r['active_stories']} active stories, {r['indexed_for_copies']} articles indexed for "
              f"copies, {r['vocabulary']} terms")
