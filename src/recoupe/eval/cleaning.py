"""`recoupe eval cleaning`: cleaning and metadata against a corpus with an answer key (answers.yaml).

Scores: share of furniture strings removed, share of must-keep sentences (and kept-once captions/paragraphs)
still in the text, and accuracy of outlet, derived_from, published date and title.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from ..config import Config, examples_dir
from ..ingest import read_paths
from ..metadata import publication_date
from ..model import Reject
from ..nlp.language import LanguageDetector
from ..pipeline import prepare
from . import app
from .report import print_result
from .answers import answer_key

DEFAULT = examples_dir()


def _source(corpus: Path, a: dict) -> str:
    src = str(corpus / a["file"])
    if a.get("item") is not None:
        src += f":{a['item'] + 1}" if a["file"].endswith(".jsonl") else f"#{a['item'] + 1}"
    return src


def _flat(text: str) -> str:
    return " ".join(text.split())


def evaluate(folder: Path) -> dict:
    answers = answer_key(folder)
    corpus = folder / "corpus"
    config = Config()
    detector = LanguageDetector()
    raws = {d.source: d for d in read_paths([corpus], config) if not isinstance(d, Reject)}
    arts = {s: prepare(r, detector, config) for s, r in raws.items()}
    years = Counter(a.published[:4] for a in arts.values() if not isinstance(a, Reject) and a.published)
    context_year = int(years.most_common(1)[0][0]) if years else None
    counts = Counter()
    failures: list[str] = []
    for a in answers["articles"]:
        art = arts.get(_source(corpus, a))
        counts["articles"] += 1
        if art is None or isinstance(art, Reject):
            failures.append(f"{a['id']}: not read ({getattr(art, 'reason', 'missing')})")
            continue
        if art.published is None or len(art.published) < 10:
            guess = publication_date(art.published, art.text, context_year=context_year)
            published, inferred = guess.value or art.published, guess.inferred or art.published_inferred
        else:
            published, inferred = art.published, art.published_inferred
        text = _flat(art.text)
        for f in a.get("furniture", []):
            needle, allowed = _flat(f["text"]), f.get("max_after", 0)
            n = text.count(needle)
            counts["furniture"] += 1
            if n <= allowed:
                counts["furniture_ok"] += 1
            else:
                failures.append(f"{a['id']}: furniture kept ({f['kind']}): {needle[:70]}")
            if allowed:
                counts["kept_once"] += 1
                if n == 1:
                    counts["kept_once_ok"] += 1
                else:
                    failures.append(f"{a['id']}: lost ({f['kind']}): {needle[:70]}")
        for s in a.get("must_keep", []):
            counts["must_keep"] += 1
            if _flat(s) in text:
                counts["must_keep_ok"] += 1
            else:
                failures.append(f"{a['id']}: must-keep lost: {_flat(s)[:70]}")
        checks = {
            "outlet": (art.outlet, a["outlet"]),
            "derived_from": (art.derived_from, a["derived_from"]),
            "published": ((published or "")[:10], str(a["published"])[:10]),
            "published_inferred": (inferred, a["published_inferred"]),
            "title": (art.title, a["title"]),
            "language": (art.language, a["language"]),
        }
        for name, (got, want) in checks.items():
            counts[name + "_ok"] += got == want
            if got != want:
                failures.append(f"{a['id']}: {name} {got!r} != {want!r}")
    n = counts["articles"] or 1
    return {
        "articles": counts["articles"],
        "furniture_removed": round(counts["furniture_ok"] / max(1, counts["furniture"]), 4),
        "must_keep_kept": round(counts["must_keep_ok"] / max(1, counts["must_keep"]), 4),
        "kept_once_kept": round(counts["kept_once_ok"] / max(1, counts["kept_once"]), 4),
        **{f"{k}_accuracy": round(counts[k + "_ok"] / n, 4)
           for k in ("outlet", "derived_from", "published", "published_inferred", "title", "language")},
        "failures": failures,
    }


@app.command("cleaning")
def eval_cleaning(
    folder: Annotated[Path, typer.Argument(exists=True, help="A folder with corpus/ and answers.yaml.")] = DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Cleaning and metadata (outlet, date, title) against an answer key."""
    print_result(evaluate(folder), as_json)
