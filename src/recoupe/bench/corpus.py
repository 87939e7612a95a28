"""Generated benchmark corpora: real paragraphs recombined into messy scraped articles.

Paragraphs come from the bundled example corpus and, when present, the French articles under
../shared/eval (read at run time, never copied into the repository).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from ..model import RawDocument

FURNITURE = [
    "Lire aussi : Les dernières nouvelles de la région",
    "Publicité",
    "Partager sur Facebook Twitter",
    "NewsletterRecevez toute l'actualité directement dans votre boite mail Je m'abonne",
    "Comment (0)",
    "Source link",
]


def paragraphs(shared: Path | None, examples: Path | None) -> list[str]:
    paras: list[str] = []
    if shared is not None:
        for name in ("rpm2/articles.jsonl", "quotes/dev.jsonl"):
            path = shared / "eval" / name
            if path.exists():
                for line in path.open(encoding="utf-8"):
                    text = json.loads(line).get("text") or ""
                    paras.extend(p.strip() for p in text.split("\n") if len(p.strip()) > 80)
    if examples is not None and examples.exists():
        for path in sorted(examples.rglob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            paras.extend(p.strip() for p in text.split("\n") if len(p.strip()) > 80)
    return paras


def generate(n: int, paras: list[str], seed: int = 7) -> list[RawDocument]:
    """n articles of 4–9 paragraphs each, with furniture lines and a date line, deterministic for a seed."""
    if not paras:
        raise ValueError("no paragraphs to build a corpus from")
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        body = rng.sample(paras, k=min(len(paras), rng.randint(4, 9)))
        lines = [f"Titre {i}: " + body[0][:70], f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.2024 - 09:{i % 60:02d}"]
        for p in body:
            lines.append(p)
            if rng.random() < 0.3:
                lines.append(rng.choice(FURNITURE))
        if rng.random() < 0.3:
            lines.append(body[1] if len(body) > 1 else body[0])  # a repeated paragraph
        lines.append(rng.choice(["AFP", "ATS", "by Gen News", "Par : Radio Bench Suivre"]))
        docs.append(RawDocument(source=f"bench/{i:06d}.txt", text="\n\n".join(lines), format="txt"))
    return docs
