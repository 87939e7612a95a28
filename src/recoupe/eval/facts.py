"""`recoupe eval facts`: facts and conflicts of the dossier against hand-annotated fact alignments.

Data: `facts.jsonl` (see ../shared/eval/facts/GUIDE.md): per RPM2 story, its gold facts, each with the sentence
of every article that states it, and `conflicts_with` between two facts giving rival values for one thing. The
articles are read from ../rpm2/articles.jsonl beside the folder. Each story's articles go through the whole
pipeline in a fresh store (ingest, NLP, stories, cross-checking); the facts and conflicts of every story the
pipeline made of them are scored (so a story split in two loses the pairs across the split).

Scoring (GUIDE.md): a dossier fact covers an annotated sentence when one of its citations in that article
overlaps at least half of the shorter span.
- pairs: distinct annotated sentences of different articles; gold-same when they state one gold fact,
  system-same when one dossier fact covers both; precision, recall, F1 (micro over stories);
- corroboration recall: for each gold fact stated by ≥ 2 articles, the share of its articles covered by the
  best single dossier fact, averaged over facts;
- conflicts: recall of gold rival pairs found as two sides of one dossier conflict (conflict or update);
  precision over dossier conflicts whose sides both cover annotated sentences: right when two sides are a
  gold rival pair, wrong when two sides state one same gold fact.

Baseline, in the same run: TF-IDF cosine between the sentences of the story's articles (the same sentence
spans as the pipeline's), single-link grouping at 0.3; no conflicts.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, shared_dir
from ..model import Citation
from . import app

DEFAULT = shared_dir() / "eval" / "facts"
BASELINE_THRESHOLD = 0.3
READ_STORIES = ("T10_C1", "T08_C2")  # read error by error; the others are scored only
Span = tuple[str, int, int]  # article, start, end


@dataclass
class GoldStory:
    cluster: str
    articles: list[dict]  # rows of rpm2/articles.jsonl
    facts: list[dict]


@dataclass
class Dossier:
    """What is scored: groups of citations (facts) and conflicts as lists of sides (each a list of spans)."""

    facts: list[list[Span]] = field(default_factory=list)
    conflicts: list[list[list[Span]]] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)  # articles per story the pipeline made


def load_gold(folder: Path, articles_file: Path | None = None) -> list[GoldStory]:
    articles_file = articles_file or folder.parent / "rpm2" / "articles.jsonl"
    rows = {}
    with articles_file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows[r["id"]] = r
    out = []
    with (folder / "facts.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                g = json.loads(line)
                out.append(GoldStory(g["cluster"], [rows[a] for a in g["articles"] if a in rows], g["facts"]))
    return out


def locate(text: str, sentence: str) -> tuple[int, int] | None:
    """Where an annotated sentence is in a (cleaned) text: exactly, else with any whitespace between words."""
    at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    tokens = sentence.split()
    if not tokens:
        return None
    m = re.search(r"\s+".join(re.escape(t) for t in tokens), text)
    return (m.start(), m.end()) if m else None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared * 2 >= min(a[1] - a[0], b[1] - b[0])


def _covers(spans: Sequence[Span], mention: Span) -> bool:
    return any(a == mention[0] and _overlaps((s, e), mention[1:]) for a, s, e in spans)


def score(gold: GoldStory, texts: Mapping[str, str], dossier: Dossier) -> dict:
    """Counts for one story (texts: gold article id -> the cleaned text the dossier's offsets refer to)."""
    sentence_facts: dict[Span, set[str]] = defaultdict(set)
    mentions: dict[str, list[Span]] = defaultdict(list)
    missing = 0
    for f in gold.facts:
        for m in f["mentions"]:
            text = texts.get(m["article"])
            where = locate(text, m["sentence"]) if text is not None else None
            if where is None:
                missing += 1
                continue
            span = (m["article"], *where)
            sentence_facts[span].add(f["id"])
            mentions[f["id"]].append(span)
    sentences = sorted(sentence_facts)
    covering = {s: {k for k, f in enumerate(dossier.facts) if _covers(f, s)} for s in sentences}
    tp = fp = fn = 0
    for i, a in enumerate(sentences):
        for b in sentences[i + 1:]:
            if a[0] == b[0]:
                continue
            gold_same = bool(sentence_facts[a] & sentence_facts[b])
            system_same = bool(covering[a] & covering[b])
            tp += gold_same and system_same
            fp += system_same and not gold_same
            fn += gold_same and not system_same
    corroboration = []
    for spans in mentions.values():
        arts = {s[0] for s in spans}
        if len(arts) < 2:
            continue
        best = max((len({s[0] for s in spans if _covers(f, s)}) for f in dossier.facts), default=0)
        corroboration.append(best / len(arts))
    rivals = {frozenset((f["id"], f["conflicts_with"])) for f in gold.facts if f.get("conflicts_with")}

    def stated(side: Sequence[Span]) -> set[str]:
        return {fid for s in sentences if _covers(side, s) for fid in sentence_facts[s]}

    found, right, wrong = set(), 0, 0
    for conflict in dossier.conflicts:
        sides = [stated(side) for side in conflict]
        pairs = {frozenset((x, y)) for i, a in enumerate(sides) for b in sides[i + 1:] for x in a for y in b if x != y}
        hit = pairs & rivals
        found |= hit
        if sum(bool(s) for s in sides) < 2:
            continue
        if hit:
            right += 1
        elif any(a & b for i, a in enumerate(sides) for b in sides[i + 1:]):
            wrong += 1
    return {"tp": tp, "fp": fp, "fn": fn, "corroboration": corroboration, "rivals": len(rivals),
            "rivals_found": len(found), "conflicts_right": right, "conflicts_wrong": wrong,
            "conflicts": len(dossier.conflicts), "facts": len(dossier.facts), "unlocated_mentions": missing}


def summarise(counts: Iterable[dict]) -> dict:
    counts = list(counts)
    tp, fp, fn = (sum(c[k] for c in counts) for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    corr = [x for c in counts for x in c["corroboration"]]
    rivals, found = sum(c["rivals"] for c in counts), sum(c["rivals_found"] for c in counts)
    right, wrong = sum(c["conflicts_right"] for c in counts), sum(c["conflicts_wrong"] for c in counts)
    return {
        "pair_precision": round(p, 3), "pair_recall": round(r, 3),
        "pair_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "corroboration_recall": round(sum(corr) / len(corr), 3) if corr else 0.0,
        "conflict_recall": round(found / rivals, 3) if rivals else None,
        "conflict_precision": round(right / (right + wrong), 3) if right + wrong else None,
        "rival_pairs": rivals, "rival_pairs_found": found, "conflicts_judged": right + wrong,
        "facts": sum(c["facts"] for c in counts), "conflicts": sum(c["conflicts"] for c in counts),
    }


def baseline(spans: Mapping[str, Sequence[tuple[int, int]]], texts: Mapping[str, str],
             threshold: float = BASELINE_THRESHOLD) -> Dossier:
    """TF-IDF cosine between sentences (folded words), single-link groups of at least two sentences."""
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    from ..crosscheck.text import words

    items = [(a, s, e) for a, ss in spans.items() for s, e in ss]
    if len(items) < 2:
        return Dossier()
    vec = TfidfVectorizer(tokenizer=words, lowercase=False, token_pattern=None)
    x = vec.fit_transform([texts[a][s:e] for a, s, e in items])
    sim = (x @ x.T).tocsr()
    sim.data[sim.data < threshold] = 0
    sim.eliminate_zeros()
    _, labels = connected_components(sim, directed=False)
    groups: dict[int, list[Span]] = defaultdict(list)
    for item, label in zip(items, labels):
        groups[label].append(item)
    return Dossier(facts=[g for g in groups.values() if len(g) > 1])


def _raws(gold: GoldStory, config: Config):
    from ..ingest.structured import from_object

    for r in gold.articles:
        yield from_object({"text": r["text"], "title": r.get("title"), "date": r.get("date"),
                           "lang": r.get("lang")}, r["id"], "json", config.max_article_chars)


def run_pipeline(gold: GoldStory, workdir: Path, reuse: bool = False, nlp=None):
    """The story's articles through the pipeline in a fresh store under `workdir` (with `reuse`, a store left
    there by an earlier run is cross-checked again without repeating the NLP). Returns (dossier, texts by
    gold id, sentence spans by gold id, store seconds by stage)."""
    from ..crosscheck.statements import sentence_spans
    from ..pipeline import ingest, update_stories
    from ..store import open_store

    db = workdir / f"{gold.cluster}.db"
    fresh = not (reuse and db.exists())
    if fresh and db.exists():
        db.unlink()
    config = Config(db=str(db))
    store = open_store(config.db)
    t0 = time.perf_counter()
    if fresh:
        ingest(None, config, store, nlp=nlp, raws=_raws(gold, config))
    t1 = time.perf_counter()
    stories = update_stories(store, config, rebuild=not fresh)
    t2 = time.perf_counter()
    articles = store.articles()
    gold_id = {a.id: a.source for a in articles}
    texts = {a.source: a.text for a in articles}
    analyses = store.analyses([a.id for a in articles])
    spans = {gold_id[a]: sentence_spans(texts[gold_id[a]], an) for a, an in analyses.items()}
    store.close()

    def spans_of(citations: Iterable[Citation]) -> list[Span]:
        return [(gold_id[c.article], c.start, c.end) for c in citations if c.article in gold_id]

    dossier = Dossier(
        facts=[spans_of(f.citations) for s in stories for f in s.facts],
        conflicts=[[spans_of(cl.citations) for cl in c.claims] for s in stories for c in s.conflicts
                   if c.kind in ("conflict", "update")],
        stories=sorted((len(s.articles) for s in stories), reverse=True),
    )
    return dossier, texts, spans, {"nlp_and_store": round(t1 - t0, 1), "cross_article": round(t2 - t1, 1)}


def evaluate(folder: Path = DEFAULT, workdir: Path | None = None, reuse: bool = False,
             clusters: Sequence[str] = ()) -> dict:
    golds = [g for g in load_gold(folder) if not clusters or g.cluster in clusters]
    per_story, ours, base = {}, [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        nlp = None
        for g in golds:
            if nlp is None and not (reuse and (work / f"{g.cluster}.db").exists()):
                from ..nlp.pipeline import NLP

                nlp = NLP(Config(db=":memory:"))
            dossier, texts, spans, seconds = run_pipeline(g, work, reuse=reuse, nlp=nlp)
            mine, theirs = score(g, texts, dossier), score(g, texts, baseline(spans, texts))
            ours.append(mine)
            base.append(theirs)
            per_story[g.cluster] = {"read": g.cluster in READ_STORIES, "stories": dossier.stories,
                                    "recoupe": summarise([mine]), "baseline": summarise([theirs]),
                                    "seconds": seconds}
    read = [c for c in per_story if per_story[c]["read"]]
    return {
        "stories": len(golds),
        "overall": {"recoupe": summarise(ours), "baseline": summarise(base)},
        "read_stories": read,
        "scored_only": [c for c in per_story if c not in read],
        "per_story": per_story,
    }


@app.command("facts")
def eval_facts(
    folder: Annotated[Path, typer.Argument(exists=True, help="A folder with facts.jsonl (../rpm2 beside it).")] = DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    keep: Annotated[Path | None, typer.Option(help="Keep the stores here; with --reuse, cross-check them again.")] = None,
    reuse: Annotated[bool, typer.Option(help="Reuse the stores kept by --keep (no NLP).")] = False,
    story: Annotated[list[str] | None, typer.Option(help="Only these gold stories (repeatable).")] = None,
) -> None:
    """Fact pairs, corroboration and conflicts against the annotated alignments, beside a TF-IDF baseline."""
    result = evaluate(folder, keep, reuse, story or ())
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return

    def line(name: str, r: dict) -> str:
        cr = "n/a" if r["conflict_recall"] is None else f"{r['conflict_recall']:.2f}"
        cp = "n/a" if r["conflict_precision"] is None else f"{r['conflict_precision']:.2f}"
        return (f"  {name:9} pairs P {r['pair_precision']:.2f} R {r['pair_recall']:.2f} F1 {r['pair_f1']:.2f}  "
                f"corroboration {r['corroboration_recall']:.2f}  conflicts R {cr} "
                f"({r['rival_pairs_found']}/{r['rival_pairs']}) P {cp} ({r['conflicts_judged']} judged)  "
                f"facts {r['facts']}")

    for cluster, s in result["per_story"].items():
        label = "read" if s["read"] else "scored only"
        print(f"{cluster} ({label}; stories made: {s['stories']}; seconds {s['seconds']})")
        print(line("recoupe", s["recoupe"]))
        print(line("baseline", s["baseline"]))
    print("overall")
    print(line("recoupe", result["overall"]["recoupe"]))
    print(line("baseline", result["overall"]["baseline"]))
