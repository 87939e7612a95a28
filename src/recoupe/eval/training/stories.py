"""`recoupe train stories [SHARED]`: learn the article-pair model of story clustering from gold pairs.

Pairs come from the development halves in ../shared/eval:
- RPM2: every pair of its 200 articles; same topic = same story (the articles carry no date);
- ML-Crisis: pairs of articles about the two different crises (Egypt, Libya) at most `window_days` apart, as
  negatives only: the hard ones (one region, same weeks, same languages). Its same-crisis pairs are not used
  as positives: one crisis over a month is a theme of many events, not one story (with them, the fitted model
  fused Egyptian and Libyan articles: held-out ML-Crisis precision 0.80 at threshold 0.5);
- SemEval-2022 Task 8: its annotated pairs; Overall ≤ 2.5 (same or closely related event) = positive.
Each source, and each class within a source, weighs the same in the fit. Features are `stories.similarity.FEATURES`, computed by the very code
the clustering runs (profiles with document frequencies counted over each source, as a stream would).

Cross-validation is grouped: RPM2 by topic, ML-Crisis by month, SemEval by connected group of articles; a
pair is tested in fold k only when both its articles are in fold k and trained on only when neither is. The
clustering thresholds are chosen the same way: for each fold, a model fitted without it clusters RPM2 and
ML-Crisis and the fold's articles are scored (BCubed over their full stories); the threshold pair with the best
mean RPM2 topic F1 whose pooled ML-Crisis precision stays ≥ `MIN_CRISIS_PRECISION` wins (the largest sum of
both when none reaches it); the weight of the ML-Crisis negatives is chosen in the same grid.
"""

from __future__ import annotations

import json
import logging
import random
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ...config import StoryParams
from ...stories.similarity import ENCODER_FEATURES, FEATURES, Members, PairModel, pair_features, shipped, variant

log = logging.getLogger(__name__)

N_FOLDS = 5
ML_CRISIS_PAIRS = 15_000  # at most this many ML-Crisis pairs (a seeded sample)
SEMEVAL_POSITIVE = 2.5  # Overall at or under this: same story
MIN_CRISIS_PRECISION = 0.98
C = 1.0  # inverse L2 strength of the logistic regression (features are standardised)
THRESHOLDS = (0.5, 0.6, 0.7)
MERGE_MARGINS = (0.1,)
CRISIS_WEIGHTS = (1.0, 3.0)  # weight of the ML-Crisis negatives (× one class of a source), chosen by CV  # merge_threshold = threshold + margin
SOURCES = ("rpm2", "mlcrisis", "semeval8")


@dataclass
class Source:
    name: str
    items: list  # eval.stream.Item, in date order
    feats: dict  # article id → ArticleFeatures (embeddings set when the encoder is on)
    fold: dict  # article id → fold


@dataclass
class Pairs:
    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    fold_a: np.ndarray
    fold_b: np.ndarray
    source: np.ndarray
    overall: np.ndarray  # SemEval gold Overall (nan elsewhere)
    ids: list  # (article, article) per pair


def load_sources(shared: Path, params: StoryParams, encoder, cache: Path | None = None) -> dict[str, Source]:
    from ..stream import in_date_order, read_jsonl
    from ...stories.features import from_text

    sources = {}
    for name in SOURCES:
        items = in_date_order(read_jsonl(shared / "eval" / name / "articles.jsonl"))
        feats = {i.article.id: from_text(i.article) for i in items}
        sources[name] = Source(name, items, feats, _folds(name, items, shared))
    if encoder is not None:
        _embed([f for s in sources.values() for f in s.feats.values()], encoder, cache)
    return sources


def _folds(name: str, items, shared: Path) -> dict[str, int]:
    if name == "rpm2":
        topics = sorted({i.gold.get("topic") for i in items})
        return {i.article.id: topics.index(i.gold.get("topic")) % N_FOLDS for i in items}
    if name == "mlcrisis":
        months = sorted({(i.article.published or "")[:7] for i in items})
        return {i.article.id: months.index((i.article.published or "")[:7]) % N_FOLDS for i in items}
    parent = {i.article.id: i.article.id for i in items}  # SemEval: connected groups of paired articles

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for row in _semeval_rows(shared):
        if row["id1"] in parent and row["id2"] in parent:
            parent[root(row["id1"])] = root(row["id2"])
    roots = sorted({root(a) for a in parent})
    index = {r: n for n, r in enumerate(roots)}
    return {a: index[root(a)] % N_FOLDS for a in parent}


def _semeval_rows(shared: Path) -> list[dict]:
    rows = []
    with (shared / "eval" / "semeval8" / "pairs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("scores", {}).get("Overall") is not None:
                rows.append(row)
    return rows


def _embed(feats: list, encoder, cache: Path | None) -> None:
    stored = {}
    if cache is not None and cache.exists():
        with np.load(cache) as z:
            stored = dict(zip(z["ids"].tolist(), zip(z["lead"], z["body"])))
    todo = [f for f in feats if f.id not in stored]
    for start in range(0, len(todo), 64):
        batch = todo[start:start + 64]
        vectors = encoder.encode([f.lead for f in batch] + [f.body for f in batch])
        for f, lead, body in zip(batch, vectors[: len(batch)], vectors[len(batch):]):
            stored[f.id] = (lead, body)
    for f in feats:
        f.embedding, f.body_embedding = stored[f.id]
    if cache is not None and todo:
        ids = list(stored)
        np.savez(cache, ids=np.asarray(ids), lead=np.stack([stored[i][0] for i in ids]),
                 body=np.stack([stored[i][1] for i in ids]))


def pairs(sources: dict[str, Source], params: StoryParams, shared: Path) -> Pairs:
    from ...stories.cluster import Clusterer

    rows: dict[str, list] = defaultdict(list)
    for name, src in sources.items():
        unused = PairModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)), 0.0)
        clusterer = Clusterer(params, unused)  # its vocabulary: document frequencies over this source
        for f in src.feats.values():
            clusterer.count_document(f)
        prof = {a: clusterer.profile(f) for a, f in src.feats.items()}
        gold = {i.article.id: i.gold.get("topic") for i in src.items}
        if name == "rpm2":
            ids = [i.article.id for i in src.items]
            wanted = [(a, b, float(gold[a] == gold[b]), np.nan) for n, a in enumerate(ids) for b in ids[n + 1:]]
        elif name == "mlcrisis":
            wanted = _crisis_pairs(src, params.window_days, gold)
        else:
            wanted = [(r["id1"], r["id2"], float(r["scores"]["Overall"] <= SEMEVAL_POSITIVE),
                       float(r["scores"]["Overall"])) for r in _semeval_rows(shared)
                      if r["id1"] in prof and r["id2"] in prof]
        by_first = defaultdict(list)
        for a, b, y, overall in wanted:
            by_first[a].append((b, y, overall))
        for a, rest in by_first.items():
            x, _ = pair_features(clusterer.vocab, prof[a], [Members([prof[b]]) for b, _, _ in rest])
            for row, (b, y, overall) in zip(x, rest):
                rows[name].append((row, y, src.fold[a], src.fold[b], overall, (a, b)))
    xs, ys, fa, fb, so, ov, ids = [], [], [], [], [], [], []
    for name, rs in rows.items():
        for row, y, a, b, overall, pair in rs:
            ids.append(pair)
            xs.append(row)
            ys.append(y)
            fa.append(a)
            fb.append(b)
            so.append(name)
            ov.append(overall)
    y, so_arr = np.asarray(ys), np.asarray(so)
    p = Pairs(np.asarray(xs), y, np.ones(len(y)), np.asarray(fa), np.asarray(fb), so_arr, np.asarray(ov), ids)
    return weighted(p, 1.0)


def weighted(p: Pairs, crisis_weight: float) -> Pairs:
    """Every class of every source weighs the same (no base rate is learned), ML-Crisis negatives × `crisis_weight`."""
    w = np.zeros(len(p.y))
    for name in SOURCES:
        for label in (0.0, 1.0):
            m = (p.source == name) & (p.y == label)
            if m.any():
                w[m] = (crisis_weight if name == "mlcrisis" else 1.0) / m.sum()
    return replace(p, weight=w * len(w) / w.sum())


def _crisis_pairs(src: Source, window: int, gold: dict) -> list:
    from ...stories.features import day_ordinal

    days = [(i.article.id, day_ordinal(i.article.published)) for i in src.items]
    days = [(a, d) for a, d in days if d is not None]
    out = []
    for n, (a, da) in enumerate(days):
        for b, db in days[n + 1:]:
            if db - da > window:
                break
            if gold[a] != gold[b]:
                out.append((a, b, 0.0, np.nan))
    random.Random(7).shuffle(out)
    return sorted(out[:ML_CRISIS_PAIRS])


def columns(encoder: bool) -> tuple[str, ...]:
    """The model's inputs. The day gap is left out: in the gold it mostly says which source a pair comes from
    (RPM2 and SemEval carry no dates), and it came out with a positive weight (farther = likelier); the time
    window stays a hard limit on candidates instead, and an unknown date never counts against a pair."""
    return tuple(f for f in FEATURES if f != "gap" and (encoder or f not in ENCODER_FEATURES))


def fit(p: Pairs, mask: np.ndarray, features: tuple[str, ...]) -> PairModel:
    from sklearn.linear_model import LogisticRegression

    cols = [FEATURES.index(f) for f in features]
    x = p.x[mask][:, cols]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit((x - mean) / scale, p.y[mask], sample_weight=p.weight[mask])
    return PairModel(features, mean, scale, lr.coef_[0], float(lr.intercept_[0]))


def cross_validated(p: Pairs, features: tuple[str, ...]) -> tuple[np.ndarray, list[PairModel]]:
    """Out-of-fold probabilities (nan for pairs spanning two folds) and the model fitted without each fold."""
    oof = np.full(len(p.y), np.nan)
    models = []
    for k in range(N_FOLDS):
        train = (p.fold_a != k) & (p.fold_b != k)
        test = (p.fold_a == k) & (p.fold_b == k)
        model = fit(p, train, features)
        models.append(model)
        if test.any():
            oof[test] = model.probability(p.x[test])
    return oof, models


def pair_figures(p: Pairs, oof: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    from ..pairs import pearson

    out = {}
    for name in SOURCES:
        m = (p.source == name) & ~np.isnan(oof)
        if not m.any():
            continue
        r = {"pairs": int(m.sum()), "positives": int(p.y[m].sum())}
        if 0 < p.y[m].sum() < m.sum():
            r["auc"] = round(float(roc_auc_score(p.y[m], oof[m])), 4)
        r["over_half"] = round(float((oof[m] >= 0.5).mean()), 4)  # share of pairs called same story
        if name == "semeval8":
            r["pearson"] = round(pearson(list(oof[m]), list(-p.overall[m])), 4)
        out[name] = r
    return out


def bcubed_on(predicted: dict[str, str], gold: dict[str, str], scored: set[str]) -> tuple[float, float]:
    """BCubed P and R averaged over the `scored` items, clusters counted whole."""
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for a, s in predicted.items():
        by_pred[s].append(a)
        by_gold[gold[a]].append(a)
    ps, rs = [], []
    for a in scored:
        same = sum(1 for b in by_pred[predicted[a]] if gold[b] == gold[a])
        ps.append(same / len(by_pred[predicted[a]]))
        rs.append(same / len(by_gold[gold[a]]))
    return (float(np.mean(ps)), float(np.mean(rs))) if ps else (0.0, 0.0)


def cluster(src: Source, params: StoryParams, model: PairModel) -> dict[str, str]:
    from ...stories.engine import StoryEngine

    engine = StoryEngine(params, None, model)
    placed = {p.decision.article: p.decision.story for p in engine.run(src.feats[i.article.id] for i in src.items)}
    return {a: engine.resolve(s) for a, s in placed.items()}


def choose_thresholds(sources: dict[str, Source], params: StoryParams, models: list[PairModel]) -> list[dict]:
    """Clustering figures of every threshold pair, on held-out folds; sorted best first."""
    rpm2, crisis = sources["rpm2"], sources["mlcrisis"]
    topic = {s.name: {i.article.id: i.gold.get("topic") for i in s.items} for s in (rpm2, crisis)}
    table = []
    for t in THRESHOLDS:
        for margin in MERGE_MARGINS:
            trial = replace(params, threshold=t, merge_threshold=round(t + margin, 3))
            f1s, crisis_p = [], []
            for k, model in enumerate(models):
                pred = cluster(rpm2, trial, model)
                held = {a for a, f in rpm2.fold.items() if f == k}
                p, r = bcubed_on(pred, topic["rpm2"], held)
                f1s.append(2 * p * r / (p + r) if p + r else 0.0)
                pred = cluster(crisis, trial, model)
                held = {a for a, f in crisis.fold.items() if f == k}
                crisis_p.append((bcubed_on(pred, topic["mlcrisis"], held)[0], len(held)))
            pooled = sum(p * n for p, n in crisis_p) / max(1, sum(n for _, n in crisis_p))
            table.append({"threshold": t, "merge_threshold": round(t + margin, 3),
                          "rpm2_topic_f1": round(float(np.mean(f1s)), 4), "mlcrisis_topic_p": round(pooled, 4)})
            log.info("thresholds %s", table[-1])
    return sorted(table, key=_rank)


def train(shared: Path, params: StoryParams, encoder, cache: Path | None = None,
          thresholds: bool = True) -> dict:
    """Fit both variants, cross-validate them, and (optionally) choose the clustering thresholds."""
    sources = load_sources(shared, params, encoder, cache)
    base = pairs(sources, params, shared)
    crisis_weight = shipped().get("crisis_weight", CRISIS_WEIGHTS[0])  # kept unless chosen again below
    result = {"pairs": {n: int((base.source == n).sum()) for n in SOURCES}, "models": {}, "cv": {}}
    if thresholds:  # the ML-Crisis weight and the thresholds, chosen together on held-out folds
        table = []
        for cw in CRISIS_WEIGHTS:
            _, models = cross_validated(weighted(base, cw), columns(encoder is not None))
            table += [{"crisis_weight": cw, **row} for row in choose_thresholds(sources, params, models)]
        result["thresholds"] = sorted(table, key=_rank)
        crisis_weight = result["thresholds"][0]["crisis_weight"]
    p = weighted(base, crisis_weight)
    result["crisis_weight"] = crisis_weight
    for enc in ((True, False) if encoder is not None else (False,)):
        cols = columns(enc)
        oof, _ = cross_validated(p, cols)
        result["cv"][variant(enc)] = pair_figures(p, oof)
        result["models"][variant(enc)] = fit(p, np.ones(len(p.y), dtype=bool), cols).to_json()
    return result


def _rank(row: dict) -> tuple:
    """Best first: the largest RPM2 F1 among rows with ML-Crisis precision ≥ MIN_CRISIS_PRECISION; when none
    reaches it, the largest sum of the two."""
    ok = row["mlcrisis_topic_p"] >= MIN_CRISIS_PRECISION
    return (not ok, -row["rpm2_topic_f1"] if ok else -(row["rpm2_topic_f1"] + row["mlcrisis_topic_p"]))
