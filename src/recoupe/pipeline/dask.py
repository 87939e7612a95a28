"""The Dask engine: the per-article stages as a distributed map over partitions of the input.

The client lists the inputs and reads their bytes, and cuts them into partitions; each worker decodes,
parses, extracts, cleans, reads metadata and runs spaCy with the components, then sends back articles with
their analyses. The client admits them in input order, exactly as the one-process path does (skip what is
stored, number revisions) and writes them in batches, one transaction each; the cross-article stages
(`pipeline.update_stories`) run afterwards. Same input, same store content as `--engine local`.

Each worker process loads the spaCy model once: the `NLPWorker` plugin holds it for the worker's life.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from ..config import Config
from ..ingest import Chunk, chunks, read_chunk
from ..model import Article, RawDocument, Reject
from ..nlp.language import LanguageDetector
from ..nlp.pipeline import NLP
from .articles import analyse_safely, batches, prepare_all, timed
from .writer import Progress, RunReport, StoreWriter

log = logging.getLogger(__name__)

PLUGIN = "recoupe-nlp"
Unit = Chunk | RawDocument | Reject


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article the store already had when the run started (no analysis was spent on it)."""

    id: str


class NLPWorker(WorkerPlugin):
    """Per worker process: spaCy pipelines and the language detector, loaded once and reused by every task."""

    name = PLUGIN
    idempotent = True  # registered once per cluster: later runs reuse the workers' loaded models

    def __init__(self, config: Config) -> None:
        self.config = config
        self._tools: tuple[str, NLP, LanguageDetector] | None = None

    def setup(self, worker=None) -> None:
        nlp, _ = self.tools(self.config)
        if nlp.has_model(self.config.default_language):
            nlp.pipeline(self.config.default_language)  # load now, not in the first task

    def tools(self, config: Config) -> tuple[NLP, LanguageDetector]:
        key = _analysis_key(config)
        if self._tools is None or self._tools[0] != key:  # another run's settings: load for these
            self._tools = (key, NLP(config), LanguageDetector())
        return self._tools[1], self._tools[2]


def _analysis_key(config: Config) -> str:
    """The settings that change analysis results (not where they go, how they are cut, who runs them)."""
    default = Config()
    return repr(replace(config, db="", engine="dask", scheduler=None, workers=None,
                        batch_size=default.batch_size, partition_size=default.partition_size))


def analyse_partition(units: Sequence[Unit], config: Config, known: frozenset[str]) -> tuple[list, dict[str, float]]:
    """Worker side: for each input article in order, a Reject, a Skipped, or (Article, Analysis | Reject)."""
    plugin = get_worker().plugins.get(PLUGIN)
    nlp, detector = plugin.tools(config) if plugin is not None else (NLP(config), LanguageDetector())
    timings: dict[str, float] = {}
    items: list = []
    todo: list[int] = []
    raws = (raw for unit in units for raw in _read_unit(unit, config))
    for art in prepare_all(raws, detector, config, timings):
        if isinstance(art, Reject):
            items.append(art)
        elif art.id in known:
            items.append(Skipped(art.id))
        else:
            todo.append(len(items))
            items.append(art)
    articles: list[Article] = [items[i] for i in todo]
    analyses: list = []
    for batch in batches(articles, config.batch_size):
        analyses.extend(timed(timings, "nlp", analyse_safely, nlp, batch))
    for i, analysis in zip(todo, analyses):
        items[i] = (items[i], analysis)
    return items, timings


def _read_unit(unit: Unit, config: Config) -> list[RawDocument | Reject]:
    if isinstance(unit, Chunk):
        try:
            return list(read_chunk(unit, config))
        except Exception as exc:  # the reject boundary: a reader bug on one odd file must not lose the partition
            log.debug("reading %s failed", unit.source, exc_info=True)
            return [Reject(unit.source, f"could not read ({type(exc).__name__}: {exc})")]
    return [unit]


def _weight(unit: Unit) -> int:
    return len(unit.lines) if isinstance(unit, Chunk) and unit.lines else 1


def partitions(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    """Consecutive units holding about `size` articles each (a JSONL chunk counts its lines)."""
    part: list[Unit] = []
    weight = 0
    for unit in units:
        part.append(unit)
        weight += _weight(unit)
        if weight >= size:
            yield part
            part, weight = [], 0
    if part:
        yield part


def _source(unit: Unit) -> str:
    return unit.source


@contextmanager
def connect(config: Config) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster started for this run (one process per worker)."""
    if config.scheduler:
        with Client(config.scheduler, timeout="30s") as client:
            yield client
        return
    workers = config.workers or os.cpu_count() or 1
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def ingest_dask(
    paths: Sequence[str | Path] | None,
    config: Config,
    store,
    progress: Progress | None = None,
    raws: Iterable[RawDocument | Reject] | None = None,
    command: str = "ingest",
) -> RunReport:
    writer = StoreWriter(store, config, command)
    timings = writer.timings
    units: Iterable[Unit] = raws if raws is not None else chunks(paths or [], config, config.partition_size)
    t0 = time.perf_counter()
    with connect(config) as client:
        client.register_plugin(NLPWorker(config), name=PLUGIN)
        # Workers skip the analysis of articles already stored (superseded revisions are checked here later).
        [known] = client.scatter([frozenset(store.article_ids())], broadcast=True)
        timings["startup"] = time.perf_counter() - t0
        window = 2 * max(1, len(client.scheduler_info()["workers"])) + 1  # bounded memory, workers kept busy

        def consume(part: list[Unit], future) -> None:
            try:
                items, worker_timings = future.result()
            except Exception as exc:  # the reject boundary: a worker died on this partition (after Dask's retries)
                log.warning("a partition of %d inputs failed on its worker: %s", len(part), exc)
                log.debug("partition failure", exc_info=True)
                items = [Reject(_source(u), f"worker failed ({type(exc).__name__}: {exc})") for u in part]
                worker_timings = {}
            for stage, seconds in worker_timings.items():
                timings[stage] = timings.get(stage, 0.0) + seconds
            for item in items:
                if progress:
                    progress(1)
                if isinstance(item, Reject):
                    writer.reject(item)
                elif isinstance(item, Skipped):
                    writer.skip(item.id)
                else:
                    writer.add_analysed(*item)

        inflight: deque = deque()
        for part in partitions(units, config.partition_size):
            inflight.append((part, client.submit(analyse_partition, part, config, known, pure=False)))
            while len(inflight) >= window:
                consume(*inflight.popleft())
        while inflight:
            consume(*inflight.popleft())
    return writer.finish()
