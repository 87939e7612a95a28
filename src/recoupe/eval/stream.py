"""Article streams for the story evaluations: shared-format JSONL files and the seed folder, with gold labels.

Articles are read from ../shared at run time (never copied). Features come from the cheap path by default
(regex words + simplemma, the same normalisation as the pipeline's stored lemmas); `spacy=True` runs the
pipeline's own spaCy stage instead, to show both paths give the same stories.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..model import Article, Reject


@dataclass(slots=True)
class Item:
    article: Article
    gold: dict = field(default_factory=dict)


def read_jsonl(path: Path) -> list[Item]:
    """Shared-format lines {id, lang, title, text, date, gold}; bad lines are skipped."""
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                row = json.loads(line)
                text = row.get("text") or ""
                if not text.strip():
                    continue
                art = Article(id=str(row["id"]), source=f"{path}#{row['id']}", text=text,
                              language=(row.get("lang") or "fr").split("-")[0].lower(), title=row.get("title"),
                              published=row.get("date") or None)
            except (ValueError, KeyError, TypeError):
                continue
            items.append(Item(art, row.get("gold") or {}))
    return items


def read_seeds(folder: Path, config: Config | None = None) -> list[Item]:
    """The seed pages, cleaned by the pipeline's own `prepare`, as one more topic ("seeds")."""
    from ..ingest import read_paths
    from ..nlp.language import LanguageDetector
    from ..pipeline import prepare

    config = config or Config()
    detector = LanguageDetector()
    items = []
    for raw in read_paths([folder], config):
        if isinstance(raw, Reject):
            continue
        art = prepare(raw, detector, config)
        if not isinstance(art, Reject):
            items.append(Item(art, {"topic": "seeds", "cluster": "seeds"}))
    return items


def in_date_order(items: Iterable[Item]) -> list[Item]:
    """Undated articles first in file order, then dated ones by date (stable: file order breaks ties)."""
    items = list(items)
    return [i for i in items if not i.article.published] + sorted(
        (i for i in items if i.article.published), key=lambda i: i.article.published[:10])


def features(items: list[Item], spacy: bool = False, config: Config | None = None) -> list:
    from ..stories.features import from_analysis, from_text

    if not spacy:
        return [from_text(i.article) for i in items]
    from ..nlp.pipeline import NLP

    nlp = NLP(config or Config())
    analyses = nlp.analyse([i.article for i in items])
    return [from_analysis(i.article, a) for i, a in zip(items, analyses)]
