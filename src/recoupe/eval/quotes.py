"""`recoupe eval quotes`: quote spans and speakers against hand-made gold.

Overlap of a predicted and a gold span = shared characters / the longer span; predicted and gold quotes are
paired one to one, best overlap first. Precision, recall and F1 at overlap >= 0.3 and >= 0.8; speaker accuracy
over the pairs at >= 0.3 whose gold speaker is known: right when the resolved name equals the gold one after
case/accent folding, or the gold name is one of the names the article uses for the resolved speaker (or an
alias in the alias file). On an answer key that lists each entity's spellings (the examples),
speaker_accuracy_key_spellings also counts right a speaker named by another of the key's spellings of the gold
entity ("Thibaut" for "Thibault", an English spelling): the article alone cannot tell they are one person.

Takes the shared dev set (JSON Lines: text + quotes) or a corpus folder with an answers.yaml (the examples).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, examples_dir, shared_dir
from . import app
from .answers import answer_key

DEFAULT = shared_dir() / "eval" / "quotes" / "dev.jsonl"
THRESHOLDS = (0.3, 0.8)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return max(0, shared) / longer if longer > 0 else 0.0


def pair(gold: list[tuple[int, int]], pred: list[tuple[int, int]], threshold: float) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) with overlap >= threshold, best overlap first."""
    cands = sorted(
        ((overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred) if
         g[0] < p[1] and p[0] < g[1]),
        reverse=True,
    )
    used_g, used_p, out = set(), set(), []
    for ov, gi, pi in cands:
        if ov < threshold or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def locate(text: str, quotes: list[str]) -> list[tuple[int, int] | None]:
    """Offsets of gold spans given in text order (a repeated string is found after the previous one).
    No-break and thin spaces match plain ones (a cleaner or an answer key may write either)."""
    text = text.translate(_SPACES)
    out, cursor = [], 0
    for q in quotes:
        q = q.translate(_SPACES)
        at = text.find(q, cursor)
        if at < 0:
            at = text.find(q)
        out.append((at, at + len(q)) if at >= 0 else None)
        if at >= 0:
            cursor = at
    return out


def speaker_right(got: str | None, want: str, entities, aliases, spellings=()) -> bool:
    """The resolved name is right when it equals the gold one after folding, or the gold is one of the names
    the article uses for the resolved entity, or one of its aliases; with `spellings` (an answer key's other
    spellings of the gold entity), any of those counts too."""
    from ..nlp.quotes.speakers import fold

    if not got:
        return False
    names = {fold(got)}
    for e in entities:
        if e.name == got:
            names |= {fold(f) for f in e.forms}
    names |= {fold(a) for a in aliases.names_of(got)}
    return fold(want) in names or bool(names & {fold(a) for a in spellings})


def load_dev(path: Path) -> list[dict]:
    """[{id, text, language, gold: [{start, end, speaker (None when unknown)}]}] from the shared JSON Lines."""
    docs = []
    for line in path.open(encoding="utf-8"):
        if not line.strip():
            continue
        row = json.loads(line)
        spans = locate(row["text"], [q["quote"] for q in row["quotes"]])
        gold = [
            {"start": s[0], "end": s[1], "speaker": None if q["speaker"] == "UNKNOWN" else q["speaker"],
             "type": q["type"]}
            for q, s in zip(row["quotes"], spans) if s is not None
        ]
        docs.append({"id": row["id"], "text": row["text"], "language": row.get("lang") or "fr", "title": row.get(
            "title"), "gold": gold})
    return docs


def load_examples(folder: Path) -> list[dict]:
    """The example corpus, cleaned as the pipeline cleans it, with the quotes of its answer key."""
    from ..ingest import read_paths
    from ..model import Reject
    from ..nlp.language import LanguageDetector
    from ..pipeline import prepare
    from .cleaning import _source

    answers = answer_key(folder)
    spellings = {e["name"]: e.get("aliases", []) for e in answers.get("entities", [])}
    corpus = folder / "corpus"
    config = Config()
    raws = {d.source: d for d in read_paths([corpus], config) if not isinstance(d, Reject)}
    detector = LanguageDetector()
    docs = []
    for a in answers["articles"]:
        raw = raws.get(_source(corpus, a))
        art = prepare(raw, detector, config) if raw else None
        if art is None or isinstance(art, Reject):
            continue
        texts, speakers, types = [], [], []
        for q in a.get("quotes", []):
            for part in q.get("parts") or [q["text"]]:
                texts.append(part)
                speakers.append(q.get("speaker_name"))
                types.append(q["type"])
        spans = locate(art.text, texts)
        gold = [{"start": s[0], "end": s[1], "speaker": sp, "type": t, "spellings": spellings.get(sp, [])}
                for s, sp, t in zip(spans, speakers, types) if s is not None]
        docs.append({"id": a["id"], "text": art.text, "language": art.language, "title": art.title, "gold": gold,
                     "missing": sum(1 for s in spans if s is None)})
    return docs


def evaluate(path: Path, config: Config | None = None, nlp=None) -> dict:
    from ..entities.aliases import AliasTable
    from ..model import Article
    from ..nlp.article_entities import local_entities
    from ..nlp.pipeline import NLP
    config = config or Config()
    docs = load_examples(path) if path.is_dir() or path.suffix in {".yaml", ".yml"} else load_dev(path)
    nlp = nlp or NLP(config)
    articles = [Article(id=f"a-eval-{i}", source=d["id"], text=d["text"], language=d["language"], title=d["title"])
                for i, d in enumerate(docs)]
    analyses = nlp.analyse(articles)
    aliases = AliasTable.load(config.alias_file)
    counts = {t: [0, 0, 0] for t in THRESHOLDS}  # matched, predicted, gold
    speaker_right_n = speaker_total = 0
    right_by_key_spellings = 0  # the resolved speaker also right when named by another spelling of the key
    errors = []
    for d, analysis in zip(docs, analyses):
        pred = list(analysis.quotes)
        gold = d["gold"]
        g_spans = [(g["start"], g["end"]) for g in gold]
        p_spans = [(q.start, q.end) for q in pred]
        ents, _ = local_entities(d["text"], list(analysis.mentions))
        for t in THRESHOLDS:
            pairs = pair(g_spans, p_spans, t)
            counts[t][0] += len(pairs)
            counts[t][1] += len(pred)
            counts[t][2] += len(gold)
        for gi, pi in pair(g_spans, p_spans, THRESHOLDS[0]):
            want = gold[gi]["speaker"]
            if not want:
                continue
            speaker_total += 1
            got = pred[pi].speaker_name
            if speaker_right(got, want, ents, aliases, gold[gi].get("spellings", ())):
                right_by_key_spellings += 1
            if speaker_right(got, want, ents, aliases):
                speaker_right_n += 1
            else:
                errors.append(f"{d['id']}: speaker {got!r} != {want!r} for {d['text'][g_spans[gi][0]:][:60]!r}")
    result = {}
    for t in THRESHOLDS:
        m, p, g = counts[t]
        prec = m / p if p else 0.0
        rec = m / g if g else 0.0
        result[f"p@{t}"] = round(100 * prec, 2)
        result[f"r@{t}"] = round(100 * rec, 2)
        result[f"f1@{t}"] = round(200 * prec * rec / (prec + rec), 2) if prec + rec else 0.0
    result["speaker_accuracy"] = round(100 * speaker_right_n / speaker_total, 2) if speaker_total else 0.0
    if any(g.get("spellings") for d in docs for g in d["gold"]):  # an answer key lists each entity's spellings
        result["speaker_accuracy_key_spellings"] = (
            round(100 * right_by_key_spellings / speaker_total, 2) if speaker_total else 0.0)
    result.update({"articles": len(docs), "gold": counts[THRESHOLDS[0]][2], "predicted": counts[THRESHOLDS[0]][1],
                   "speakers_scored": speaker_total, "speaker_errors": errors})
    return result


@app.command("quotes")
def eval_quotes(
    path: Annotated[Path, typer.Argument(exists=True, help="dev.jsonl (text + gold quotes) or a corpus folder with answers.yaml"
                                         )] = DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list wrong speakers.")] = False,
    cv: Annotated[bool, typer.Option("--cv", help="Also the speaker accuracy of the ranking model cross-validated "
                                     "by article over quotes/dev.jsonl + dev2.jsonl (each article scored by a model "
                                     "fitted without it).")] = False,
) -> None:
    """Quote span P/R/F1 at overlap >= 0.3 and >= 0.8, and speaker accuracy."""
    result = evaluate(path)
    if cv:
        from .speakers import build_samples, cross_validate, default_paths

        result["cross_validated"] = cross_validate(build_samples(default_paths()))
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{result['articles']} articles, {result['gold']} gold quotes, {result['predicted']} predicted")
    for t in THRESHOLDS:
        print(f"  overlap >= {t}:  P {result[f'p@{t}']:6.2f}  R {result[f'r@{t}']:6.2f}  F1 {result[f'f1@{t}']:6.2f}")
    print(f"  speaker right: {result['speaker_accuracy']:.2f}% of {result['speakers_scored']} matched quotes")
    if "speaker_accuracy_key_spellings" in result:
        print(f"  speaker right, any spelling of the answer key: {result['speaker_accuracy_key_spellings']:.2f}%")
    if cv:
        for key, v in result["cross_validated"].items():
            if isinstance(v, dict):
                print(f"  cross-validated by article, {key}: speaker right {v['speaker_accuracy']:.2f}% of "
                      f"{v['scored']} (rules alone {v['rules_accuracy']:.2f}%)")
    if errors:
        for e in result["speaker_errors"]:
            print("  -", e)


EXAMPLES = examples_dir()
