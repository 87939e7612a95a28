"""`recoupe bench crosscheck`: the cross-checking stage (facts, conflicts, summary) per story, beside a
lead-only summary on the same stories, on RPM2 and on one synthetic story of many articles.

Stories are the RPM2 clusters (10 articles each) of ../shared/eval/rpm2, analysed once by the full NLP stage
in a child process (its time is the NLP cost the cross-checking is compared with; this process never holds
spaCy: on Linux a spawned child inherits its parent's peak resident size); each system then runs alone in a
fresh process, so its peak is its own. The synthetic story repeats the RPM2 articles under new ids and outlets
until it has `--articles` of them (every article has several near-copies: a hard case for alignment). The
encoder's cost is the difference between `recoupe` (statements embedded with the multilingual encoder) and
`recoupe_no_encoder`.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, CrossCheckParams, shared_dir
from . import app
from .measure import measure

DEFAULT = shared_dir() / "eval" / "rpm2"


def _stories(folder: Path, repeat: int):
    from ..eval.summaries import load
    from ..model import Story
    from ..nlp.pipeline import NLP

    t0 = time.perf_counter()
    nlp = NLP(Config(db=":memory:"))
    clusters = load(folder, nlp)
    full = {a.article: a for a in nlp.analyse([a for c in clusters for a in c.articles])}
    seconds = time.perf_counter() - t0
    out = []
    for r in range(repeat):
        for c in clusters:
            story = Story(id=f"s-{c.id}-{r}", title=c.id, articles=tuple(a.id for a in c.articles))
            out.append((story, c.articles, {a.id: full[a.id] for a in c.articles}))
    return out, seconds


def synthetic(stories, size: int):
    """One story of `size` articles: the given stories' articles repeated under new ids and outlets."""
    from ..model import Story

    pool = [(a, analyses[a.id]) for _s, arts, analyses in stories[: len(stories)] for a in arts]
    pool = list({a.id: (a, an) for a, an in pool}.values())
    arts, analyses = [], {}
    for k in range(size):
        a, an = pool[k % len(pool)]
        new = replace(a, id=f"{a.id}~{k}", outlet=f"outlet {k}")
        arts.append(new)
        analyses[new.id] = replace(an, article=new.id)
    return [(Story(id="s-synthetic", title="synthetic", articles=tuple(a.id for a in arts)), arts, analyses)]


def _crosscheck(stories, encoder: str = "use") -> int:
    from ..crosscheck import cross_check
    from ..stories.encoder import encoder_for

    params = CrossCheckParams(encoder=encoder)
    model = encoder_for(params)
    return sum(len(cross_check(s, arts, analyses, params, model).facts) for s, arts, analyses in stories)


def _no_encoder(stories) -> int:
    return _crosscheck(stories, "none")


def _lead(stories) -> int:
    """The baseline: the first sentence of each article, as a summary."""
    return sum(len(analyses[a.id].sentences[:1]) for _s, arts, analyses in stories for a in arts)


SYSTEMS = (("lead_only", _lead), ("recoupe", _crosscheck), ("recoupe_no_encoder", _no_encoder))


def _run(stories) -> dict:
    n_stories, n_articles = len(stories), sum(len(arts) for _s, arts, _a in stories)
    out = {"stories": n_stories, "articles": n_articles}
    for name, fn in SYSTEMS:
        seconds, peak, facts = measure(fn, stories)
        out[name] = {"seconds": round(seconds, 2), "articles_per_s": round(n_articles / seconds, 1),
                     "ms_per_article": round(1000 * seconds / n_articles, 1), "peak_mib": round(peak, 1),
                     "facts": facts}
    return out


@app.command("crosscheck")
def bench_crosscheck(
    folder: Annotated[Path, typer.Argument(exists=True, help="RPM2-shaped folder (articles.jsonl, summaries.jsonl).")] = DEFAULT,
    repeat: Annotated[int, typer.Option(help="Run over the clusters this many times.")] = 1,
    articles: Annotated[int, typer.Option(help="Articles of the synthetic story (0: none).")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Cross-checking time and peak memory per story beside a lead-only summary; NLP time for comparison."""
    _, _, (stories, nlp_seconds) = measure(_stories, folder, repeat)
    per_article_nlp = 1000 * nlp_seconds / max(1, len({a.id for _s, arts, _a in stories for a in arts}))
    result = {"nlp_ms_per_article": round(per_article_nlp, 1), "rpm2": _run(stories)}
    r = result["rpm2"]["recoupe"]["ms_per_article"]
    result["crosscheck_share_of_nlp"] = round(r / per_article_nlp, 3)
    if articles:
        result["synthetic"] = _run(synthetic(stories, articles))
    if as_json:
        print(json.dumps(result))
        return
    print(f"NLP (full stage, not part of the systems below): {result['nlp_ms_per_article']} ms per article")
    for key in ("rpm2", "synthetic"):
        if key not in result:
            continue
        part = result[key]
        print(f"{key}: {part['stories']} stories, {part['articles']} articles")
        for name, _ in SYSTEMS:
            x = part[name]
            print(f"  {name:19} {x['seconds']:8.2f} s  {x['ms_per_article']:8.1f} ms/article  "
                  f"peak {x['peak_mib']:.0f} MiB  facts {x['facts']}")
    print(f"cross-checking per RPM2 article = {result['crosscheck_share_of_nlp']:.0%} of the NLP time (aim: ≤ 25%)")
