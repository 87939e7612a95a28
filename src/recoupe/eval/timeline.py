"""`recoupe eval timeline`: timeline summarisation against reference timelines (Timeline17, ML-Crisis).

Protocol of the published comparisons (news-tls): for each reference timeline, the system gets the topic's
articles published from its first date to a week after its last, must give as many dates as the reference
(within its span) and per date the reference's mean number of sentences. Scores: date F1 and align+ m:1
ROUGE-1/ROUGE-2 F1 (`tls_metrics`), averaged over the timelines of each language. No spaCy: time expressions
come from the timex module on plain text, sentences from a cheap splitter.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from ..config import shared_dir
from ..model import Article
from . import app
from .tls_metrics import align_rouge, date_f1, tokenize

DEFAULT_PATHS = [shared_dir() / "eval" / "mlcrisis", shared_dir() / "eval" / "t17"]
SPAN_AFTER = timedelta(days=7)


def _articles(path: Path) -> list[dict]:
    return [json.loads(line) for line in (path / "articles.jsonl").open(encoding="utf-8") if line.strip()]


def _topic(item: dict) -> str:
    gold = item.get("gold") or {}
    return gold.get("topic") if isinstance(gold, dict) else str(gold)


def evaluate_folder(path: Path) -> dict:
    """{language: {"recoupe": scores, "baseline": scores, "timelines": n}} for one folder."""
    from ..crosscheck.tls import dated_sentences, lead_baseline, summarise

    by_topic: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for a in _articles(path):
        if not a.get("text") or not a.get("date"):
            continue
        by_topic[(a.get("lang") or "en", _topic(a))].append(
            Article(id=a["id"], source=a["id"], text=a["text"], language=a.get("lang") or "en",
                    title=a.get("title"), published=a["date"][:10]))
    dated_cache: dict[tuple[str, str], list] = {}
    scores: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for line in (path / "timelines.jsonl").open(encoding="utf-8"):
        if not line.strip():
            continue
        tl = json.loads(line)
        lang = tl.get("lang") or "en"
        key = (lang, tl["topic"])
        if key not in by_topic:
            continue  # a reference without articles in this part of the data set
        ref = {date.fromisoformat(d["date"][:10]): [tokenize(s) for s in d["sentences"]] for d in tl["timeline"]}
        start, end = min(ref), max(ref)
        arts = [a for a in by_topic[key] if start <= date.fromisoformat(a.published) <= end + SPAN_AFTER]
        if key not in dated_cache:
            dated_cache[key] = dated_sentences(by_topic[key])
        n_dates = len(ref)
        per_date = max(1, round(sum(len(s) for s in ref.values()) / len(ref)))
        ids = {a.id for a in arts}
        dated = [d for d in dated_cache[key] if d.article in ids]
        systems = {
            "recoupe": summarise(arts, start, end, n_dates, per_date, dated),
            "baseline": lead_baseline(arts, start, end, n_dates, per_date),
        }
        for name, pred in systems.items():
            pred = {d: [tokenize(s) for s in sents] for d, sents in pred.items()}
            rouge = align_rouge(pred, ref, lang)
            scores[lang][name].append({"date_f1": date_f1(pred, ref), "rouge1_f1": rouge["rouge1_f1"],
                                       "rouge2_f1": rouge["rouge2_f1"]})
    out: dict = {}
    for lang, systems in scores.items():
        out[lang] = {"timelines": len(next(iter(systems.values())))}
        for name, rows in systems.items():
            out[lang][name] = {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in rows[0]}
    return out


@app.command("timeline")
def eval_timeline(
    paths: Annotated[list[Path] | None, typer.Argument(exists=True,
        help="Folders with articles.jsonl and timelines.jsonl (default: shared mlcrisis and t17).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Timeline summarisation: date F1 and alignment ROUGE-1/2 F1, recoupe beside a publication-lead baseline."""
    result = {p.name: evaluate_folder(p) for p in (paths or DEFAULT_PATHS)}
    if as_json:
        print(json.dumps(result))
        return
    for folder, langs in result.items():
        for lang, systems in langs.items():
            print(f"{folder} [{lang}] {systems['timelines']} timeline(s)")
            for name in ("recoupe", "baseline"):
                s = systems[name]
                print(f"  {name:9} date F1 {s['date_f1']:.3f}  ROUGE-1 F1 {s['rouge1_f1']:.3f}  "
                      f"ROUGE-2 F1 {s['rouge2_f1']:.3f}")
    print("published best open method on Timeline17 (Datewise): ROUGE-1 0.120, ROUGE-2 0.035, date F1 0.544")
