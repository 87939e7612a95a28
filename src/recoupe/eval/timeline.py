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
from dataclasses import replace
from datetime import date, timedelta
from itertools import product
from pathlib import Path
from typing import Annotated

import typer

from ..config import TimeParams, shared_dir
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


# Real-world topics, for cross-validation: the same crisis in two data sets is one topic.
TOPIC_OF = {"EgyptianProtest": "egypt", "LibyaWar": "libya", "egypt": "egypt", "libya": "libya", "H1N1": "h1n1",
            "MJ": "mj"}
GRID = {"tls_later_days": (1, 2, 3), "tls_recent_weight": (0.0, 0.1, 0.3), "tls_written_dates_only": (False, True)}


def topic_group(topic: str) -> str:
    head = topic.split("_")[0]
    return TOPIC_OF.get(head, head)


def prepare_folder(path: Path) -> list[dict]:
    """One task per reference timeline with articles: its articles, dated sentences and the protocol's sizes."""
    from ..crosscheck.tls import dated_sentences

    by_topic: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for a in _articles(path):
        if not a.get("text") or not a.get("date"):
            continue
        by_topic[(a.get("lang") or "en", _topic(a))].append(
            Article(id=a["id"], source=a["id"], text=a["text"], language=a.get("lang") or "en",
                    title=a.get("title"), published=a["date"][:10]))
    dated_cache: dict[tuple[str, str], list] = {}
    tasks = []
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
        ids = {a.id for a in arts}
        tasks.append({"set": path.name, "lang": lang, "topic": tl["topic"], "group": topic_group(tl["topic"]),
                      "ref": ref, "articles": arts, "start": start, "end": end, "n_dates": len(ref),
                      "per_date": max(1, round(sum(len(s) for s in ref.values()) / len(ref))),
                      "dated": [d for d in dated_cache[key] if d.article in ids]})
    return tasks


def score_task(task: dict, system: str, params: TimeParams) -> dict:
    from ..crosscheck.tls import lead_baseline, summarise

    if system == "recoupe":
        pred = summarise(task["articles"], task["start"], task["end"], task["n_dates"], task["per_date"],
                         task["dated"], params)
    else:
        pred = lead_baseline(task["articles"], task["start"], task["end"], task["n_dates"], task["per_date"])
    pred = {d: [tokenize(s) for s in sents] for d, sents in pred.items()}
    rouge = align_rouge(pred, task["ref"], task["lang"])
    return {"date_f1": date_f1(pred, task["ref"]), "rouge1_f1": rouge["rouge1_f1"], "rouge2_f1": rouge["rouge2_f1"]}


def _mean(rows: list[dict]) -> dict:
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in rows[0]}


def summarise_scores(tasks: list[dict], scores: dict[str, list[dict]]) -> dict:
    """{language: {"timelines": n, system: mean scores}} and the per-timeline rows."""
    out: dict = {}
    for lang in sorted({t["lang"] for t in tasks}):
        idx = [i for i, t in enumerate(tasks) if t["lang"] == lang]
        out[lang] = {"timelines": len(idx)}
        for name, rows in scores.items():
            out[lang][name] = _mean([rows[i] for i in idx])
    out["per_timeline"] = [
        {"topic": t["topic"], "lang": t["lang"], **{name: {k: round(v, 4) for k, v in rows[i].items()}
                                                    for name, rows in scores.items()}}
        for i, t in enumerate(tasks)]
    return out


def evaluate_folder(path: Path, params: TimeParams | None = None) -> dict:
    """{language: {"recoupe": scores, "baseline": scores, "timelines": n}, "per_timeline": [...]} for a folder."""
    params = params or TimeParams()
    tasks = prepare_folder(path)
    scores = {name: [score_task(t, name, params) for t in tasks] for name in ("recoupe", "baseline")}
    return summarise_scores(tasks, scores)


def cross_validate(tasks: list[dict], base: TimeParams) -> dict:
    """Leave one real-world topic out over GRID (objective: mean date F1 + ROUGE-1 F1 of the other topics'
    timelines); the held-out timelines' figures, per set and language, and the setting chosen on all."""
    settings = [dict(zip(GRID, values)) for values in product(*GRID.values())]
    runs = [[score_task(t, "recoupe", replace(base, **s)) for t in tasks] for s in settings]

    def objective(k: int, idx: list[int]) -> float:
        return sum(runs[k][i]["date_f1"] + runs[k][i]["rouge1_f1"] for i in idx) / max(1, len(idx))

    held: list[dict | None] = [None] * len(tasks)
    chosen = {}
    for g in sorted({t["group"] for t in tasks}):
        inside = [i for i, t in enumerate(tasks) if t["group"] != g]
        best = max(range(len(settings)), key=lambda k: (objective(k, inside), -k))
        chosen[g] = settings[best]
        for i, t in enumerate(tasks):
            if t["group"] == g:
                held[i] = runs[best][i]
    everything = list(range(len(tasks)))
    best_all = max(range(len(settings)), key=lambda k: (objective(k, everything), -k))
    per_set: dict = {}
    for key in sorted({(t["set"], t["lang"]) for t in tasks}):
        idx = [i for i, t in enumerate(tasks) if (t["set"], t["lang"]) == key]
        per_set[f"{key[0]}/{key[1]}"] = _mean([held[i] for i in idx])
    return {"cross_validated": per_set, "chosen_per_held_out_topic": chosen, "chosen_on_all": settings[best_all],
            "grid": {k: list(v) for k, v in GRID.items()}}


@app.command("timeline")
def eval_timeline(
    paths: Annotated[list[Path] | None, typer.Argument(exists=True,
        help="Folders with articles.jsonl and timelines.jsonl (default: shared mlcrisis and t17).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    cv: Annotated[bool, typer.Option("--cv", help="Also choose the summariser's tunables by leave-one-topic-out "
                                     "cross-validation and report the held-out figures.")] = False,
) -> None:
    """Timeline summarisation: date F1 and alignment ROUGE-1/2 F1, recoupe beside a publication-lead baseline."""
    params = TimeParams()
    result: dict = {}
    all_tasks: list[dict] = []
    for p in paths or DEFAULT_PATHS:
        if not (p / "articles.jsonl").is_file() or not (p / "timelines.jsonl").is_file():
            raise typer.BadParameter(f"{p} needs articles.jsonl and timelines.jsonl (e.g. ../shared/eval/t17)")
    for p in paths or DEFAULT_PATHS:
        tasks = prepare_folder(p)
        all_tasks += tasks
        scores = {name: [score_task(t, name, params) for t in tasks] for name in ("recoupe", "baseline")}
        result[p.name] = summarise_scores(tasks, scores)
    if cv:
        result["cv"] = cross_validate(all_tasks, params)
    if as_json:
        print(json.dumps(result, default=str))
        return
    for folder, langs in result.items():
        if folder == "cv":
            continue
        for lang, systems in langs.items():
            if lang == "per_timeline":
                continue
            print(f"{folder} [{lang}] {systems['timelines']} timeline(s)")
            for name in ("recoupe", "baseline"):
                s = systems[name]
                print(f"  {name:9} date F1 {s['date_f1']:.3f}  ROUGE-1 F1 {s['rouge1_f1']:.3f}  "
                      f"ROUGE-2 F1 {s['rouge2_f1']:.3f}")
        for row in langs["per_timeline"]:
            r, b = row["recoupe"], row["baseline"]
            print(f"    {row['topic']:22} [{row['lang']}] date F1 {r['date_f1']:.3f} (baseline {b['date_f1']:.3f})  "
                  f"ROUGE-1 {r['rouge1_f1']:.3f} ({b['rouge1_f1']:.3f})  ROUGE-2 {r['rouge2_f1']:.3f}")
    if cv:
        print("leave one topic out (egypt, libya, h1n1, mj), held-out figures:")
        for key, s in result["cv"]["cross_validated"].items():
            print(f"  {key:16} date F1 {s['date_f1']:.3f}  ROUGE-1 F1 {s['rouge1_f1']:.3f}  ROUGE-2 F1 {s['rouge2_f1']:.3f}")
        print(f"  setting chosen on all topics: {result['cv']['chosen_on_all']}")
    print("published best open method on Timeline17 (Datewise): ROUGE-1 0.120, ROUGE-2 0.035, date F1 0.544")
