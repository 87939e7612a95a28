"""`recoupe eval dates`: publication dates inferred from the text, scored on articles whose date is known.

Each dated article of ML-Crisis and Timeline17 loses its date; recoupe infers one from the text alone (no
story around it) and the guess is compared with the hidden date: exact, within 1 day, within 7 days, unknown
(no evidence dated the article) and wrong by more than 30 days, as shares of all articles. Per kind of
evidence, the share within a day is the confidence `TimeParams.date_confidence` gives that kind.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, shared_dir
from . import app

DEFAULT_PATHS = [shared_dir() / "eval" / "mlcrisis", shared_dir() / "eval" / "t17"]


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


def evaluate(paths: list[Path], every: int = 1, config: Config | None = None) -> dict:
    from ..metadata import publication_date

    config = config or Config()
    by_lang: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    wrong: list[str] = []
    for path in paths:
        for a in _articles(path, every):
            lang = a.get("lang") or "en"
            gold = date.fromisoformat(a["date"][:10])
            guess = publication_date(None, a["text"], language=lang, params=config.time)
            key = f"{path.name}/{lang}"
            for c in (by_lang[key], total):
                c["articles"] += 1
            if not guess.value or len(guess.value) < 10:
                for c in (by_lang[key], total):
                    c["unknown"] += 1
                continue
            off = abs((date.fromisoformat(guess.value) - gold).days)
            kind = by_kind[guess.evidence or "?"]
            kind["articles"] += 1
            for c in (by_lang[key], total, kind):
                c["exact"] += off == 0
                c["within_1_day"] += off <= 1
                c["within_7_days"] += off <= 7
                c["wrong_over_30_days"] += off > 30
            if off > 30:
                wrong.append(f"{a['id']}: {guess.value} from {guess.evidence}, true {gold.isoformat()}")
    kinds = {}
    for k, c in sorted(by_kind.items()):
        n = c["articles"]
        kinds[k] = {"articles": n, "within_1_day": round(c["within_1_day"] / n, 4),
                    "within_7_days": round(c["within_7_days"] / n, 4),
                    "wrong_over_30_days": round(c["wrong_over_30_days"] / n, 4),
                    "confidence_given": config.time.date_confidence.get(k)}
    return {"all": _shares(total), "by_set": {k: _shares(c) for k, c in sorted(by_lang.items())},
            "by_evidence": kinds, "wrong": wrong}


@app.command("dates")
def eval_dates(
    paths: Annotated[list[Path] | None, typer.Argument(exists=True,
        help="Folders with articles.jsonl of dated articles (default: shared mlcrisis and t17).")] = None,
    every: Annotated[int, typer.Option(min=1, help="Score every n-th article (sorted by id), for a quick run.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List the guesses wrong by more than 30 days.")] = False,
) -> None:
    """Publication dates inferred with the dates hidden: exact, within 1 / 7 days, unknown, wrong by > 30 days."""
    result = evaluate(paths or DEFAULT_PATHS, every)
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
    print("aim: wrong by more than 30 days under 2% of articles")
    if errors:
        for line in result["wrong"]:
            print("  -", line)
