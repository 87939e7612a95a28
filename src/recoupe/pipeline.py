"""The main job: read inputs, make articles, analyse them, store them, then run the cross-article stages.

The CLI, the web app and the batch engines all call these functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .clean import clean, drop_outlet_lines
from .config import Config
from .ingest import read_paths
from .metadata import dateline_date, provenance, publication_date
from .model import Article, RawDocument, Reject
from .nlp.language import LanguageDetector
from .nlp.pipeline import NLP

Progress = Callable[[int], None]  # called with the number of inputs just handled


@dataclass
class RunReport:
    run: int | None = None
    added: int = 0
    skipped: int = 0  # already stored (same content)
    rejects: list[Reject] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # new articles, in input order


def article_id(raw: RawDocument) -> str:
    """Stable id: the same title and text always give the same id, wherever they come from."""
    body = " ".join((raw.title or "").split()) + "\n" + " ".join(raw.text.split())
    return "a-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def prepare(raw: RawDocument, detector: LanguageDetector, config: Config) -> Article | Reject:
    """Clean one raw document and read its metadata: the per-article work before NLP."""
    cleaned = clean(raw.text, raw.title)
    if not cleaned.text.strip():
        return Reject(raw.source, "no article text left once site furniture was removed")
    prov = provenance(cleaned.removed, raw.outlet, raw.author)
    cleaned = drop_outlet_lines(cleaned, prov.outlet)
    removed = raw.removed + cleaned.removed
    explicit = raw.published or dateline_date(cleaned.removed)
    date = publication_date(explicit, cleaned.text)
    declared = (raw.language or "").split("-")[0].lower() or None
    language = detector.detect(cleaned.text, default=declared or config.default_language)
    return Article(
        id=article_id(raw),
        source=raw.source,
        text=cleaned.text,
        language=language,
        title=cleaned.title,
        url=raw.url,
        outlet=prov.outlet,
        derived_from=prov.derived_from,
        published=date.value,
        published_inferred=date.inferred,
        author=prov.author,
        credits=prov.credits,
        removed=removed,
        format=raw.format,
    )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: Sequence[str | Path] | None,
    config: Config,
    store,
    nlp: NLP | None = None,
    progress: Progress | None = None,
    raws: Iterable[RawDocument | Reject] | None = None,
    command: str = "ingest",
) -> RunReport:
    """Read, clean, analyse and store; each batch of articles is one transaction. Bad inputs become rejects."""
    nlp = nlp or NLP(config)
    detector = LanguageDetector()
    report = RunReport(run=store.begin_run(command))
    inputs = raws if raws is not None else read_paths(paths or [], config)
    seen_in_run: set[str] = set()

    def prepared() -> Iterator[Article]:
        for item in inputs:
            if progress:
                progress(1)
            if isinstance(item, Reject):
                report.rejects.append(item)
                store.add_rejects(report.run, [item])
                continue
            try:
                art = prepare(item, detector, config)
            except Exception as exc:  # a bug on one odd input must not stop the run
                art = Reject(item.source, f"could not prepare article ({type(exc).__name__}: {exc})")
            if isinstance(art, Reject):
                report.rejects.append(art)
                store.add_rejects(report.run, [art])
                continue
            if art.id in seen_in_run or store.has_article(art.id):
                report.skipped += 1
                continue
            seen_in_run.add(art.id)
            previous = store.current_revision(art.url or art.source)
            if previous is not None:
                art = replace(art, revision=previous[1] + 1, supersedes=previous[0])
            yield art

    for batch in _batches(prepared(), config.batch_size):
        try:
            analyses = nlp.analyse(batch)
        except Exception as exc:  # fall back to one at a time so one bad article is one reject
            analyses = []
            kept = []
            for art in batch:
                try:
                    analyses.extend(nlp.analyse([art]))
                    kept.append(art)
                except Exception as one_exc:  # noqa: PERF203
                    rej = Reject(art.source, f"analysis failed ({type(one_exc).__name__}: {one_exc})")
                    report.rejects.append(rej)
                    store.add_rejects(report.run, [rej])
            batch = kept
            del exc
        report.added += store.add(list(zip(batch, analyses)))
        report.article_ids.extend(a.id for a in batch)
    store.finish_run(report.run, report.added, report.skipped, len(report.rejects))
    return report


def update_stories(store, config: Config, new_ids: Sequence[str] | None = None, rebuild: bool = False) -> list:
    """The cross-article stages: provenance, entities, stories, cross-checking. Returns the stories."""
    from .stories import update

    return update(store, config, new_ids=new_ids, rebuild=rebuild)
