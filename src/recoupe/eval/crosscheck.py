"""`recoupe eval crosscheck`: facts and conflicts of each story against an answer key (examples/answers.yaml).

A gold fact (text, articles, independent sources) is found when one of our facts cites at least half of its
articles and no more than twice as many, and shares words with its text; we report how many gold facts are
found (separately for those confirmed by several sources), how often our independent-source count is exact,
and its mean absolute error. A gold conflict is found when one of our conflicts of the same kind (conflict
or update) carries both of its values. The answer key is not exhaustive, so extra facts are not errors.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, examples_dir
from ..crosscheck.text import content_stems, fold
from ..model import Fact, Story
from . import app
from .report import print_result
from .cleaning import _source
from .answers import answer_key

DEFAULT = examples_dir()
MIN_TEXT_OVERLAP = 0.25  # share of the gold fact's content words found in the cited sentences


def _build(folder: Path, nlp=None) -> tuple[list[Story], dict[str, object], dict[str, str]]:
    """Stories and articles of the answer key's corpus, through the whole pipeline, in a throwaway store."""
    from ..pipeline import ingest, update_stories
    from ..store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(db=str(Path(tmp) / "eval.db"))
        store = open_store(config.db)
        report = ingest([folder / "corpus"], config, store, nlp=nlp)
        update_stories(store, config, new_ids=report.article_ids)
        stories = _with_crosscheck(store, store.stories())
        articles = {a.id: a for a in store.articles()}
        store.close()
    by_source = {a.source: a.id for a in articles.values()}
    return stories, articles, by_source


def _with_crosscheck(store, stories: list[Story]) -> list[Story]:
    """Stories as stored; computed here when the store's stories have not been cross-checked."""
    from ..crosscheck import cross_check

    out = []
    for s in stories:
        if not s.facts and not s.conflicts:
            s = cross_check(s, store.articles(list(s.articles)), store.analyses(list(s.articles)))
        out.append(s)
    return out


def _overlap(gold_text: str, fact: Fact, texts: dict[str, str]) -> float:
    gold = set(content_stems(gold_text))
    cited = set()
    for c in fact.citations:
        cited.update(content_stems(texts[c.article][c.start:c.end]))
    return len(gold & cited) / len(gold) if gold else 0.0


def match_fact(gold: dict, gold_ids: set[str], facts: Sequence[Fact], texts: dict[str, str]) -> Fact | None:
    best, best_key = None, None
    for f in facts:
        cited = {c.article for c in f.citations}
        shared = len(cited & gold_ids)
        if shared * 2 < len(gold_ids) or len(cited) > 2 * len(gold_ids):
            continue
        overlap = _overlap(gold["text"], f, texts)
        if overlap < MIN_TEXT_OVERLAP:
            continue
        key = (shared / len(cited | gold_ids), overlap)
        if best_key is None or key > best_key:
            best, best_key = f, key
    return best


def _values_match(gold_value: str, ours: str) -> bool:
    g, o = fold(str(gold_value)), fold(ours)
    return g[:10] == o[:10] or g.split(" ")[0] in o or o.split(" ")[0] in g


def evaluate(folder: Path = DEFAULT, nlp=None) -> dict:
    answers = answer_key(folder)
    stories, articles, by_source = _build(folder, nlp)
    corpus = folder / "corpus"
    ids = {a["id"]: by_source.get(_source(corpus, a)) for a in answers["articles"]}
    texts = {i: a.text for i, a in articles.items()}
    story_of = {a: s for s in stories for a in s.articles}
    counts = {"gold_facts": 0, "found": 0, "multi": 0, "multi_found": 0, "sources_exact": 0, "abs_error": 0}
    failures: list[str] = []
    for g in answers.get("facts", []):
        gold_ids = {ids[a] for a in g["articles"] if ids.get(a)}
        candidates = {story_of[a].id: story_of[a] for a in gold_ids if a in story_of}
        facts = [f for s in candidates.values() for f in s.facts]
        counts["gold_facts"] += 1
        multi = g["independent_sources"] > 1
        counts["multi"] += multi
        found = match_fact(g, gold_ids, facts, texts)
        if found is None:
            failures.append(f"fact not found: {g['id']} ({g['independent_sources']} sources)")
            continue
        counts["found"] += 1
        counts["multi_found"] += multi
        counts["sources_exact"] += found.independent_sources == g["independent_sources"]
        counts["abs_error"] += abs(found.independent_sources - g["independent_sources"])
        if found.independent_sources != g["independent_sources"]:
            failures.append(f"fact {g['id']}: {found.independent_sources} sources, key says {g['independent_sources']}")
    conflicts = {"gold": 0, "found": 0}
    for g in answers.get("conflicts", []):
        conflicts["gold"] += 1
        gold_ids = {ids[a] for cl in g["claims"] for a in cl["articles"] if ids.get(a)}
        ours = [c for a in gold_ids if a in story_of for c in story_of[a].conflicts]
        values = [str(cl["value"]) for cl in g["claims"]]
        hit = any(
            c.kind == g["kind"] and all(any(_values_match(v, cl.value) for cl in c.claims) for v in values)
            for c in ours
        )
        conflicts["found"] += hit
        if not hit:
            failures.append(f"{g['kind']} not found: {g['id']} ({' vs '.join(values)})")
    found = max(1, counts["found"])
    ours_multi = sum(1 for s in stories for f in s.facts if f.independent_sources > 1)
    return {
        "gold_facts": counts["gold_facts"],
        "facts_found": round(counts["found"] / max(1, counts["gold_facts"]), 4),
        "multi_source_facts_found": round(counts["multi_found"] / max(1, counts["multi"]), 4),
        "independent_sources_exact": round(counts["sources_exact"] / found, 4),
        "independent_sources_mae": round(counts["abs_error"] / found, 4),
        "our_multi_source_facts": ours_multi,
        "gold_conflicts": conflicts["gold"],
        "conflicts_found": round(conflicts["found"] / max(1, conflicts["gold"]), 4),
        "failures": failures,
    }


@app.command("crosscheck")
def eval_crosscheck(
    folder: Annotated[Path, typer.Argument(exists=True, help="A folder with corpus/ and answers.yaml (facts, conflicts).")] = DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Facts (found, independent-source counts) and conflicts/updates against an answer key."""
    print_result(evaluate(folder), as_json)
