"""The store side of ingest, shared by every engine: admit (skip what is stored, number revisions), write in
batches (one transaction each), record rejects as soon as they are known."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..config import Config
from ..model import Analysis, Article, Reject

log = logging.getLogger(__name__)

Progress = Callable[[int], None]  # called with the number of inputs just handled


@dataclass
class RunReport:
    run: int | None = None
    added: int = 0
    skipped: int = 0  # already stored (same content)
    rejects: list[Reject] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # new articles, in input order
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (summed over workers)


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
        except Exception:  # the reject boundary: the database refused one article's data: store the others
            log.debug("a batch write failed: writing its articles one by one", exc_info=True)
            kept = []
            for art, analysis in pairs:
                try:
                    self.report.added += self.store.add([(art, analysis)])
                    kept.append((art, analysis))
                except Exception as exc:  # noqa: PERF203
                    log.debug("storing %s failed", art.source, exc_info=True)
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


