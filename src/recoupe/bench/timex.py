"""`recoupe bench timex`: time expressions per document on one core, beside dateparser's `search_dates`.

Documents are French TimeBank's (news items of ~800 characters), cycled to the requested count; without the
shared data, ~800-character pieces of the bundled example corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..config import examples_dir, shared_dir
from . import app
from .measure import measure

DEFAULT_FTIB = shared_dir() / "eval" / "ftib" / "ftib.jsonl"


def documents(path: Path) -> list[tuple[str, str | None]]:
    """(text, document date) pairs."""
    if path.exists():
        return [(d["text"], d.get("dct")) for d in map(json.loads, path.open(encoding="utf-8")) if d.get("text")]
    docs = []
    for p in sorted((examples_dir() / "corpus").glob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        docs += [(text[i:i + 800], "2025-03-12") for i in range(0, len(text), 800)]
    return docs


def _ours(docs: list[tuple[str, str | None]]) -> int:
    from ..nlp.timex import tag

    return sum(len(tag(text, "fr", dct)) for text, dct in docs)


def _dateparser(docs: list[tuple[str, str | None]]) -> int:
    from datetime import datetime

    from dateparser.search import search_dates

    n = 0
    for text, dct in docs:
        settings = {"RELATIVE_BASE": datetime.fromisoformat(dct)} if dct and len(dct) == 10 else {}
        n += len(search_dates(text, languages=["fr"], settings=settings) or [])
    return n


@app.command("timex")
def bench_timex(
    n: Annotated[int, typer.Option(help="Documents for recoupe's tagger.")] = 5000,
    baseline_n: Annotated[int, typer.Option(help="Documents for dateparser (much slower).")] = 300,
    path: Annotated[Path, typer.Option(help="JSON lines with text and dct (French TimeBank).")] = DEFAULT_FTIB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Time expression tagging: documents/s and peak memory, recoupe vs dateparser.search_dates, one core each."""
    pool = documents(path)
    ours_docs = [pool[i % len(pool)] for i in range(n)]
    base_docs = [pool[i % len(pool)] for i in range(baseline_n)]
    avg_chars = sum(len(t) for t, _ in ours_docs) / max(1, n)
    ours_s, ours_mb, ours_found = measure(_ours, ours_docs)
    base_s, base_mb, base_found = measure(_dateparser, base_docs)
    result = {
        "documents": n, "avg_chars": round(avg_chars),
        "recoupe": {"seconds": round(ours_s, 3), "docs_per_s": round(n / ours_s, 1), "peak_mib": round(ours_mb, 1),
                    "expressions": ours_found},
        "dateparser": {"documents": baseline_n, "seconds": round(base_s, 3),
                       "docs_per_s": round(baseline_n / base_s, 1), "peak_mib": round(base_mb, 1),
                       "expressions": base_found},
    }
    result["speedup"] = round(result["recoupe"]["docs_per_s"] / max(1e-9, result["dateparser"]["docs_per_s"]), 1)
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n} documents of ~{avg_chars:.0f} characters (dateparser: {baseline_n})")
    print(f"  recoupe timex       : {result['recoupe']['docs_per_s']:9.1f} docs/s  "
          f"peak {result['recoupe']['peak_mib']:.0f} MiB  ({ours_found} expressions)")
    print(f"  dateparser (search) : {result['dateparser']['docs_per_s']:9.1f} docs/s  "
          f"peak {result['dateparser']['peak_mib']:.0f} MiB  ({base_found} expressions)")
    print(f"  {result['speedup']}x dateparser's speed (aim: ≥ 500 docs/s)")
