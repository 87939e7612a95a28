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


def _ours(docs: list[tuple[str, str | None]]) -> tuple[int, float]:
    """(expressions found, CPU seconds): CPU time stays fair when other jobs share the cores."""
    import time

    from ..nlp.timex import tag

    t0 = time.process_time()
    n = sum(len(tag(text, "fr", dct)) for text, dct in docs)
    return n, time.process_time() - t0


def _dateparser(docs: list[tuple[str, str | None]]) -> tuple[int, float]:
    import time
    from datetime import datetime

    from dateparser.search import search_dates

    t0 = time.process_time()
    n = 0
    for text, dct in docs:
        settings = {"RELATIVE_BASE": datetime.fromisoformat(dct)} if dct and len(dct) == 10 else {}
        n += len(search_dates(text, languages=["fr"], settings=settings) or [])
    return n, time.process_time() - t0


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
    ours_s, ours_mb, (ours_found, ours_cpu) = measure(_ours, ours_docs)
    base_s, base_mb, (base_found, base_cpu) = measure(_dateparser, base_docs)
    result = {
        "documents": n, "avg_chars": round(avg_chars),
        "recoupe": {"seconds": round(ours_s, 3), "docs_per_s": round(n / ours_s, 1),
                    "docs_per_cpu_s": round(n / ours_cpu, 1), "peak_mib": round(ours_mb, 1),
                    "expressions": ours_found},
        "dateparser": {"documents": baseline_n, "seconds": round(base_s, 3),
                       "docs_per_s": round(baseline_n / base_s, 1), "docs_per_cpu_s": round(baseline_n / base_cpu, 1),
                       "peak_mib": round(base_mb, 1), "expressions": base_found},
    }
    result["speedup"] = round(result["recoupe"]["docs_per_s"] / max(1e-9, result["dateparser"]["docs_per_s"]), 1)
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n} documents of ~{avg_chars:.0f} characters (dateparser: {baseline_n})")
    for name, label in (("recoupe", "recoupe timex      "), ("dateparser", "dateparser (search)")):
        r = result[name]
        print(f"  {label} : {r['docs_per_s']:9.1f} docs/s wall, {r['docs_per_cpu_s']:9.1f} per CPU second  "
              f"peak {r['peak_mib']:.0f} MiB  ({r['expressions']} expressions)")
    print(f"  {result['speedup']}x dateparser's speed (aim: ≥ 500 docs/s)")
