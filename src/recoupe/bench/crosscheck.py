"""`recoupe bench crosscheck`: the cross-checking stage (facts, conflicts, summary) per story, beside a
lead-only summary on the same stories.

Stories are the RPM2 clusters (10 articles each) of ../shared/eval/rpm2, analysed once by the full NLP stage
in a child process before timing (so this process never holds spaCy: on Linux a spawned child inherits its
parent's peak resident size); each system then runs alone in a fresh process, so its peak is its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, shared_dir
from . import app
from .measure import measure

DEFAULT = shared_dir() / "eval" / "rpm2"


def _stories(folder: Path, repeat: int):
    from ..eval.summaries import load
    from ..model import Story
    from ..nlp.pipeline import NLP

    nlp = NLP(Config(db=":memory:"))
    clusters = load(folder, nlp)
    full = {a.article: a for a in nlp.analyse([a for c in clusters for a in c.articles])}
    out = []
    for r in range(repeat):
        for c in clusters:
            story = Story(id=f"s-{c.id}-{r}", title=c.id, articles=tuple(a.id for a in c.articles))
            out.append((story, c.articles, {a.id: full[a.id] for a in c.articles}))
    return out


def _crosscheck(stories) -> int:
    from ..crosscheck import cross_check

    return sum(len(cross_check(s, arts, analyses).facts) for s, arts, analyses in stories)


def _lead(stories) -> int:
    """The baseline: the first sentence of each article, as a summary."""
    return sum(len(analyses[a.id].sentences[:1]) for _s, arts, analyses in stories for a in arts)


@app.command("crosscheck")
def bench_crosscheck(
    folder: Annotated[Path, typer.Argument(exists=True, help="RPM2-shaped folder (articles.jsonl, summaries.jsonl).")] = DEFAULT,
    repeat: Annotated[int, typer.Option(help="Run over the clusters this many times.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Stories and articles per second of cross-checking, with peak memory, beside a lead-only summary."""
    _, _, stories = measure(_stories, folder, repeat)
    n_stories, n_articles = len(stories), sum(len(arts) for _s, arts, _a in stories)
    results = {}
    for name, fn in (("lead_only", _lead), ("recoupe", _crosscheck)):
        seconds, peak, _ = measure(fn, stories)
        results[name] = {"seconds": round(seconds, 3), "stories_per_s": round(n_stories / seconds, 2),
                         "articles_per_s": round(n_articles / seconds, 1), "peak_mib": round(peak, 1)}
    result = {"stories": n_stories, "articles": n_articles, **results}
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n_stories} stories, {n_articles} articles (NLP done beforehand, not timed)")
    for name, r in results.items():
        print(f"  {name:10} {r['stories_per_s']:8.2f} stories/s  {r['articles_per_s']:8.1f} articles/s  "
              f"peak {r['peak_mib']:.0f} MiB")
