"""`recoupe eval clusters`: story clustering against gold topics and clusters, through the incremental path.

Articles go through `StoryEngine` one by one in date order (file order where dates are missing), exactly as
ingest feeds them. Scores are BCubed precision, recall and F1 (Bagga & Baldwin) at topic level and at
cluster level (topic + time slice) where the gold has clusters, and the share of stories (of two articles or
more) holding more than one language. Default: RPM2 plus the seeds as one more topic, then ML-Crisis.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..config import Config, shared_dir
from . import app
from .stream import Item, features, in_date_order, read_jsonl, read_seeds


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """BCubed precision, recall and F1 over the items that have a gold label."""
    items = [i for i in predicted if i in gold]
    if not items:
        return {"bcubed_p": 0.0, "bcubed_r": 0.0, "bcubed_f1": 0.0}
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for i in items:
        by_pred[predicted[i]].append(i)
        by_gold[gold[i]].append(i)
    pair: Counter = Counter((predicted[i], gold[i]) for i in items)
    p = sum(pair[(predicted[i], gold[i])] / len(by_pred[predicted[i]]) for i in items) / len(items)
    r = sum(pair[(predicted[i], gold[i])] / len(by_gold[gold[i]]) for i in items) / len(items)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"bcubed_p": round(p, 4), "bcubed_r": round(r, 4), "bcubed_f1": round(f1, 4)}


def cluster_stream(items: list[Item], config: Config, spacy: bool = False) -> dict[str, str]:
    """Article id → story id, through the same engine the pipeline uses."""
    from ..stories.engine import StoryEngine
    from ..stories.encoder import encoder_for

    engine = StoryEngine(config.stories, encoder_for(config.stories))
    placed = {p.decision.article: p.decision.story for p in engine.run(features(items, spacy, config))}
    return {a: engine.resolve(s) for a, s in placed.items()}


def score(items: list[Item], config: Config, spacy: bool = False) -> dict:
    items = in_date_order(items)
    t0 = time.perf_counter()
    predicted = cluster_stream(items, config, spacy)
    seconds = time.perf_counter() - t0
    topic = {i.article.id: i.gold["topic"] for i in items if i.gold.get("topic")}
    cluster = {i.article.id: i.gold["cluster"] for i in items if i.gold.get("cluster")}
    languages: dict[str, set[str]] = defaultdict(set)
    sizes: Counter = Counter(predicted.values())
    for i in items:
        languages[predicted[i.article.id]].add(i.article.language)
    multi = [s for s, n in sizes.items() if n >= 2]
    result = {
        "articles": len(items),
        "stories": len(sizes),
        "topic": bcubed(predicted, topic),
        "cluster": bcubed(predicted, cluster) if cluster else None,
        "languages_mixed": round(sum(1 for s in multi if len(languages[s]) > 1) / len(multi), 4) if multi else 0.0,
        "seconds": round(seconds, 2),
    }
    seeds = [i.article.id for i in items if i.gold.get("topic") == "seeds"]
    if seeds:
        stories = {predicted[a] for a in seeds}
        members = [a for a, s in predicted.items() if s in stories]
        result["seeds"] = {"stories": len(stories), "articles": len(seeds), "others_in_their_story": len(members) - len(seeds)}
    return result


def default_result(config: Config, spacy: bool) -> dict:
    shared = shared_dir()
    rpm2 = read_jsonl(shared / "eval" / "rpm2" / "articles.jsonl") + read_seeds(shared / "seeds", config)
    result = score(rpm2, config, spacy)
    result["mlcrisis"] = score(read_jsonl(shared / "eval" / "mlcrisis" / "articles.jsonl"), config, spacy)
    return result


@app.command("clusters")
def eval_clusters(
    paths: Annotated[Optional[list[Path]], typer.Argument(exists=True, help="Article JSONL files (shared format, gold.topic / "
                                                               "gold.cluster). Default: RPM2 + seeds, then ML-Crisis.")] = None,
    seeds: Annotated[bool, typer.Option("--seeds", help="Add ../shared/seeds as one more topic.")] = False,
    encoder: Annotated[Optional[str], typer.Option(help="Sentence encoder: none or use (default: the config's).")] = None,
    spacy: Annotated[bool, typer.Option("--spacy", help="Features from the spaCy stage instead of the cheap path "
                                                         "(slow: to check both agree).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Story clustering: BCubed P/R/F1 at topic and cluster level, and cross-language stories."""
    config = Config()
    if encoder is not None:
        config = replace(config, stories=replace(config.stories, encoder=encoder))
    if paths:
        items = [it for p in paths for it in read_jsonl(p)]
        if seeds:
            items += read_seeds(shared_dir() / "seeds", config)
        result = score(items, config, spacy)
    else:
        result = default_result(config, spacy)
    result["encoder"] = config.stories.encoder
    result["features"] = "spacy" if spacy else "cheap"
    if as_json:
        print(json.dumps(result))
        return
    _print(result, "RPM2 + seeds" if not paths else "given files")
    if "mlcrisis" in result:
        _print(result["mlcrisis"], "ML-Crisis")


def _print(r: dict, name: str) -> None:
    print(f"{name}: {r['articles']} articles → {r['stories']} stories in {r['seconds']} s")
    for level in ("topic", "cluster"):
        if r.get(level):
            m = r[level]
            print(f"  {level:8} BCubed P {m['bcubed_p']:.3f}  R {m['bcubed_r']:.3f}  F1 {m['bcubed_f1']:.3f}")
    print(f"  stories holding more than one language: {r['languages_mixed']:.3f}")
    if "seeds" in r:
        s = r["seeds"]
        print(f"  seeds: {s['articles']} articles in {s['stories']} story(ies), {s['others_in_their_story']} other "
              f"article(s) with them")
