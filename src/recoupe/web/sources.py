"""The Sources page (`/sources`): followed feeds with their last poll, new articles and errors; follow or stop
following a feed; paste article URLs to fetch. With `recoupe serve --watch` the watcher runs here too, in a
thread beside the server.

Fetches and polls go through the same functions as `recoupe fetch` and `recoupe watch` (`recoupe.watch`), one at
a time, sharing the server's spaCy stage with upload jobs (`Jobs.pipeline`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..ingest.feeds import discover
from ..ingest.fetch import Fetcher
from ..model import Reject
from .api import Store, _fields

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Activity:
    """What the server's fetches and watcher did last (kept in memory while the server runs)."""

    label: str
    started_at: str = field(default_factory=_now)
    finished_at: str | None = None
    added: int = 0
    skipped: int = 0
    rejects: list[Reject] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    error: str | None = None


class Sources:
    """Background fetches and the optional watcher of one app."""

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.activities: list[Activity] = []
        self.watching_every: float | None = None
        self.stop = threading.Event()

    @property
    def config(self):
        return self.app.state.settings.config

    def _record(self, activity: Activity) -> None:
        with self.lock:
            self.activities.insert(0, activity)
            del self.activities[10:]

    def _run(self, activity: Activity, work) -> None:
        """Run `work(store, fetcher, nlp)` -> FetchReport with the shared spaCy stage, and record it."""
        self._record(activity)
        store = None
        try:
            with self.app.state.jobs.pipeline() as nlp, Fetcher(self.config.fetch) as fetcher:
                store = self.app.state.open_store()
                report = work(store, fetcher, nlp)
            activity.added, activity.skipped = report.added, report.skipped
            activity.rejects, activity.changes = list(report.rejects), report.changes.lines()
        except Exception as exc:  # shown on the page; what was stored before stays stored
            log.exception("%s failed", activity.label)
            activity.error = f"{type(exc).__name__}: {exc}"
        finally:
            if store is not None:
                store.close()
            activity.finished_at = _now()

    def fetch(self, urls: list[str]) -> Activity:
        from ..watch import fetch_urls

        activity = Activity(f"fetch {len(urls)} URL{'s' if len(urls) != 1 else ''}")
        threading.Thread(
            target=self._run, name="recoupe-fetch", daemon=True,
            args=(activity, lambda store, fetcher, nlp: fetch_urls(urls, self.config, store, fetcher,
                                                                   command="serve: fetch", nlp=nlp)),
        ).start()
        return activity

    def watch(self, every: float) -> None:
        """Poll every feed now, then every `every` seconds, until the server stops."""
        from ..watch import poll_once

        self.watching_every = every

        def loop() -> None:
            while not self.stop.is_set():
                self._run(Activity("watch: poll every feed"),
                          lambda store, fetcher, nlp: poll_once(store, self.config, fetcher, nlp=nlp))
                self.stop.wait(every)

        threading.Thread(target=loop, name="recoupe-watch", daemon=True).start()


def sources_of(app) -> Sources:
    if not hasattr(app.state, "sources"):
        app.state.sources = Sources(app)
    return app.state.sources


@router.get("/sources")
def sources_page(request: Request, store: Store, added: int | None = None, removed: str | None = None,
                 fetching: int | None = None, error: str | None = None):
    runner = sources_of(request.app)
    with runner.lock:
        activities = list(runner.activities)
    settings = request.app.state.settings
    recent = [r for r in store.rejects()
              if r.source.startswith(("http://", "https://"))][-settings.recent_rejects:][::-1]
    page = request.app.state.templates.get_template("sources.html").render(
        request=request, feeds=store.feeds(), activities=activities, recent_rejects=recent,
        watching_every=runner.watching_every, added=added, removed=removed, fetching=fetching, error=error,
        max_urls=settings.max_pasted_urls,
    )
    return HTMLResponse(page)


@router.post("/sources/feeds")
async def add_feed_form(request: Request, store: Store):
    fields = await _fields(request)
    url = str(fields.get("url") or "").strip()
    if not url.startswith(("http://", "https://")):
        raise HTTPException(400, "give the address of a feed or of a site's home page (http or https)")
    config = request.app.state.settings.config

    def find():
        with Fetcher(config.fetch) as fetcher:
            return discover(fetcher, url)

    found = await anyio.to_thread.run_sync(find)
    if isinstance(found, Reject):
        store.add_rejects(None, [found])
        return RedirectResponse(f"/sources?error={quote(found.reason)}", status_code=303)
    added = sum(store.add_feed(f.url, f.kind, f.title, f.site) for f in found)
    return RedirectResponse(f"/sources?added={added}", status_code=303)


@router.post("/sources/feeds/remove")
async def remove_feed_form(request: Request, store: Store):
    fields = await _fields(request)
    url = str(fields.get("url") or "")
    if not store.remove_feed(url):
        raise HTTPException(404, f"not a followed feed: {url}")
    return RedirectResponse(f"/sources?removed={quote(url)}", status_code=303)


@router.post("/sources/fetch")
async def fetch_form(request: Request):
    fields = await _fields(request)
    urls = list(dict.fromkeys(u.strip() for u in str(fields.get("urls") or "").split() if u.strip()))
    if not urls:
        raise HTTPException(400, "paste one or more article addresses (http or https), one per line")
    most = request.app.state.settings.max_pasted_urls
    if len(urls) > most:
        raise HTTPException(400, f"at most {most} addresses at a time ({len(urls)} given)")
    sources_of(request.app).fetch(urls)
    return RedirectResponse(f"/sources?fetching={len(urls)}", status_code=303)
