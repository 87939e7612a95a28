"""The per-article stages: read, clean and read metadata (`prepare`), then spaCy and the components (`analyse`).

Each is a function of model objects; `safely` variants turn a failure on one input into a reject (the reject
boundary: everything below may raise, nothing above has to catch).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from ..clean import clean, drop_outlet_lines
from ..config import Config
from ..metadata import dateline_date, provenance, publication_date
from ..model import Analysis, Article, RawDocument, Reject, Removed
from ..nlp.language import LanguageDetector
from ..nlp.pipeline import NLP
from ..store.codec import storable

log = logging.getLogger(__name__)

def article_id(raw: RawDocument) -> str:
    """Stable id: the same title and text always give the same id, wherever they come from."""
    body = " ".join((raw.title or "").split()) + "\n" + " ".join(raw.text.split())
    return "a-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def prepare(raw: RawDocument, detector: LanguageDetector, config: Config) -> Article | Reject:
    """Clean one raw document and read its metadata: the per-article work before NLP."""
    raw = _storable_raw(raw)
    cleaned = clean(raw.text, raw.title, config.clean)
    if not cleaned.text.strip():
        return Reject(raw.source, "no article text left once site furniture was removed")
    prov = provenance(cleaned.removed, raw.outlet, raw.author)
    cleaned = drop_outlet_lines(cleaned, prov.outlet)
    removed = raw.removed + cleaned.removed
    explicit = raw.published or dateline_date(cleaned.removed)
    declared = (raw.language or "").split("-")[0].lower() or None
    language = detector.detect(cleaned.text, default=declared or config.default_language)
    date = publication_date(explicit, cleaned.text, language=language, params=config.time)
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
        published_evidence=date.evidence,
        published_confidence=date.confidence,
        author=prov.author,
        credits=prov.credits,
        removed=removed,
        format=raw.format,
    )


def _storable_raw(raw: RawDocument) -> RawDocument:
    """Input text as every store can keep it (see store.codec.storable)."""
    fields = ("source", "text", "title", "url", "outlet", "published", "language", "author")
    changes = {f: storable(getattr(raw, f)) for f in fields if storable(getattr(raw, f)) != getattr(raw, f)}
    if any(storable(r.text) != r.text for r in raw.removed):
        changes["removed"] = tuple(Removed(r.kind, storable(r.text)) for r in raw.removed)
    return replace(raw, **changes) if changes else raw


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def prepare_safely(raw: RawDocument, detector: LanguageDetector, config: Config) -> Article | Reject:
    try:
        return prepare(raw, detector, config)
    except Exception as exc:  # the reject boundary: a bug on one odd input must not stop the run
        log.debug("prepare failed on %s", raw.source, exc_info=True)
        return Reject(raw.source, f"could not prepare article ({type(exc).__name__}: {exc})")


def prepare_all(
    inputs: Iterable[RawDocument | Reject], detector: LanguageDetector, config: Config, timings: dict[str, float]
) -> Iterator[Article | Reject]:
    """One result per input, in order: its article, or a reject (an input that already is a reject passes)."""
    inputs = iter(inputs)
    while (item := timed(timings, "read", next, inputs, None)) is not None:
        yield item if isinstance(item, Reject) else timed(timings, "prepare", prepare_safely, item, detector, config)


def analyse_safely(nlp: NLP, batch: Sequence[Article]) -> list[Analysis | Reject]:
    """Analyses in batch order; when the batch fails, one at a time, so one bad article is one reject."""
    try:
        return list(nlp.analyse(batch))
    except Exception:  # the reject boundary: find the article that fails, one at a time
        log.debug("analysis of a batch failed: retrying its articles one by one", exc_info=True)
        out: list[Analysis | Reject] = []
        for art in batch:
            try:
                out.extend(nlp.analyse([art]))
            except Exception as exc:  # noqa: PERF203
                log.debug("analysis failed on %s", art.source, exc_info=True)
                out.append(Reject(art.source, f"analysis failed ({type(exc).__name__}: {exc})"))
        return out


def timed(timings: dict[str, float], stage: str, fn, *args):
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - t0


