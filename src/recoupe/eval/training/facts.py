"""`recoupe train facts [SHARED]`: learn the same-fact model (crosscheck/samefact.py) from the fact alignments.

Each gold story of ../shared/eval/facts (its articles through the NLP stage, cross-checked as one story) gives
its candidate pairs of statements (pairs.candidates) with their features; a pair is positive when the two
statements' sentences state one annotated fact. A logistic regression is fitted; its grouping thresholds
(same fact, confirmation, same thing for conflicts) are chosen by leave-one-story-out cross-validation on the
eval's own measures (pair F1 first, conflict F1 for the conflict threshold): for each held-out story the
model is refitted on the other stories, its facts and conflicts scored (recoupe.eval.facts.score), and the
grid value with the best pooled held-out figure wins. The cross-validated figures are printed and stored in
the parameter file; the final model is fitted on every story.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from ...config import Config, CrossCheckParams, shared_dir
from . import app

log = logging.getLogger(__name__)

THRESHOLDS = (0.1, 0.15, 0.2, 0.3)
SUPPORTS = (0.2, 0.35, 0.5)
CONFLICTS = (0.3, 0.5, 0.7, 0.8, 0.9)
DEFAULT = shared_dir()
REGULARISATION = 1.0  # inverse strength (C) of the logistic regression's L2 penalty


@dataclass
class StoryData:
    gold: object  # eval.facts.GoldStory
    articles: list
    analyses: dict
    texts: dict[str, str]  # gold id -> cleaned text
    gold_id: dict[str, str]  # store id -> gold id
    clauses: list
    embeddings: np.ndarray | None
    i: np.ndarray
    j: np.ndarray
    x: np.ndarray
    y: np.ndarray


def _labels(story, clauses, i, j, texts, gold_id) -> np.ndarray:
    from ..facts import _overlaps, locate

    by_article: dict[str, list[tuple[int, int, set[str]]]] = defaultdict(list)
    for f in story.facts:
        for m in f["mentions"]:
            where = locate(texts.get(m["article"], ""), m["sentence"])
            if where:
                by_article[m["article"]].append((*where, {f["id"]}))
    facts_of = []
    for s in clauses:
        span = s.sentence_citation_span()
        facts_of.append(set().union(*[ids for a, b, ids in by_article.get(gold_id[s.article], [])
                                      if _overlaps((a, b), span)]))
    return np.array([bool(facts_of[a] & facts_of[b]) for a, b in zip(i.tolist(), j.tolist())])


def prepare(shared: Path, workdir: Path, reuse: bool, params: CrossCheckParams, encoder) -> list[StoryData]:
    """Every gold story's statements, candidate pairs, features and labels (NLP through a kept store)."""
    from ...crosscheck import embed, pairs
    from ...crosscheck.statements import statements
    from ..facts import _raws, load_gold
    from ...nlp.pipeline import NLP
    from ...pipeline import ingest
    from ...store import open_store

    out, nlp = [], None
    for g in load_gold(shared / "eval" / "facts", shared / "eval" / "rpm2" / "articles.jsonl"):
        db = workdir / f"{g.cluster}.db"
        config = Config(db=str(db))
        if not (reuse and db.exists()):
            if db.exists():
                db.unlink()
            nlp = nlp or NLP(Config(db=":memory:"))
            store = open_store(config.db)
            ingest(None, config, store, nlp=nlp, raws=_raws(g, config))
        else:
            store = open_store(config.db)
        articles = store.articles()
        analyses = store.analyses([a.id for a in articles])
        store.close()
        gold_id = {a.id: a.source for a in articles}
        texts = {a.source: a.text for a in articles}
        clauses = statements(articles, analyses, clauses=True)
        vectors = embed(clauses, params, encoder)
        i, j = pairs.candidates(clauses, vectors, params.neighbours, params.shared_candidates, params.max_posting)
        x = pairs.PairFeatures(clauses, vectors).compute(i, j)
        out.append(StoryData(g, articles, analyses, texts, gold_id, clauses, vectors, i, j, x,
                             _labels(g, clauses, i, j, texts, gold_id)))
    return out


def fit(data: Sequence[StoryData], embedding: bool):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from ...crosscheck.samefact import EMBEDDING_COLUMNS, Weights

    x = np.vstack([d.x for d in data])
    y = np.concatenate([d.y for d in data])
    if not embedding:
        x = np.delete(x, EMBEDDING_COLUMNS, axis=1)
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lr = LogisticRegression(C=REGULARISATION, max_iter=2000).fit((x - scaler.mean_) / scale, y)
    return Weights(scaler.mean_.astype(np.float32), scale.astype(np.float32), lr.coef_[0].astype(np.float32),
                   float(lr.intercept_[0]))


def model_for(data: Sequence[StoryData], threshold: float, support: float, conflict: float, figures=None):
    from ...crosscheck.pairs import FEATURES
    from ...crosscheck.samefact import SameFactModel

    return SameFactModel(FEATURES, fit(data, True), fit(data, False), threshold, support, conflict, figures or {})


def found_facts(d: StoryData, model, params: CrossCheckParams) -> list:
    """The held-out story's facts (cross-checked as one story with the given model), as the eval sees them."""
    from ...crosscheck.facts import facts

    found = facts(d.clauses, {a.id: a.text for a in d.articles}, d.analyses, d.embeddings, params, model)
    return [_spans(d, f.citations) for f in found]


def found_conflicts(d: StoryData, model, params: CrossCheckParams) -> list:
    """The held-out story's conflicts and updates (sides as spans)."""
    from ...crosscheck.conflicts import conflicts
    from ...crosscheck.statements import statements

    texts = {a.id: a.text for a in d.articles}
    clashes = conflicts(statements(d.articles, d.analyses), d.clauses, d.analyses, texts, "fr",
                        d.embeddings, params, model)
    return [[_spans(d, cl.citations) for cl in c.claims] for c in clashes if c.kind in ("conflict", "update")]


def _spans(d: StoryData, citations) -> list:
    return [(d.gold_id[c.article], c.start, c.end) for c in citations]


def cross_validate(data: Sequence[StoryData], params: CrossCheckParams) -> tuple[dict, tuple[float, float, float]]:
    """Leave-one-story-out: held-out figures for every grid point; the best point and its figures. Facts
    depend on (threshold, support) only and conflicts on the conflict threshold only, so each is computed
    once per fold and grid value, and scored together."""
    from ..facts import Dossier, score, summarise

    counts: dict[tuple[float, float, float], list[dict]] = defaultdict(list)
    for k, held in enumerate(data):
        base = model_for([d for m, d in enumerate(data) if m != k], THRESHOLDS[0], SUPPORTS[0], CONFLICTS[0])
        grouped = {(t, s): found_facts(held, replace(base, threshold=t, support=max(s, t)), params)
                   for t in THRESHOLDS for s in SUPPORTS}
        clashes = {c: found_conflicts(held, replace(base, conflict=c), params) for c in CONFLICTS}
        for (t, s), facts in grouped.items():
            for c, conflicts in clashes.items():
                counts[(t, s, c)].append(score(held.gold, held.texts, Dossier(facts, conflicts)))
        log.info("fold %s done", held.gold.cluster)
    figures = {key: summarise(v) for key, v in counts.items()}

    def conflict_f1(f: dict) -> float:
        r, p = f["conflict_recall"] or 0.0, f["conflict_precision"] or 0.0
        return 2 * r * p / (r + p) if r + p else 0.0

    best_ts = max({(t, s) for t, s, _ in figures},
                  key=lambda ts: max(figures[(*ts, c)]["pair_f1"] for c in CONFLICTS))
    best_c = max(CONFLICTS, key=lambda c: (conflict_f1(figures[(*best_ts, c)]), -c))
    best = (*best_ts, best_c)
    per_story = {data[k].gold.cluster: summarise([counts[best][k]]) for k in range(len(data))}
    return {"pooled": figures[best], "per_story": per_story,
            "grid": {f"t={t} s={s} c={c}": {"pair_f1": f["pair_f1"], "corroboration": f["corroboration_recall"],
                                            "conflict_f1": round(conflict_f1(f), 3)}
                     for (t, s, c), f in figures.items()}}, best


def train(shared: Path, workdir: Path, reuse: bool = False, params: CrossCheckParams | None = None) -> dict:
    from ...crosscheck.samefact import model_path
    from ...stories.encoder import encoder_for

    params = params or CrossCheckParams()
    data = prepare(shared, workdir, reuse, params, encoder_for(params))
    cv, (t, s, c) = cross_validate(data, params)
    pairs = {d.gold.cluster: {"candidates": len(d.y), "positive": int(d.y.sum())} for d in data}
    figures = {"cross_validated": cv["pooled"], "per_story": cv["per_story"], "pairs": pairs,
               "chosen": {"threshold": t, "support": max(s, t), "conflict": c}}
    model = model_for(data, t, max(s, t), c, figures)
    model_path().write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return {**figures, "grid": cv["grid"], "written": str(model_path())}


@app.command("facts")
def train_facts(
    shared: Annotated[Path, typer.Argument(exists=True, help="The shared data folder (eval/facts, eval/rpm2).")] = DEFAULT,
    keep: Annotated[Path | None, typer.Option(help="Keep the analysed stores here (with --reuse: reuse them).")] = None,
    reuse: Annotated[bool, typer.Option(help="Reuse the stores kept by --keep (no NLP).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Retrain the same-fact model and print its leave-one-story-out cross-validated figures."""
    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = train(shared, work, reuse)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print("candidate pairs (positive): " + ", ".join(f"{k} {v['candidates']} ({v['positive']})"
                                                      for k, v in result["pairs"].items()))
    print(f"chosen by cross-validation: {result['chosen']}")
    cv = result["cross_validated"]
    print(f"leave-one-story-out: pair P {cv['pair_precision']} R {cv['pair_recall']} F1 {cv['pair_f1']}, "
          f"corroboration {cv['corroboration_recall']}, conflicts R {cv['conflict_recall']} P {cv['conflict_precision']}")
    for story, f in result["per_story"].items():
        print(f"  held out {story}: pair F1 {f['pair_f1']}, corroboration {f['corroboration_recall']}, "
              f"conflicts R {f['conflict_recall']} P {f['conflict_precision']}")
    print(f"written to {result['written']}")
