"""`recoupe eval dates`: publication dates inferred from the text, scored on articles whose date is known.

Each dated article of ML-Crisis and Timeline17 loses its date; recoupe infers one from the text alone (no
story around it) and the guess is compared with the hidden date: exact, within 1 day, within 7 days, unknown
(no evidence dated the article) and wrong by more than 30 days, as shares of all articles. Per kind of
evidence, the share within a day is the confidence `TimeParams.date_confidence` gives that kind.

`--cv` chooses the tunables of `TimeParams` that matter here (GRID) by leave-one-topic-out cross-validation:
for each topic (set, language and topic), the setting with the best UTILITY on the other topics is scored on
it; the held-out guesses pooled give the cross-validated figures, and the choice on all topics is the default.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from itertools import product
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, TimeParams, shared_dir
from . import app

DEFAULT_PATHS = [shared_dir() / "eval" / "mlcrisis", shared_dir() / "eval" / "t17"]
GRID = {"years_from_text": (True, False), "weekday_chars": (3_000, 100_000), "stamp_chars": (300, 600, 1_200),
        "weekday_skip_future": (False, True)}
WRONG_COST = 5  # UTILITY = share within a day − WRONG_COST × share wrong by more than 30 days


def _topic(row: dict) -> str:
    gold = row.get("gold") or {}
    topic = gold.get("topic") if isinstance(gold, dict) else str(gold)
    return str(topic).split("_")[0]


def _articles(path: Path, every: int) -> list[dict]:
    rows = [json.loads(line) for line in (path / "articles.jsonl").open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r.get("text") and r.get("date") and len(r["date"]) >= 10]
    rows.sort(key=lambda r: r["id"])
    return rows[::every]


def _shares(c: Counter) -> dict:
    n = c["articles"]
    out = {"articles": n}
    for k in ("exact", "within_1_day", "within_7_days", "unknown", "wrong_over_30_days"):
        out[k] = round(c[k] / n, 4) if n else 0.0
    return out


def load(paths: list[Path], every: int = 1) -> list[dict]:
    """Dated articles with their day expressions read once (the slow part), grouped by topic."""
    from ..pubdate import day_expressions

    rows = []
    for path in paths:
        for a in _articles(path, every):
            lang = a.get("lang") or "en"
            rows.append({"id": a["id"], "set": f"{path.name}/{lang}", "group": f"{path.name}/{lang}/{_topic(a)}",
                         "lang": lang, "text": a["text"], "gold": date.fromisoformat(a["date"][:10]),
                         "days": day_expressions(a["text"], lang)})
    return rows


def guesses(rows: list[dict], params: TimeParams) -> list[tuple[dict, str | None, str | None]]:
    """(row, inferred ISO day or None, kind of evidence) for each article, its date hidden."""
    from ..pubdate import infer

    out = []
    for r in rows:
        got = infer(r["text"], r["lang"], params, days=r["days"])
        out.append((r, got.value, got.kind))
    return out


def tally(guessed: list[tuple[dict, str | None, str | None]], params: TimeParams) -> dict:
    by_set: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    wrong: list[str] = []
    for r, value, kind in guessed:
        for c in (by_set[r["set"]], total):
            c["articles"] += 1
        if value is None:
            for c in (by_set[r["set"]], total):
                c["unknown"] += 1
            continue
        off = abs((date.fromisoformat(value) - r["gold"]).days)
        k = by_kind[kind or "?"]
        k["articles"] += 1
        for c in (by_set[r["set"]], total, k):
            c["exact"] += off == 0
            c["within_1_day"] += off <= 1
            c["within_7_days"] += off <= 7
            c["wrong_over_30_days"] += off > 30
        if off > 30:
            wrong.append(f"{r['id']}: {value} from {kind}, true {r['gold'].isoformat()}")
    kinds = {}
    for name, c in sorted(by_kind.items()):
        n = c["articles"]
        kinds[name] = {"articles": n, "within_1_day": round(c["within_1_day"] / n, 4),
                       "within_7_days": round(c["within_7_days"] / n, 4),
                       "wrong_over_30_days": round(c["wrong_over_30_days"] / n, 4),
                       "confidence_given": params.date_confidence.get(name)}
    return {"all": _shares(total), "by_set": {k: _shares(c) for k, c in sorted(by_set.items())},
            "by_evidence": kinds, "wrong": wrong}


def utility(guessed: list[tuple[dict, str | None, str | None]]) -> float:
    n = len(guessed) or 1
    near = sum(v is not None and abs((date.fromisoformat(v) - r["gold"]).days) <= 1 for r, v, _ in guessed)
    far = sum(v is not None and abs((date.fromisoformat(v) - r["gold"]).days) > 30 for r, v, _ in guessed)
    return (near - WRONG_COST * far) / n


def cross_validate(rows: list[dict], base: TimeParams) -> dict:
    """Leave one topic out over GRID: figures of the pooled held-out guesses and the setting chosen on all."""
    settings = [dict(zip(GRID, values)) for values in product(*GRID.values())]
    runs = [guesses(rows, replace(base, **s)) for s in settings]  # same row order in every run
    groups = sorted({r["group"] for r in rows})
    held_out: list = []
    chosen: dict[str, dict] = {}
    for g in groups:
        inside = [i for i, r in enumerate(rows) if r["group"] != g]
        best = max(range(len(settings)), key=lambda k: utility([runs[k][i] for i in inside]))
        chosen[g] = settings[best]
        held_out += [runs[best][i] for i, r in enumerate(rows) if r["group"] == g]
    best_all = max(range(len(settings)), key=lambda k: utility(runs[k]))
    result = tally(held_out, base)
    result.pop("wrong")
    return {"cross_validated": result, "chosen_per_held_out_topic": chosen, "chosen_on_all": settings[best_all],
            "grid": {k: list(v) for k, v in GRID.items()}}


def evaluate(paths: list[Path], every: int = 1, config: Config | None = None) -> dict:
    config = config or Config()
    return tally(guesses(load(paths, every), config.time), config.time)


@app.command("dates")
def eval_dates(
    paths: Annotated[list[Path] | None, typer.Argument(exists=True,
        help="Folders with articles.jsonl of dated articles (default: shared mlcrisis and t17).")] = None,
    every: Annotated[int, typer.Option(min=1, help="Score every n-th article (sorted by id), for a quick run.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List the guesses wrong by more than 30 days.")] = False,
    cv: Annotated[bool, typer.Option("--cv", help="Also choose the tunables by leave-one-topic-out "
                                     "cross-validation and report the held-out figures.")] = False,
) -> None:
    """Publication dates inferred with the dates hidden: exact, within 1 / 7 days, unknown, wrong by > 30 days."""
    config = Config()
    for p in paths or DEFAULT_PATHS:
        if not (p / "articles.jsonl").is_file():
            raise typer.BadParameter(f"{p} has no articles.jsonl (give folders like ../shared/eval/t17)")
    rows = load(paths or DEFAULT_PATHS, every)
    result = tally(guesses(rows, config.time), config.time)
    if cv:
        result["cv"] = cross_validate(rows, config.time)
    if as_json:
        print(json.dumps({k: v for k, v in result.items() if errors or k != "wrong"}, ensure_ascii=False))
        return
    head = f"{'set':16} {'articles':>8} {'exact':>7} {'≤1 day':>7} {'≤7 days':>7} {'unknown':>8} {'>30 days':>9}"
    print(head)
    for name, s in [*result["by_set"].items(), ("all", result["all"])]:
        print(f"{name:16} {s['articles']:8d} {s['exact']:7.3f} {s['within_1_day']:7.3f} {s['within_7_days']:7.3f} "
              f"{s['unknown']:8.3f} {s['wrong_over_30_days']:9.3f}")
    print("by evidence (shares of the articles it dated):")
    for kind, s in result["by_evidence"].items():
        print(f"  {kind:14} {s['articles']:6d}  ≤1 day {s['within_1_day']:.3f}  ≤7 days {s['within_7_days']:.3f}  "
              f">30 days {s['wrong_over_30_days']:.3f}  (confidence given {s['confidence_given']})")
    if cv:
        c = result["cv"]["cross_validated"]["all"]
        print(f"{'cross-validated':16} {c['articles']:8d} {c['exact']:7.3f} {c['within_1_day']:7.3f} "
              f"{c['within_7_days']:7.3f} {c['unknown']:8.3f} {c['wrong_over_30_days']:9.3f}  (leave one topic out)")
        print(f"  setting chosen on all topics: {result['cv']['chosen_on_all']}")
    print("aim: wrong by more than 30 days under 2% of articles")
    if errors:
        for line in result["wrong"]:
            print("  -", line)
