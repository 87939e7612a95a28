"""Live sources into the pipeline: fetch URLs, poll feeds, and ingest what they give through exactly the same
functions as `recoupe ingest` (`pipeline.ingest`, then `pipeline.update_stories`), local or Dask engine.

Durability: every URL goes through the store's fetch queue. A page is stored (raw bytes, compressed) in the
same transaction that marks its URL `fetched`; once its article is stored the URL is `done` (or `failed`, with
the reason). A watcher stopped or killed at any point therefore resumes where it was: fetched pages not yet
ingested are ingested from the store (never fetched again), queued URLs are fetched, and a URL once queued is
never queued again.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from .config import Config
from .ingest.feeds import poll
from .ingest.fetch import Fetcher, FetchError, decode_page
from .ingest.pages import page_document
from .model import Page, RawDocument, Reject, Story
from .pipeline import article_id, ingest, update_stories

log = logging.getLogger(__name__)


@dataclass
class Changes:
    """What an ingest did to the stories."""

    new_stories: list[tuple[str, str, int]] = field(default_factory=list)  # (id, title, articles)
    grown: list[tuple[str, str, int]] = field(default_factory=list)  # (id, title, articles added)
    new_conflicts: list[tuple[str, str, int]] = field(default_factory=list)  # (id, title, conflicts added)

    def lines(self) -> list[str]:
        out = [f"new story {sid}: {title} ({n} article{'s' if n != 1 else ''})" for sid, title, n in self.new_stories]
        out += [f"{n} new article{'s' if n != 1 else ''} in {sid}: {title}" for sid, title, n in self.grown]
        out += [f"{n} new conflict{'s' if n != 1 else ''} in {sid}: {title}" for sid, title, n in self.new_conflicts]
        return out


@dataclass
class FetchReport:
    added: int = 0  # articles stored
    skipped: int = 0  # already stored (same content), or not modified since the last fetch
    rejects: list[Reject] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    stored_urls: list[str] = field(default_factory=list)  # URLs whose article was stored by this run
    polled: list[tuple[str, str]] = field(default_factory=list)  # (feed, status) of each poll
    queued: int = 0  # URLs new in the feeds at this poll
    changes: Changes = field(default_factory=Changes)

    def merge(self, other: FetchReport) -> None:
        self.added += other.added
        self.skipped += other.skipped
        self.rejects += other.rejects
        self.article_ids += other.article_ids
        self.stored_urls += other.stored_urls
        _merge_changes(self.changes, other.changes)


def _story_state(store) -> dict[str, tuple[str, frozenset[str], int]]:
    return {s.id: (s.title, frozenset(s.articles), len(s.conflicts)) for s in store.stories()}


def story_changes(before: dict[str, tuple[str, frozenset[str], int]], after: list[Story]) -> Changes:
    changes = Changes()
    for s in after:
        if s.id not in before:
            changes.new_stories.append((s.id, s.title, len(s.articles)))
            continue
        _title, members, conflicts = before[s.id]
        added = len(set(s.articles) - members)
        if added:
            changes.grown.append((s.id, s.title, added))
        if len(s.conflicts) > conflicts:
            changes.new_conflicts.append((s.id, s.title, len(s.conflicts) - conflicts))
    return changes


def ingest_pages(store, config: Config, items: Sequence[tuple[str, Page | Reject]], command: str,
                 nlp=None, progress: Callable[[int], None] | None = None) -> FetchReport:
    """Ingest fetched pages (each keyed by the URL asked for) through the pipeline; pages are already stored."""
    report = FetchReport()
    raws: list[RawDocument | Reject] = []
    by_id: dict[str, list[tuple[str, str]]] = {}  # article id -> (url, canonical) of each page that gave it
    states: list[tuple[str, str, str | None]] = []
    for url, item in items:
        doc = item if isinstance(item, Reject) else page_document(item, config.max_article_chars)
        if isinstance(doc, Reject):
            raws.append(Reject(url, doc.reason))
            states.append((url, "failed", doc.reason))
        else:
            raws.append(doc)
            by_id.setdefault(article_id(doc), []).append((url, doc.url))
    if not raws:
        return report
    before = _story_state(store)
    run = ingest(None, config, store, nlp=nlp, raws=raws, command=command, progress=progress)
    report.added, report.skipped, report.rejects = run.added, run.skipped, list(run.rejects)
    report.article_ids = list(run.article_ids)
    rejected = {r.source: r.reason for r in run.rejects}
    added = set(run.article_ids)
    for aid, (url, canonical) in ((aid, page) for aid, pages in by_id.items() for page in pages):
        if url in rejected:
            states.append((url, "failed", rejected[url]))
        else:
            store.set_page_article(url, aid if store.has_article(aid) else None, canonical)
            states.append((url, "done", None))
            if aid in added:
                report.stored_urls.append(url)
    store.set_queue_state(states)
    stories = update_stories(store, config, new_ids=run.article_ids)
    report.changes = story_changes(before, stories)
    return report


def fetch_urls(urls: Sequence[str], config: Config, store, fetcher: Fetcher, command: str = "fetch",
               nlp=None, progress: Callable[[int], None] | None = None) -> FetchReport:
    """Fetch pages and ingest them. A URL stored before is fetched conditionally: not modified, or the same
    bytes, is skipped; changed content is a new revision of the article (same canonical URL)."""
    store.enqueue(urls)
    validators, known = {}, {}
    for url in urls:
        page = store.page(url)
        if page is not None:
            validators[url] = (page.etag, page.last_modified)
            known[url] = page
    report = FetchReport()
    items: list[tuple[str, Page | Reject]] = []
    for url, got in zip(urls, fetcher.get_many(list(urls), "html", validators)):
        if isinstance(got, Page) and (got.status == 304 or (url in known and known[url].article
                                                           and got.content_hash == known[url].content_hash)):
            report.skipped += 1  # not modified since it was stored
            store.set_queue_state([(url, "done", None)])
            continue
        if isinstance(got, Page):
            got = _with_encoding(got)
            if not isinstance(got, Page):
                items.append((url, got))
                continue
            same = store.page_with_hash(got.content_hash) if got.content_hash else None
            if same is not None:  # the same bytes under another URL: its article is stored already
                store.save_page(replace(got, article=same.article, canonical=same.canonical), queue_state="done")
                report.skipped += 1
                continue
            store.save_page(got, queue_state="fetched")
        items.append((url, got))
    report.merge(ingest_pages(store, config, items, command, nlp=nlp, progress=progress))
    return report


def _with_encoding(page: Page) -> Page | Reject:
    try:
        _text, encoding = decode_page(page)
    except FetchError as exc:  # bytes that are not text (binary, empty)
        return Reject(page.url, str(exc))
    return replace(page, encoding=encoding)


def reextract(store, config: Config, urls: Sequence[str] | None = None, nlp=None) -> FetchReport:
    """Extract stored pages again (all, or those of the given URLs) without fetching: after an upgrade of the
    extraction, changed texts become new revisions and unchanged ones are skipped."""
    items: list[tuple[str, Page | Reject]] = []
    for url in urls if urls is not None else store.page_urls():
        page = store.page(url)
        items.append((url, page if page is not None and page.body else Reject(url, "no stored page for this URL")))
    store.enqueue([u for u, _p in items])
    return ingest_pages(store, config, items, "fetch --from-store", nlp=nlp)


def resume(store, config: Config, nlp=None) -> FetchReport:
    """Ingest pages fetched by a watcher that was stopped before it ingested them (they are not fetched again)."""
    pending = [url for url, _feed in store.queue("fetched")]
    items = []
    for url in pending:
        page = store.page(url)
        items.append((url, page if page is not None else Reject(url, "fetched page missing from the store")))
    return ingest_pages(store, config, items, "watch", nlp=nlp) if items else FetchReport()


def poll_once(store, config: Config, fetcher: Fetcher, nlp=None) -> FetchReport:
    """One round: finish what a stopped watcher left, poll every feed, fetch and ingest the new entries in
    batches. Stories are updated after each batch."""
    report = resume(store, config, nlp=nlp)
    feeds = store.feeds()
    # feeds are polled side by side (the fetcher keeps to one request at a time per host); the store stays here
    with ThreadPoolExecutor(max_workers=max(1, config.fetch.workers), thread_name_prefix="poll") as pool:
        polls = list(pool.map(lambda feed: poll(fetcher, feed, config.fetch), feeds))
    for feed, result in zip(feeds, polls):
        new = store.enqueue(result.urls, feed=feed.url) if result.ok else []
        store.record_poll(feed.url, result.status, ok=result.ok, new=len(new), title=result.title,
                          etag=result.etag, last_modified=result.last_modified)
        report.polled.append((feed.url, result.status))
        report.queued += len(new)
        if not result.ok:
            report.rejects.append(Reject(feed.url, result.status))
            store.add_rejects(None, [Reject(feed.url, result.status)])
    feed_of = dict(store.queue("queued"))
    tried: set[str] = set()
    while batch := [u for u, _f in store.queue("queued", limit=config.fetch.batch)]:
        if tried.issuperset(batch):  # every URL leaves the queue once tried; never loop on one that did not
            log.error("URLs still queued after being fetched: %s", batch)
            break
        tried.update(batch)
        got = fetch_urls(batch, config, store, fetcher, command="watch", nlp=nlp)
        _count_per_feed(store, feed_of, got)
        report.merge(got)
    return report


def _count_per_feed(store, feed_of: dict[str, str | None], got: FetchReport) -> None:
    stored = Counter(feed_of.get(u) for u in got.stored_urls)
    failed = Counter(feed_of.get(r.source) for r in got.rejects)
    store.count_feed_results({f: (stored[f], failed[f]) for f in set(stored) | set(failed) if f})


def _merge_changes(into: Changes, more: Changes) -> None:
    new_ids = {sid for sid, _t, _n in into.new_stories}
    for sid, title, n in more.grown:
        if sid in new_ids:  # a story opened earlier in this round grew: it is still one new story
            into.new_stories = [(s, t, m + n if s == sid else m) for s, t, m in into.new_stories]
        else:
            into.grown.append((sid, title, n))
    into.new_stories += more.new_stories
    into.new_conflicts += more.new_conflicts


def watch(store, config: Config, fetcher: Fetcher, stop: threading.Event, nlp=None,
          on_round: Callable[[FetchReport], None] | None = None, once: bool = False) -> None:
    """Poll every `config.fetch.every` seconds until `stop` is set (or once)."""
    while not stop.is_set():
        report = poll_once(store, config, fetcher, nlp=nlp)  # a failing store stops it: the queue is durable
        if on_round:
            on_round(report)
        if once:
            return
        stop.wait(config.fetch.every)
