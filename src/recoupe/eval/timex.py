"""`recoupe eval timex`: time expressions against French TimeBank (TempEval-3 measures).

Spans match strictly (same start and end) or relaxed (overlap, one system expression per gold one). Attribute
F1 follows TempEval-3: relaxed F1 × the share of relaxed matches whose attribute (value, type) is right.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..config import shared_dir
from . import app

DEFAULT = shared_dir() / "eval" / "ftib" / "ftib.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _prf(matched_sys: int, matched_gold: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = matched_sys / n_sys if n_sys else 0.0
    r = matched_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(gold: list[dict], system: list[dict]) -> tuple[int, list[tuple[dict, dict]]]:
    """(strict matches, relaxed one-to-one pairs by largest overlap)."""
    strict = len({(g["start"], g["end"]) for g in gold} & {(s["start"], s["end"]) for s in system})
    pairs = []
    for g in gold:
        for s in system:
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if overlap > 0:
                pairs.append((overlap, id(g), id(s), g, s))
    used_g: set[int] = set()
    used_s: set[int] = set()
    relaxed = []
    for _, gi, si, g, s in sorted(pairs, key=lambda x: -x[0]):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        relaxed.append((g, s))
    return strict, relaxed


def score(docs: list[dict], tagger) -> dict:
    """`tagger(text, dct) -> [{start, end, type, value}]`; returns the TempEval-3 figures and the errors."""
    n_gold = n_sys = n_strict = n_relaxed = value_ok = type_ok = 0
    errors: list[str] = []
    for doc in docs:
        gold = doc["timex"]
        system = tagger(doc["text"], doc.get("dct"))
        strict, relaxed = match(gold, system)
        n_gold += len(gold)
        n_sys += len(system)
        n_strict += strict
        n_relaxed += len(relaxed)
        for g, s in relaxed:
            value_ok += g["value"] == s["value"]
            type_ok += g["type"] == s["type"]
            if g["value"] != s["value"] or (g["start"], g["end"]) != (s["start"], s["end"]):
                errors.append(f"{doc['doc_id']}: gold {g['text']!r} {g['type']} {g['value']} | "
                              f"system {s['text']!r} {s['type']} {s['value']}")
        got = {id(s) for _, s in relaxed}
        hit = {id(g) for g, _ in relaxed}
        errors += [f"{doc['doc_id']}: missed {g['text']!r} {g['type']} {g['value']}" for g in gold if id(g) not in hit]
        errors += [f"{doc['doc_id']}: extra {s['text']!r} {s['type']} {s['value']}" for s in system if id(s) not in got]
    sp, sr, sf = _prf(n_strict, n_strict, n_sys, n_gold)
    rp, rr, rf = _prf(n_relaxed, n_relaxed, n_sys, n_gold)
    value_acc = value_ok / n_relaxed if n_relaxed else 0.0
    type_acc = type_ok / n_relaxed if n_relaxed else 0.0
    r4 = lambda x: round(x, 4)  # noqa: E731
    return {
        "documents": len(docs), "gold": n_gold, "system": n_sys,
        "strict_precision": r4(sp), "strict_recall": r4(sr), "strict_f1": r4(sf),
        "relaxed_precision": r4(rp), "relaxed_recall": r4(rr), "relaxed_f1": r4(rf),
        "value_accuracy": r4(value_acc), "type_accuracy": r4(type_acc),
        "value_f1": r4(rf * value_acc), "type_f1": r4(rf * type_acc),
        "errors": errors,
    }


def recoupe_tagger(language: str = "fr"):
    from ..nlp.timex import tag

    def run(text: str, dct: str | None) -> list[dict]:
        return [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                for t in tag(text, language, dct)]

    return run


@app.command("timex")
def eval_timex(
    path: Annotated[Path, typer.Argument(exists=True, help="TimeML as JSON lines: text, dct, timex [{start, end, type, value}].")]
    = DEFAULT,
    language: Annotated[str, typer.Option(help="Language of the texts.")] = "fr",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every miss, extra and wrong value.")] = False,
) -> None:
    """Time expressions: strict/relaxed span P/R/F1, value and type F1 (TempEval-3)."""
    result = score(load(path), recoupe_tagger(language))
    if as_json:
        print(json.dumps({k: v for k, v in result.items() if errors or k != "errors"}, ensure_ascii=False))
        return
    print(f"{result['documents']} documents, {result['gold']} gold expressions, {result['system']} found")
    for kind in ("strict", "relaxed"):
        print(f"  {kind:8} P {result[kind + '_precision']:.3f}  R {result[kind + '_recall']:.3f}  "
              f"F1 {result[kind + '_f1']:.3f}")
    print(f"  value F1 {result['value_f1']:.3f} (accuracy {result['value_accuracy']:.3f})   "
          f"type F1 {result['type_f1']:.3f} (accuracy {result['type_accuracy']:.3f})")
    print("  reference on this half: HeidelTime strict 0.816, value F1 0.726; aims strict ≥ 0.88, value ≥ 0.80")
    if errors:
        for e in result["errors"]:
            print("  -", e)
