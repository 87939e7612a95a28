"""`recoupe bench entities`: time per article of the spaCy stage with and without the entity and quote
components, on the same generated corpus, each in a fresh process (with its peak memory), plus the
cross-article linking over the analysed articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..config import examples_dir, shared_dir
from . import app
from .corpus import generate, paragraphs
from .measure import measure


def _analyse(docs, with_components: bool) -> dict:
    import time

    from ..config import Config
    from ..nlp.language import LanguageDetector
    from ..nlp.pipeline import DEFAULT_COMPONENTS, NLP, default_components
    from ..pipeline import prepare

    config = Config()
    detector = LanguageDetector()
    articles = [a for a in (prepare(d, detector, config) for d in docs) if hasattr(a, "text")]
    components = default_components() if with_components else DEFAULT_COMPONENTS
    nlp = NLP(config, components=components)
    nlp.analyse(articles[:2])  # load the model (and the components' tables) before timing
    t0, c0 = time.perf_counter(), time.process_time()
    analyses = []
    for i in range(0, len(articles), config.batch_size):
        analyses.extend(nlp.analyse(articles[i : i + config.batch_size]))
    # CPU time of this process: other jobs on the machine do not change it much, unlike wall time
    seconds, wall = time.process_time() - c0, time.perf_counter() - t0
    out = {"articles": len(articles), "seconds": seconds, "wall_seconds": wall,
           "quotes": sum(len(a.quotes) for a in analyses), "mentions": sum(len(a.mentions) for a in analyses)}
    if with_components:
        # the same work split in one process: spaCy, then the base components, then ours
        from ..model import Analysis

        pipe = nlp.pipeline("fr")
        c0 = time.process_time()
        docs_ = list(pipe.pipe((a.text for a in articles), batch_size=config.batch_size))
        c1 = time.process_time()
        base = [NLP(config, components=DEFAULT_COMPONENTS).run_components(a, d, Analysis(a.id))
                for a, d in zip(articles, docs_)]
        c2 = time.process_time()
        ours_only = NLP(config, components=[c for c in default_components() if c not in DEFAULT_COMPONENTS])
        for a, d, b in zip(articles, docs_, base):
            ours_only.run_components(a, d, b)
        c3 = time.process_time()
        out["split"] = {"spacy": c1 - c0, "base_components": c2 - c1, "entities_quotes": c3 - c2}
    if with_components:
        from ..entities.aliases import AliasTable
        from ..entities.link import Group, build_entities
        from ..text.names import tokens
        from ..nlp.article_entities import local_entities

        t1 = time.perf_counter()
        groups = []
        for art, an in zip(articles, analyses):
            ms = list(an.mentions)
            ents, _ = local_entities(art.text, ms)
            groups += [Group(art.id, e, [ms[i] for i in e.mentions], tokens(e.name)) for e in ents if e.mentions]
        entities, _ = build_entities(groups, AliasTable.load())
        out["linking_seconds"] = time.perf_counter() - t1
        out["entities"] = len(entities)
    return out


@app.command("entities")
def bench_entities(
    n: Annotated[int, typer.Option(help="Articles to generate.")] = 300,
    shared: Annotated[Path, typer.Option(help="The shared folder (paragraph source when present).")] = shared_dir(),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Per-article CPU time of NLP with vs without entity + quote components (aim: at most +25%), peak memory."""
    docs = generate(n, paragraphs(shared if shared.exists() else None, examples_dir() / "corpus"))
    base_s, base_mb, base = measure(_analyse, docs, False)
    ours_s, ours_mb, ours = measure(_analyse, docs, True)
    per_base = base["seconds"] / max(1, base["articles"])
    per_ours = ours["seconds"] / max(1, ours["articles"])
    result = {
        "articles": base["articles"],
        "without": {"ms_per_article": round(1000 * per_base, 2), "peak_mib": round(base_mb, 1),
                    "wall_ms_per_article": round(1000 * base["wall_seconds"] / max(1, base["articles"]), 2)},
        "with": {"ms_per_article": round(1000 * per_ours, 2), "peak_mib": round(ours_mb, 1),
                 "wall_ms_per_article": round(1000 * ours["wall_seconds"] / max(1, ours["articles"]), 2),
                 "quotes": ours["quotes"], "mentions": ours["mentions"]},
        "added_percent": round(100 * (per_ours / per_base - 1), 1) if per_base else None,
        "same_process": {k: round(1000 * v / max(1, ours["articles"]), 2) for k, v in ours["split"].items()},
        "same_process_added_percent": round(100 * ours["split"]["entities_quotes"] / (
            ours["split"]["spacy"] + ours["split"]["base_components"]), 1),
        "linking": {"seconds": round(ours["linking_seconds"], 3), "entities": ours["entities"],
                    "ms_per_article": round(1000 * ours["linking_seconds"] / max(1, ours["articles"]), 2)},
    }
    if as_json:
        print(json.dumps(result))
        return
    print(f"{result['articles']} generated articles; CPU time of the spaCy stage after model load, fresh process each")
    print(f"  without entities/quotes : {result['without']['ms_per_article']:8.2f} ms/article  "
          f"peak {result['without']['peak_mib']:.0f} MiB")
    print(f"  with entities/quotes    : {result['with']['ms_per_article']:8.2f} ms/article  "
          f"peak {result['with']['peak_mib']:.0f} MiB  ({ours['quotes']} quotes, {ours['mentions']} mentions)")
    print(f"  added                   : {result['added_percent']}% (aim: at most 25%)")
    sp = result["same_process"]
    print(f"  same process, ms/article: spaCy {sp['spacy']:.2f} + sentences/mentions {sp['base_components']:.2f}"
          f" + entities/quotes {sp['entities_quotes']:.2f} -> added {result['same_process_added_percent']}%")
    print(f"  cross-article linking   : {result['linking']['ms_per_article']:.2f} ms/article "
          f"({result['linking']['entities']} entities)")
