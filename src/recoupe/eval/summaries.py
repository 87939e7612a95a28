"""`recoupe eval summaries`: ROUGE of our story summaries beside Lead, LexRank, TextRank and LSA.

Data: a folder with `articles.jsonl` (`id`, `title`, `text`, `gold.cluster`, `gold.topic`, `gold.slice`) and
`summaries.jsonl` (`cluster`, `summary`), the shape of RPM2 in ../shared/eval/rpm2. Each cluster of articles
is summarised by every system from the same sentences, cut to the same number of words as the references
(100 by default). ROUGE-1, ROUGE-2 and ROUGE-L F1 (rouge-score, no stemming) on accent-folded words, the same
tokenisation for every system; each cluster's score is the mean over its reference summaries, and the
figure is the mean over clusters.

Update summarisation: a topic's second time slice (C2) is summarised as an update to its first (C1), as the
RPM2 task defines it. Our system is told what the reader already read; the baselines are not (they have no
such mode). `recoupe_plain` is our system without that knowledge, for comparison.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, shared_dir
from ..crosscheck.statements import Statement, sentence_spans, statements
from ..crosscheck.summary import select
from ..crosscheck.text import words
from ..model import Analysis, Article
from . import app
from .summary_baselines import BASELINES

DEFAULT = shared_dir() / "eval" / "rpm2"
BUDGET = 100
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@dataclass
class Cluster:
    id: str
    topic: str
    slice: str
    articles: list[Article]
    analyses: dict[str, Analysis]
    references: list[str]


class FoldedTokenizer:
    """ROUGE tokenisation for every system and reference: accent-folded lower-case words, no stemming."""

    def tokenize(self, text: str) -> list[str]:
        return words(text)


def truncate(sentences: Sequence[str], budget: int) -> str:
    return " ".join(" ".join(sentences).split()[:budget])


SENTENCE_PIPES = ("tok2vec", "recoupe_paragraphs", "parser", "senter", "sentencizer")  # what sentence boundaries need


def analyse_sentences(articles: Sequence[Article], nlp) -> dict[str, Analysis]:
    """Our sentence component over spaCy with only the pipes sentence boundaries need (the parser's): the same
    sentences as a full run, in well under half the time. Summaries need nothing else."""
    from ..nlp.pipeline import sentences

    out: dict[str, Analysis] = {}
    by_lang: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_lang[a.language].append(a)
    for lang, arts in by_lang.items():
        pipeline = nlp.pipeline(lang)
        with pipeline.select_pipes(disable=[p for p in pipeline.pipe_names if p not in SENTENCE_PIPES]):
            for a, doc in zip(arts, pipeline.pipe((a.text for a in arts), batch_size=32)):
                out[a.id] = sentences(a, doc, Analysis(a.id))
    return out


def load(folder: Path, nlp=None, config: Config | None = None) -> list[Cluster]:
    """Clusters with the sentences of their articles (spaCy runs once over all articles)."""
    from ..nlp.pipeline import NLP

    nlp = nlp or NLP(config or Config(db=":memory:"))
    rows = [json.loads(line) for line in (folder / "articles.jsonl").open(encoding="utf-8") if line.strip()]
    refs: dict[str, list[str]] = defaultdict(list)
    for line in (folder / "summaries.jsonl").open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            refs[r["cluster"]].append(r["summary"])
    articles = [
        Article(id=r["id"], source=f"{folder.name}/{r['id']}", text=r["text"], language=r.get("lang") or "fr",
                title=r.get("title"), outlet=None, published=r.get("date"))
        for r in rows
    ]
    analyses = analyse_sentences(articles, nlp)
    clusters: dict[str, Cluster] = {}
    for r, a in zip(rows, articles):
        g = r["gold"]
        c = clusters.setdefault(g["cluster"], Cluster(g["cluster"], g["topic"], g["slice"], [], {}, refs[g["cluster"]]))
        c.articles.append(a)
        c.analyses[a.id] = analyses[a.id]
    return [c for c in clusters.values() if c.references]


def _statements(c: Cluster) -> list[Statement]:
    return statements(c.articles, c.analyses)


def ours(c: Cluster, earlier: Cluster | None, budget: int) -> list[str]:
    seen = _statements(earlier) if earlier else ()
    return [s.text for s in select(_statements(c), words=budget, seen=seen)]


def _sentences(c: Cluster) -> list[list[str]]:
    """Every sentence of every article, as all systems see them (the same spans our statements come from)."""
    return [[a.text[s:e] for s, e in sentence_spans(a.text, c.analyses[a.id])] for a in c.articles]


def evaluate(folder: Path = DEFAULT, nlp=None, budget: int = BUDGET) -> dict:
    from rouge_score.rouge_scorer import RougeScorer

    t0 = time.perf_counter()
    clusters = load(folder, nlp)
    t1 = time.perf_counter()
    first_slice = {}
    for c in sorted(clusters, key=lambda c: c.slice):
        first_slice.setdefault(c.topic, c)
    scorer = RougeScorer(list(ROUGE_TYPES), use_stemmer=False, tokenizer=FoldedTokenizer())
    systems: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    by_slice: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for c in clusters:
        earlier = first_slice[c.topic] if first_slice[c.topic] is not c else None
        outputs = {
            "recoupe": ours(c, earlier, budget),
            "recoupe_plain": ours(c, None, budget),
            **{name: fn(_sentences(c), budget) for name, fn in BASELINES.items()},
        }
        for name, sents in outputs.items():
            summary = truncate(sents, budget)
            scores = [scorer.score(ref, summary) for ref in c.references]
            for t in ROUGE_TYPES:
                f1 = sum(s[t].fmeasure for s in scores) / len(scores)
                systems[name][t].append(f1)
                by_slice[c.slice][name][t].append(f1)

    def mean(per_type: dict[str, list[float]]) -> dict[str, float]:
        return {f"{t}_f1": round(sum(v) / len(v), 4) for t, v in per_type.items()}

    result = {
        "clusters": len(clusters),
        "words": budget,
        "systems": {name: mean(v) for name, v in systems.items()},
        "by_slice": {sl: {name: mean(v) for name, v in d.items()} for sl, d in sorted(by_slice.items())},
    }
    baselines = [n for n in BASELINES]
    best = max(baselines, key=lambda n: result["systems"][n]["rouge2_f1"])
    ours_r2 = result["systems"]["recoupe"]["rouge2_f1"]
    best_r2 = result["systems"][best]["rouge2_f1"]
    result["best_baseline"] = best
    result["rouge2_gain_over_best"] = round(ours_r2 / best_r2 - 1, 4) if best_r2 else None
    result["seconds"] = {"nlp": round(t1 - t0, 1), "summaries_and_rouge": round(time.perf_counter() - t1, 1)}
    return result


@app.command("summaries")
def eval_summaries(
    folder: Annotated[Path, typer.Argument(exists=True, help="A folder with articles.jsonl and summaries.jsonl.")] = DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    budget: Annotated[int, typer.Option("--words", help="Summary length in words.")] = BUDGET,
) -> None:
    """ROUGE-1/2/L F1 of our summaries beside Lead, LexRank, TextRank and LSA on the same clusters."""
    result = evaluate(folder, budget=budget)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{result['clusters']} clusters, summaries cut to {budget} words; ROUGE F1 (mean over references)")
    print(f"  {'system':14} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for name, s in result["systems"].items():
        print(f"  {name:14} {s['rouge1_f1']:8.4f} {s['rouge2_f1']:8.4f} {s['rougeL_f1']:8.4f}")
    for sl, d in result["by_slice"].items():
        print(f"  slice {sl}: " + ", ".join(f"{n} R2 {s['rouge2_f1']:.4f}" for n, s in d.items()))
    gain = result["rouge2_gain_over_best"]
    print(f"ROUGE-2 of recoupe vs best baseline ({result['best_baseline']}): "
          f"{'n/a' if gain is None else f'{gain:+.1%}'} (aim: at least +15%)")
