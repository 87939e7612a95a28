"""The speaker-ranking model: samples from the quote gold, cross-validation grouped by article, and the fit that
ships as `recoupe/data/speaker_model.json` (`recoupe train speakers`).

Samples: the items the extractor finds, paired one to one with gold quotes at overlap >= 0.3 (as `eval quotes`
pairs them); each item's candidates are labelled right when the gold speaker is one of the names the article uses
for the candidate (or an alias), UNKNOWN right when the gold is UNKNOWN. Items with no right candidate cannot teach
the ranker and are left out of the fit, but count as wrong in every accuracy figure.

Cross-validation: GroupKFold over articles (each article's items are scored by a model fitted without that
article); the regularisation strength is chosen inside each training part by an inner GroupKFold (nested), so the
outer figure never sees the articles it scores.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, REPO_ROOT, shared_dir

log = logging.getLogger(__name__)


C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)  # inverse regularisation strengths tried by the inner cross-validation
FOLDS = 5
MODEL_PATH = REPO_ROOT / "src" / "recoupe" / "data" / "speaker_model.json"


@dataclass
class ItemSample:
    article: int  # group for cross-validation
    dataset: str
    candidates: list  # ranking.Candidate
    right: list[bool]  # per candidate
    rule_right: bool  # the rules' own speaker was right
    scored: bool  # gold speaker known (counts for speaker accuracy)
    gold: str | None = None
    rule: str | None = None


def default_paths() -> list[Path]:
    base = shared_dir() / "eval" / "quotes"
    return [base / "dev.jsonl", base / "dev2.jsonl"]


def build_samples(paths: list[Path], config: Config | None = None) -> list[ItemSample]:
    """Parse every article of the quote gold files and turn its matched items into ranking samples."""
    from ..entities.aliases import AliasTable
    from ..model import Analysis, Article
    from ..nlp.mentions import entities as entity_component
    from ..nlp.pipeline import NLP
    from ..nlp.quotes import find_and_rank
    from .quotes import THRESHOLDS, load_dev, pair, speaker_right

    config = config or Config()
    nlp = NLP(config, components=[entity_component])
    aliases = AliasTable.load(config.alias_file)
    out: list[ItemSample] = []
    group = 0
    for path in paths:
        docs = load_dev(path)
        by_lang: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            by_lang.setdefault(d["language"], []).append(i)
        for lang, idx in by_lang.items():
            texts = [docs[i]["text"] for i in idx]
            for i, doc in zip(idx, nlp.pipeline(lang).pipe(texts, batch_size=config.batch_size)):
                d = docs[i]
                art = Article(id=f"a-train-{group}", source=d["id"], text=d["text"], language=lang)
                analysis = nlp.run_components(art, doc, Analysis(art.id))
                found, cands = find_and_rank(art, doc, analysis)
                kept = [n for n, (it, r) in enumerate(zip(found.items, found.rule_speakers))
                        if not (r is None and it.inherited)]
                p_spans = [(found.items[n].start, found.items[n].end) for n in kept]
                g_spans = [(g["start"], g["end"]) for g in d["gold"]]
                for gi, pi in pair(g_spans, p_spans, THRESHOLDS[0]):
                    n = kept[pi]
                    want = d["gold"][gi]["speaker"]
                    rule = found.rule_speakers[n]
                    right = [speaker_right(c.name, want, found.entities, aliases) if want else c.name is None
                             for c in cands[n]]
                    rule_right = bool(want) and speaker_right(rule.name if rule else None, want, found.entities,
                                                              aliases)
                    out.append(ItemSample(group, path.stem, cands[n], right, rule_right, bool(want), want,
                                              rule.name if rule else None))
                group += 1
    return out


def _matrix(samples: list[ItemSample]):
    import numpy as np

    xs = [c.x for s in samples for c in s.candidates if any(s.right)]
    ys = [r for s in samples if any(s.right) for r in s.right]
    return np.array(xs, dtype=float), np.array(ys, dtype=int)


def fit(samples: list[ItemSample], c_value: float):
    """A SpeakerModel fitted on the samples (standardised features, L2 logistic regression)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from ..nlp.quotes.ranking import FEATURES, SpeakerModel

    x, y = _matrix(samples)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c_value, max_iter=2000)
    lr.fit((x - mean) / scale, y)
    return SpeakerModel(FEATURES, tuple(float(v) for v in mean), tuple(float(v) for v in np.asarray(scale)),
                        tuple(float(v) for v in lr.coef_[0]), float(lr.intercept_[0]), {"C": c_value})


def _right_of_choice(model, s: ItemSample) -> bool:
    best = max(range(len(s.candidates)), key=lambda i: model.score(s.candidates[i].x))
    return s.right[best]


def accuracy(model, samples: list[ItemSample]) -> tuple[int, int]:
    scored = [s for s in samples if s.scored]
    return sum(_right_of_choice(model, s) for s in scored), len(scored)


def _pick_c(samples: list[ItemSample]) -> float:
    """The C of C_GRID with the best inner grouped cross-validated accuracy."""
    from sklearn.model_selection import GroupKFold

    groups = sorted({s.article for s in samples})
    if len(groups) < 3:
        return 1.0
    folds = GroupKFold(n_splits=min(FOLDS, len(groups)))
    best, best_acc = C_GRID[0], -1.0
    arts = [s.article for s in samples]
    for c_value in C_GRID:
        right = total = 0
        for tr, te in folds.split(samples, groups=arts):
            m = fit([samples[i] for i in tr], c_value)
            r, t = accuracy(m, [samples[i] for i in te])
            right, total = right + r, total + t
        acc = right / total if total else 0.0
        if acc > best_acc:
            best, best_acc = c_value, acc
    return best


def cross_validate(samples: list[ItemSample]) -> dict:
    """Speaker accuracy of the ranker, each article scored by a model fitted without it (nested choice of C),
    beside the rules' accuracy on the same items; overall and per data set."""
    from sklearn.model_selection import GroupKFold

    arts = [s.article for s in samples]
    folds = GroupKFold(n_splits=min(FOLDS, len(set(arts))))
    right_by: dict[str, list[int]] = {}
    chosen = []
    for tr, te in folds.split(samples, groups=arts):
        train = [samples[i] for i in tr]
        c_value = _pick_c(train)
        chosen.append(c_value)
        m = fit(train, c_value)
        for i in te:
            s = samples[i]
            if not s.scored:
                continue
            for key in ("all", s.dataset):
                acc = right_by.setdefault(key, [0, 0, 0])
                acc[0] += _right_of_choice(m, s)
                acc[1] += s.rule_right
                acc[2] += 1
    out = {"folds": len(chosen), "C_chosen": chosen}
    for key, (r, rule, n) in right_by.items():
        out[key] = {"speaker_accuracy": round(100 * r / n, 2), "rules_accuracy": round(100 * rule / n, 2),
                    "scored": n}
    out["candidate_recall"] = round(100 * sum(any(s.right) for s in samples if s.scored) /
                                    max(1, sum(s.scored for s in samples)), 2)
    return out


def train_speakers(
    shared: Annotated[Path | None, typer.Argument(help="The shared folder (default: $RECOUPE_SHARED or ../shared)")
                      ] = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the model")] = MODEL_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Fit the speaker ranker on quotes/dev.jsonl + dev2.jsonl; print accuracy cross-validated by article."""
    paths = [shared / "eval" / "quotes" / n for n in ("dev.jsonl", "dev2.jsonl")] if shared else default_paths()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"error: missing gold file(s): {', '.join(missing)}")
        raise typer.Exit(2)
    samples = build_samples(paths)
    cv = cross_validate(samples)
    c_value = _pick_c(samples)
    model = fit(samples, c_value)
    model.meta.update({"trained_on": [p.name for p in paths], "items": len(samples), "cross_validated": cv})
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if as_json:
        print(json.dumps(cv, ensure_ascii=False))
        return
    print(f"{len(samples)} matched items from {len({s.article for s in samples})} articles; C = {c_value}; "
          f"candidate recall {cv['candidate_recall']}%")
    for key in ["all"] + sorted(k for k in cv if k not in {"all", "folds", "C_chosen", "candidate_recall"}):
        v = cv[key]
        print(f"  {key:6s} speaker right (cross-validated by article): {v['speaker_accuracy']:.2f}%  "
              f"(rules alone: {v['rules_accuracy']:.2f}%) of {v['scored']}")
    print(f"wrote {out}")
