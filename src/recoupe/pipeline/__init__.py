"""The pipeline: the one place that runs the stages in order.

Per article (`articles.py`): read → clean and metadata (`prepare`) → spaCy, entities, quotes, time (`analyse`),
written to the store in batches (`writer.py`); on one process (`ingest` below) or on a Dask cluster (`dask.py`).
Across articles (`crossarticle.py`): entity linking → copies and stories → dates from the story → per story:
provenance, timeline, cross-checking (facts, conflicts, summary) → saved. The CLI, the web app, the evals and the
benchmarks call these functions; stages never call each other across packages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..config import Config
from ..ingest import read_paths
from ..model import Article, RawDocument, Reject
from ..nlp.language import LanguageDetector
from ..nlp.pipeline import NLP
from .articles import analyse_safely, article_id, batches, prepare, prepare_all, prepare_safely, timed
from .crossarticle import update_stories
from .dossier import build_dossier
from .writer import Progress, RunReport, StoreWriter

log = logging.getLogger(__name__)

__all__ = [
    "Progress", "RunReport", "StoreWriter", "analyse_safely", "article_id", "build_dossier", "ingest", "prepare", "prepare_all",
    "prepare_safely", "update_stories",
]


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

    With `config.engine == "dask"` the per-article work runs on a Dask cluster (`pipeline.dask`).
    """
    if config.engine == "dask":
        from .dask import ingest_dask

        report = ingest_dask(paths, config, store, progress=progress, raws=raws, command=command)
    elif config.engine == "local":
        report = _ingest_local(paths, config, store, nlp, progress, raws, command)
    else:
        raise ValueError(f"unknown engine {config.engine!r} (local or dask)")
    for name, seconds in report.timings.items():
        log.info("stage %s: %.2f s (summed over workers)", name, seconds)
    log.info("%d added, %d already stored, %d rejected", report.added, report.skipped, len(report.rejects))
    return report


def _ingest_local(paths, config: Config, store, nlp: NLP | None, progress: Progress | None,
                  raws: Iterable[RawDocument | Reject] | None, command: str) -> RunReport:
    """The per-article stages in this process, in batches of `config.batch_size`."""
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

    for batch in batches(prepared(), config.batch_size):
        writer.write(batch, timed(timings, "nlp", analyse_safely, nlp, batch))
    return writer.finish()
