"""`recoupe eval pairs`: article similarity against SemEval-2022 Task 8 (multilingual news similarity).

Gold `scores.Overall` runs from 1 (same story) to 4 (unrelated); we report the Pearson correlation of our
similarity with the negated gold score (higher is better, like the task's leaderboard). Ours is the very
similarity story clustering uses (terms, names, embedding), with document frequencies counted over the
articles of the set; the baseline is a plain TF-IDF cosine over the raw texts (scikit-learn defaults).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import typer

from ..config import Config, shared_dir
from . import app
from .stream import read_jsonl


def pearson(x: list[float], y: list[float]) -> float:
    if len(x) < 2:
        return 0.0
    r = np.corrcoef(np.asarray(x, dtype=float), np.asarray(y, dtype=float))[0, 1]
    return float(r) if np.isfinite(r) else 0.0


def tfidf_baseline(texts: dict[str, str], pairs: list[tuple[str, str]]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = list(texts)
    index = {a: i for i, a in enumerate(ids)}
    matrix = TfidfVectorizer().fit_transform([texts[a] for a in ids])
    return [float((matrix[index[a]] @ matrix[index[b]].T).toarray()[0, 0]) for a, b in pairs]


def our_similarity(items, pairs: list[tuple[str, str]], config: Config) -> list[float]:
    from ..stories.cluster import Clusterer
    from ..stories.encoder import encoder_for
    from ..stories.features import from_text

    feats = {i.article.id: from_text(i.article) for i in items}
    encoder = encoder_for(config.stories)
    if encoder is not None:
        ordered = list(feats.values())
        for f, v in zip(ordered, encoder.encode([f.lead for f in ordered])):
            f.embedding = v
    clusterer = Clusterer(config.stories)
    for f in feats.values():  # document frequencies over the whole set, as a stream would have them
        clusterer._count_document(f)
    profiles = {a: clusterer._profile(f) for a, f in feats.items()}
    return [clusterer.similarity(profiles[a], profiles[b]) for a, b in pairs]


def evaluate(folder: Path, config: Config) -> dict:
    items = {i.article.id: i for i in read_jsonl(folder / "articles.jsonl")}
    pairs, gold, langs = [], [], []
    with (folder / "pairs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id1"] in items and row["id2"] in items and row.get("scores", {}).get("Overall") is not None:
                pairs.append((row["id1"], row["id2"]))
                gold.append(-float(row["scores"]["Overall"]))
                langs.append(f"{row.get('lang1')}-{row.get('lang2')}")
    used = {a for p in pairs for a in p}
    t0 = time.perf_counter()
    ours = our_similarity([items[a] for a in items if a in used], pairs, config)
    seconds = time.perf_counter() - t0
    base = tfidf_baseline({a: (items[a].article.title or "") + "\n" + items[a].article.text for a in used}, pairs)
    same = [i for i, lang in enumerate(langs) if lang.split("-")[0] == lang.split("-")[-1]]
    cross = [i for i in range(len(pairs)) if i not in set(same)]

    def sub(values, idx):
        return round(pearson([values[i] for i in idx], [gold[i] for i in idx]), 4)

    return {
        "pairs": len(pairs),
        "pearson": round(pearson(ours, gold), 4),
        "baseline_tfidf_pearson": round(pearson(base, gold), 4),
        "same_language": {"pairs": len(same), "pearson": sub(ours, same), "baseline_tfidf_pearson": sub(base, same)},
        "cross_language": {"pairs": len(cross), "pearson": sub(ours, cross),
                           "baseline_tfidf_pearson": sub(base, cross)},
        "encoder": config.stories.encoder,
        "seconds": round(seconds, 2),
    }


@app.command("pairs")
def eval_pairs(
    folder: Annotated[Optional[Path], typer.Argument(exists=True, help="Folder with pairs.jsonl and articles.jsonl "
                                                          "(default: the shared SemEval-2022 Task 8 set).")] = None,
    encoder: Annotated[Optional[str], typer.Option(help="Sentence encoder: none or use (default: the config's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Article similarity vs SemEval-2022 Task 8 Overall scores (Pearson), beside a TF-IDF cosine baseline."""
    from dataclasses import replace

    config = Config()
    if encoder is not None:
        config = replace(config, stories=replace(config.stories, encoder=encoder))
    result = evaluate(folder or shared_dir() / "eval" / "semeval8", config)
    if as_json:
        print(json.dumps(result))
        return
    print(f"{result['pairs']} pairs (encoder: {result['encoder']}, {result['seconds']} s)")
    print(f"  Pearson, ours          {result['pearson']:.3f}   (TF-IDF cosine baseline {result['baseline_tfidf_pearson']:.3f})")
    for k in ("same_language", "cross_language"):
        r = result[k]
        print(f"  {k:15} ({r['pairs']:4} pairs) ours {r['pearson']:.3f}   baseline {r['baseline_tfidf_pearson']:.3f}")
    print("  (SemEval-2022 Task 8 winner, official test set: 0.818)")
