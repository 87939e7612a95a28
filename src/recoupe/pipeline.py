"""The main job: read inputs, make articles, analyse them, store them, then run the cross-article stages.

The CLI, the web app and the batch engines all call these functions.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .clean import clean, drop_outlet_lines
from .config import Config
from .ingest import read_paths
from .metadata import dateline_date, provenance, publication_date
from .model import Analysis, Article, RawDocument, Reject, Removed
from .nlp.language import LanguageDetector
from .nlp.pipeline import NLP
from .store.codec import storable

Progress = Callable[[int], None]  # called with the number of inputs just handled


@dataclass
class RunReport:
    run: int | None = None
    added: int = 0
    skipped: int = 0  # already stored (same content)
    rejects: list[Reject] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # new articles, in input order
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (summed over workers)


def article_id(raw: RawDocument) -> str:
    """Stable id: the same title and text always give the same id, wherever they come from."""
    body = " ".join((raw.title or "").split()) + "\n" + " ".join(raw.text.split())
    return "a-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def prepare(raw: RawDocument, detector: LanguageDetector, config: Config) -> Article | Reject:
    """Clean one raw document and read its metadata: the per-article work before NLP."""
    raw = _storable_raw(raw)
    cleaned = clean(raw.text, raw.title)
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


def _batches(items: Iterable, size: int) -> Iterator[list]:
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
    except Exception as exc:  # a bug on one odd input must not stop the run
        return Reject(raw.source, f"could not prepare article ({type(exc).__name__}: {exc})")


def prepare_all(
    inputs: Iterable[RawDocument | Reject], detector: LanguageDetector, config: Config, timings: dict[str, float]
) -> Iterator[Article | Reject]:
    """One result per input, in order: its article, or a reject (an input that already is a reject passes)."""
    inputs = iter(inputs)
    while (item := _timed(timings, "read", next, inputs, None)) is not None:
        yield item if isinstance(item, Reject) else _timed(timings, "prepare", prepare_safely, item, detector, config)


def analyse_safely(nlp: NLP, batch: Sequence[Article]) -> list[Analysis | Reject]:
    """Analyses in batch order; when the batch fails, one at a time, so one bad article is one reject."""
    try:
        return list(nlp.analyse(batch))
    except Exception:
        out: list[Analysis | Reject] = []
        for art in batch:
            try:
                out.extend(nlp.analyse([art]))
            except Exception as exc:  # noqa: PERF203
                out.append(Reject(art.source, f"analysis failed ({type(exc).__name__}: {exc})"))
        return out


class StoreWriter:
    """The store side of ingest, shared by every engine: it skips what is already stored, numbers revisions,
    and writes articles with their analyses in batches of `config.batch_size`, one transaction each."""

    def __init__(self, store, config: Config, command: str) -> None:
        self.store = store
        self.config = config
        self.report = RunReport(run=store.begin_run(command))
        self.seen_in_run: set[str] = set()
        self.latest: dict[str, tuple[str, int]] = {}  # source or URL -> (id, revision) admitted in this run
        self.pending: list[tuple[Article, Analysis]] = []
        self.timings = self.report.timings

    def reject(self, item: Reject) -> None:
        self.report.rejects.append(item)
        self.store.add_rejects(self.report.run, [item])

    def skip(self, article_id: str) -> None:
        self.report.skipped += 1
        self.seen_in_run.add(article_id)

    def admit(self, art: Article) -> Article | None:
        """The article to analyse and store (with its revision number), or None when it is already stored."""
        if art.id in self.seen_in_run or self.store.has_article(art.id):
            self.report.skipped += 1
            return None
        self.seen_in_run.add(art.id)
        key = art.url or art.source
        # an earlier revision admitted in this run may not be written yet (same batch): it is the newest
        previous = self.latest.get(key) or self.store.current_revision(key)
        if previous is not None:
            art = replace(art, revision=previous[1] + 1, supersedes=previous[0])
        self.latest[key] = (art.id, art.revision)
        return art

    def write(self, batch: Sequence[Article], analyses: Sequence[Analysis | Reject]) -> None:
        pairs = []
        for art, analysis in zip(batch, analyses):
            if isinstance(analysis, Reject):
                self.reject(analysis)
            else:
                pairs.append((art, analysis))
        t0 = time.perf_counter()
        try:
            self.report.added += self.store.add(pairs)
        except self.store.OperationalError:
            raise  # the store itself is failing (locked, disk full, connection lost): stop, lose nothing
        except Exception:  # the database refused one article's data: store the others, reject that one
            kept = []
            for art, analysis in pairs:
                try:
                    self.report.added += self.store.add([(art, analysis)])
                    kept.append((art, analysis))
                except Exception as exc:  # noqa: PERF203
                    self.reject(Reject(art.source, f"could not store article ({type(exc).__name__}: {exc})"))
            pairs = kept
        self.timings["store"] = self.timings.get("store", 0.0) + time.perf_counter() - t0
        self.report.article_ids.extend(a.id for a, _ in pairs)

    def add_analysed(self, art: Article, analysis: Analysis | Reject) -> None:
        """Admit one already analysed article; a full batch is written."""
        if isinstance(analysis, Reject):
            self.reject(analysis)
            return
        admitted = self.admit(art)
        if admitted is not None:
            self.pending.append((admitted, analysis))
            if len(self.pending) >= self.config.batch_size:
                self.flush()

    def flush(self) -> None:
        if self.pending:
            batch, self.pending = self.pending, []
            self.write([a for a, _ in batch], [an for _, an in batch])

    def finish(self) -> RunReport:
        self.flush()
        self.store.finish_run(self.report.run, self.report.added, self.report.skipped, len(self.report.rejects))
        return self.report


def _timed(timings: dict[str, float], stage: str, fn, *args):
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - t0


def ingest(
    paths: Sequence[str | Path] | None,
    config: Config,
    store,
    nlp: NLP | None = None,
    progress: Progress | None = None,
    raws: Iterable[RawDocument | Reject] | None = None,
    command: str = "ingest",
) -> RunReport:
    """Read, clean, analyse and store; each batch of articles is one transaction. Bad inputs become rejects.

    With `config.engine == "dask"` the per-article work runs on a Dask cluster (`engines.dask_engine`).
    """
    if config.engine == "dask":
        from .engines.dask_engine import ingest_dask

        return ingest_dask(paths, config, store, progress=progress, raws=raws, command=command)
    if config.engine != "local":
        raise ValueError(f"unknown engine {config.engine!r} (local or dask)")
    nlp = nlp or NLP(config)
    detector = LanguageDetector()
    writer = StoreWriter(store, config, command)
    timings = writer.timings
    inputs = raws if raws is not None else read_paths(paths or [], config)

    def prepared() -> Iterator[Article]:
        for art in prepare_all(inputs, detector, config, timings):
            if progress:
                progress(1)
            if isinstance(art, Reject):
                writer.reject(art)
                continue
            admitted = writer.admit(art)
            if admitted is not None:
                yield admitted

    for batch in _batches(prepared(), config.batch_size):
        writer.write(batch, _timed(timings, "nlp", analyse_safely, nlp, batch))
    return writer.finish()


def update_stories(store, config: Config, new_ids: Sequence[str] | None = None, rebuild: bool = False) -> list:
    """The cross-article stages: provenance, entities, stories, cross-checking. Returns the stories."""
    from .stories import update

    return update(store, config, new_ids=new_ids, rebuild=rebuild)
