"""`recoupe eval pairs`: article similarity against SemEval-2022 Task 8 (multilingual news similarity).

Gold `scores.Overall` runs from 1 (same story) to 4 (unrelated); we report the Pearson correlation of each
similarity with the negated gold score (higher is better, like the task's leaderboard): the learned pair
probability story clustering uses (`stories.similarity`, cross-validated since it trains on these pairs), the
encoder cosine of title + lead alone, our TF-IDF cosine of content lemmas alone, and a plain TF-IDF cosine over
the raw texts (scikit-learn defaults) as the baseline.
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


def pearson(x: list[float], y: list[float]) -> float:
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2 or not a.std() or not b.std():
        return 0.0  # a constant similarity correlates with nothing
    r = np.corrcoef(a, b)[0, 1]
    return float(r) if np.isfinite(r) else 0.0


def tfidf_baseline(texts: dict[str, str], pairs: list[tuple[str, str]]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = list(texts)
    index = {a: i for i, a in enumerate(ids)}
    matrix = TfidfVectorizer().fit_transform([texts[a] for a in ids])
    return [float((matrix[index[a]] @ matrix[index[b]].T).toarray()[0, 0]) for a, b in pairs]


def evaluate(folder: Path, config: Config, shared: Path | None = None) -> dict:
    """Pearson of the learned similarity (cross-validated), of the encoder and TF-IDF cosines alone, and the baseline.

    The learned model trains on SemEval pairs too, so its figure here is out-of-fold: the model fitted without
    the pair's group of articles (with RPM2 and ML-Crisis pairs, as `recoupe train stories` does).
    """
    from ..stories.cluster import encoder_on
    from ..stories.encoder import encoder_for
    from ..stories.similarity import FEATURES, load_pair_model, shipped, variant
    from .training import stories as training

    params = config.stories
    shared = shared or _shared_of(folder)
    t0 = time.perf_counter()
    sources = training.load_sources(shared, params, encoder_for(params))
    p = training.weighted(training.pairs(sources, params, shared), shipped().get("crisis_weight", 1.0))
    enc = encoder_on(params)
    oof, _ = training.cross_validated(p, training.columns(enc))
    seconds = time.perf_counter() - t0
    idx = np.flatnonzero(p.source == "semeval8")
    ids = [p.ids[i] for i in idx]
    items = {i.article.id: i for i in sources["semeval8"].items}
    gold = list(-p.overall[idx])
    learned = list(oof[idx])
    shipped = list(load_pair_model(enc).probability(p.x[idx]))
    encoder_cos = list(p.x[idx, FEATURES.index("lead")])
    terms_cos = list(p.x[idx, FEATURES.index("terms")])
    used = {a for pair in ids for a in pair}
    base = tfidf_baseline({a: (items[a].article.title or "") + "\n" + items[a].article.text for a in used}, ids)
    lang = {a: items[a].article.language for a in used}
    same = [n for n, (a, b) in enumerate(ids) if lang[a] == lang[b]]
    cross = [n for n in range(len(ids)) if lang[ids[n][0]] != lang[ids[n][1]]]

    def figures(rows):
        def r(values):
            return round(pearson([values[n] for n in rows], [gold[n] for n in rows]), 4)

        out = {"pairs": len(rows), "pearson": r(learned), "baseline_tfidf_pearson": r(base),
               "terms_tfidf_cosine_pearson": r(terms_cos)}
        if enc:
            out["encoder_cosine_pearson"] = r(encoder_cos)
        return out

    result = {**figures(list(range(len(ids)))),
              "pearson_shipped_model_in_sample": round(pearson(shipped, gold), 4),
              "same_language": figures(same), "cross_language": figures(cross),
              "model": variant(enc), "encoder": params.encoder, "seconds": round(seconds, 2)}
    return result


def _shared_of(folder: Path) -> Path:
    """The shared folder a SemEval folder sits in (…/eval/semeval8), else the configured one."""
    candidate = folder.resolve().parents[1]
    return candidate if (candidate / "eval" / "rpm2" / "articles.jsonl").exists() else shared_dir()


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
    print(f"{result['pairs']} pairs (model: {result['model']}, {result['seconds']} s)")
    for k in (None, "same_language", "cross_language"):
        r = result[k] if k else result
        enc = f"  encoder cosine {r['encoder_cosine_pearson']:.3f}" if "encoder_cosine_pearson" in r else ""
        print(f"  {k or 'all':15} ({r['pairs']:4} pairs) learned (cross-validated) {r['pearson']:.3f}{enc}  "
              f"TF-IDF cosine (our terms) {r['terms_tfidf_cosine_pearson']:.3f}  "
              f"(scikit-learn TF-IDF baseline {r['baseline_tfidf_pearson']:.3f})")
    print(f"  learned, shipped model (trained on these pairs too): {result['pearson_shipped_model_in_sample']:.3f}")
    print("  (SemEval-2022 Task 8 winner, official test set: 0.818)")
