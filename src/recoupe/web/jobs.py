"""Ingest jobs: uploads go through the same pipeline as the command line, one job at a time, in a thread,
with progress a page can poll.

Uploaded bytes are read in memory by the ingest readers (never written to disk); each batch of articles is one
store transaction inside `pipeline.ingest`, so a server killed mid-upload leaves no half-stored article.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import PurePosixPath, PureWindowsPath

from ..ingest import SUPPORTED, read_bytes
from ..ingest.dates import normalise_date
from ..model import RawDocument, Reject
from .settings import ServeSettings

def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Job:
    id: str
    label: str
    total: int
    state: str = "queued"  # queued, loading, analysing, grouping, done, failed
    done: int = 0
    added: int = 0
    skipped: int = 0
    rejects: list[Reject] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    error: str | None = None
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None
    finished: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def message(self) -> str:
        return {
            "queued": "waiting for the previous upload to finish",
            "loading": "loading the language model",
            "analysing": f"reading and analysing: {self.done} of {self.total} input(s)",
            "grouping": "grouping into stories and cross-checking",
            "done": (f"{self.added} article(s) added, {self.skipped} already stored, {len(self.rejects)} rejected"
                     if self.total else f"{len(self.stories)} stor{'y' if len(self.stories) == 1 else 'ies'} rebuilt"),
            "failed": f"failed: {self.error}",
        }[self.state]

    def as_dict(self) -> dict:
        return {
            "id": self.id, "label": self.label, "state": self.state, "message": self.message,
            "total": self.total, "done": self.done, "added": self.added, "skipped": self.skipped,
            "rejects": [{"source": r.source, "reason": r.reason} for r in self.rejects],
            "articles": list(self.article_ids), "stories": list(self.stories), "error": self.error,
            "created_at": self.created_at, "finished_at": self.finished_at,
            "finished": self.state in ("done", "failed"),
        }


def upload_name(filename: str | None) -> str:
    """The file's own name, stripped of any folder a client sent: it labels the source, never opens a path."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = re.sub(r"[\x00-\x1f]", "", name).strip()
    return name[:200] or "unnamed"


def read_upload(filename: str | None, data: bytes, settings: ServeSettings) -> list[RawDocument | Reject]:
    name = upload_name(filename)
    ext = PurePosixPath(name).suffix.lower()
    source = f"upload:{name}"
    if ext not in SUPPORTED:
        return [Reject(source, f"unsupported file type '{ext or name}' (send txt, md, html, json, jsonl, rss, atom "
                               "or xml)")]
    if not data:
        return [Reject(source, "empty file")]
    if len(data) > settings.config.max_file_bytes and ext not in (".jsonl", ".ndjson"):
        return [Reject(source, f"file too large ({len(data) / 1e6:.1f} MB > "
                               f"{settings.config.max_file_bytes / 1e6:.0f} MB limit)")]
    try:
        return list(read_bytes(data, source, ext, settings.config))
    except Exception as exc:  # a reader bug on one odd file is a reject, not a failed upload
        return [Reject(source, f"could not read file ({type(exc).__name__}: {exc})")]


def pasted(text: str, title: str | None, outlet: str | None, published: str | None,
           language: str | None, url: str | None = None) -> RawDocument | Reject:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    source = url or f"paste:{digest}"
    if not text.strip():
        return Reject(source, "the pasted text is empty")
    date = normalise_date(published) if published else None
    if published and not date:
        return Reject(source, f"unreadable publication date {published!r} (use YYYY-MM-DD)")
    return RawDocument(source=source, text=text, format="txt", title=title or None, url=url or None,
                       outlet=outlet or None, published=date, language=language or None)


class Jobs:
    """Runs ingest jobs one after another (spaCy and the store's single writer are not shared)."""

    def __init__(self, settings: ServeSettings, open_store: Callable, nlp=None) -> None:
        self.settings = settings
        self.open_store = open_store
        self._nlp = nlp
        self._run_lock = threading.Lock()
        self._table_lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()

    def get(self, job_id: str) -> Job | None:
        with self._table_lock:
            return self._jobs.get(job_id)

    def submit(self, raws: Iterable[RawDocument | Reject], label: str) -> Job:
        """Ingest the given documents, then update the stories they join."""
        items = list(raws)
        return self._start(Job(id="j-" + uuid.uuid4().hex[:12], label=label, total=len(items)), items, False)

    def submit_rebuild(self, label: str) -> Job:
        """Rebuild every story from the stored articles (as `recoupe recluster`), e.g. after alias corrections."""
        return self._start(Job(id="j-" + uuid.uuid4().hex[:12], label=label, total=0), [], True)

    def _start(self, job: Job, items: list, rebuild: bool) -> Job:
        with self._table_lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.settings.keep_jobs:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, items, rebuild), name=f"recoupe-{job.id}", daemon=True).start()
        return job

    @contextmanager
    def pipeline(self) -> Iterator:
        """The server's spaCy stage, held while other writers use it (fetches and the watcher, web/sources.py):
        one pipeline run at a time."""
        with self._run_lock:
            yield self._nlp_once()

    def _nlp_once(self):
        if self._nlp is None:
            from ..nlp.pipeline import NLP

            self._nlp = NLP(self.settings.config)
        return self._nlp

    def _run(self, job: Job, items: list, rebuild: bool) -> None:
        from ..pipeline import ingest, update_stories

        with self._run_lock:
            store = None
            try:
                store = self.open_store()
                if rebuild:
                    job.state = "grouping"
                    stories = update_stories(store, self.settings.config, rebuild=True)
                    job.stories = [s.id for s in stories]
                    job.state = "done"
                    return
                job.state = "loading"
                nlp = self._nlp_once()
                job.state = "analysing"

                def progress(n: int) -> None:
                    job.done += n

                # Smaller batches than the command line's so the progress bar moves while spaCy works.
                config = replace(self.settings.config, batch_size=min(self.settings.config.batch_size, 8))
                report = ingest(None, config, store, nlp=nlp, progress=progress, raws=items,
                                command=f"serve: {job.label}"[:200])
                job.added, job.skipped, job.rejects = report.added, report.skipped, list(report.rejects)
                job.article_ids = list(report.article_ids)
                job.state = "grouping"
                stories = update_stories(store, self.settings.config, new_ids=report.article_ids)
                new = set(report.article_ids)
                job.stories = [s.id for s in stories if new.intersection(s.articles)]
                job.state = "done"
            except Exception as exc:  # reported on the job; what was stored before the failure stays stored
                job.error = f"{type(exc).__name__}: {exc}"
                job.state = "failed"
            finally:
                if store is not None:
                    store.close()
                job.finished_at = _now()
                job.finished.set()
