"""`recoupe eval timex`: time expressions against French TimeBank (TempEval-3 measures).

Spans match strictly (same start and end) or relaxed (overlap, one system expression per gold one). Attribute
F1 follows TempEval-3: relaxed F1 × the share of relaxed matches whose attribute (value, type) is right.

`--halves` splits the documents in two fixed halves (sorted by `doc_id`, even positions half A, odd positions
half B) and scores each. Beside the whole grammar, each half is scored by two reduced grammars: the classes of
expressions (TIMEX3 guidelines: calendar, deictic, anaphoric, weekday, clock, duration, set, vague) of which the
*other* half has a right example, and, harsher, only the rules that find a right expression in the other half.
That is what a grammar written while reading only the other half could contain, so a rule that exists for one
annotated instance cannot lift its own half.
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


def recoupe_tagger(language: str = "fr", rules: frozenset[str] | None = None):
    from ..nlp.timex import tag

    def run(text: str, dct: str | None) -> list[dict]:
        return [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "rule": t.rule}
                for t in tag(text, language, dct, rules=rules)]

    return run


def halves(docs: list[dict]) -> dict[str, list[dict]]:
    """The fixed split: documents sorted by id, even positions half A, odd positions half B."""
    ordered = sorted(docs, key=lambda d: d["doc_id"])
    return {"A": ordered[0::2], "B": ordered[1::2]}


def rules_supported(docs: list[dict], language: str = "fr") -> dict[str, int]:
    """Rule name → number of gold expressions of `docs` it finds with the right span overlap and value."""
    tagger = recoupe_tagger(language)
    support: dict[str, int] = {}
    for doc in docs:
        _, relaxed = match(doc["timex"], tagger(doc["text"], doc.get("dct")))
        for g, s in relaxed:
            if g["value"] == s["value"]:
                support[s["rule"]] = support.get(s["rule"], 0) + 1
    return support


def score_halves(docs: list[dict], language: str = "fr") -> dict:
    """Each half scored by the whole grammar and by the rules the other half supports (see the module doc)."""
    from ..nlp.timex.tagger import rule_classes

    classes = rule_classes(language)
    split = halves(docs)
    support = {name: rules_supported(part, language) for name, part in split.items()}
    out: dict = {"split": "documents sorted by doc_id; even positions A, odd positions B"}
    drop = lambda r: {k: v for k, v in r.items() if k != "errors"}  # noqa: E731
    for name, part in split.items():
        other = "B" if name == "A" else "A"
        rules = frozenset(support[other])
        kept_classes = {classes.get(r, r) for r in rules}
        by_class = frozenset(r for r in classes if classes[r] in kept_classes) | rules
        out[name] = {
            "documents": len(part), "gold": sum(len(d["timex"]) for d in part),
            "whole_grammar": drop(score(part, recoupe_tagger(language))),
            "classes_of_other_half": drop(score(part, recoupe_tagger(language, by_class))),
            "rules_of_other_half": drop(score(part, recoupe_tagger(language, rules))),
            "classes_only_here": sorted({classes.get(r, r) for r in support[name]} - kept_classes),
            "rules_only_here": sorted(set(support[name]) - rules),
        }
    return out


@app.command("timex")
def eval_timex(
    path: Annotated[Path, typer.Argument(exists=True, help="TimeML as JSON lines: text, dct, timex [{start, end, type, value}].")]
    = DEFAULT,
    language: Annotated[str, typer.Option(help="Language of the texts.")] = "fr",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every miss, extra and wrong value.")] = False,
    by_halves: Annotated[bool, typer.Option("--halves", help="Score two fixed halves of the documents, each also "
                                            "with only the rules the other half supports.")] = False,
) -> None:
    """Time expressions: strict/relaxed span P/R/F1, value and type F1 (TempEval-3)."""
    if by_halves:
        _print_halves(score_halves(load(path), language), as_json)
        return
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
    print("  reference on this set: HeidelTime strict 0.816, value F1 0.726; aims strict ≥ 0.90, value ≥ 0.85")
    if errors:
        for e in result["errors"]:
            print("  -", e)


def _print_halves(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"split: {result['split']}")
    for name in ("A", "B"):
        half = result[name]
        other = "B" if name == "A" else "A"
        print(f"half {name}: {half['documents']} documents, {half['gold']} gold expressions")
        for label, key in (("whole grammar", "whole_grammar"),
                           (f"classes found right on half {other}", "classes_of_other_half"),
                           (f"rules found right on half {other}", "rules_of_other_half")):
            s = half[key]
            print(f"  {label:30} strict F1 {s['strict_f1']:.3f}  relaxed F1 {s['relaxed_f1']:.3f}  "
                  f"value F1 {s['value_f1']:.3f}  type F1 {s['type_f1']:.3f}")
        print(f"  classes right only on half {name}: {', '.join(half['classes_only_here']) or 'none'}")
        print(f"  rules right only on half {name}: {', '.join(half['rules_only_here']) or 'none'}")
