"""Commands for live sources: `recoupe fetch`, `recoupe feeds add|list|remove`, `recoupe watch`.

Registered on the main app by `cli.py`; they share its store, engine and output conventions (exit 1 when some
input was rejected, 2 on a usage error).
"""

from __future__ import annotations

import json
import re
import signal
import threading
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..config import Config, FetchParams
from . import DbOption, EngineOption, SchedulerOption, WorkersOption  # the options every command shares

DEFAULTS = FetchParams()
feeds_app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                        help="Follow RSS/Atom feeds (or sitemaps): add, list, remove.")

PrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Also fetch from private, loopback and link-local addresses (intranets, tests).")]
DelayOption = Annotated[float, typer.Option(
    "--delay", min=0, help="Seconds between two requests to the same site (robots.txt Crawl-delay can raise it).")]
ContactOption = Annotated[Optional[str], typer.Option(
    "--contact", help="An e-mail or URL added to the User-Agent so sites can reach you.", envvar="RECOUPE_CONTACT")]


def _config(db: str, allow_private: bool, delay: float, contact: str | None, engine: str = "local",
            scheduler: str | None = None, workers: int | None = None) -> Config:
    from . import _engine_config

    base = _engine_config(db, engine, scheduler, workers, None, alias_file=None)
    return replace(base, fetch=replace(base.fetch, allow_private=allow_private, min_interval=delay, contact=contact))


def _print_report(report, db: str) -> None:
    from . import err

    err.print(f"{report.added} article(s) added, {report.skipped} already stored or not modified, "
              f"{len(report.rejects)} rejected; store {db}", highlight=False)
    for line in report.changes.lines():
        err.print(line, highlight=False, markup=False)
    for r in report.rejects:
        err.print(f"[yellow]rejected[/yellow] {r.source}: {r.reason}", highlight=False)


def fetch(
    urls: Annotated[Optional[list[str]], typer.Argument(help="Article URLs (http or https).")] = None,
    db: DbOption = None,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", help="Also write the dossier (json, md, html) to this folder.")] = None,
    allow_private: PrivateOption = False,
    delay: DelayOption = DEFAULTS.min_interval,
    contact: ContactOption = None,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    from_store: Annotated[bool, typer.Option(
        "--from-store", help="Extract the stored pages again (those of the URLs given, else all) without fetching.",
    )] = False,
) -> None:
    """Fetch article pages (politely), extract them with trafilatura and ingest them like `recoupe ingest`."""
    from . import _open, err, out
    from ..ingest.fetch import Fetcher
    from ..watch import fetch_urls, reextract

    if not urls and not from_store:
        err.print("[red]error:[/red] give one or more URLs (or --from-store)")
        raise typer.Exit(2)
    config = _config(db, allow_private, delay, contact, engine, scheduler, workers)
    store = _open(db)
    try:
        if from_store:
            report = reextract(store, config, list(dict.fromkeys(urls)) if urls else None)
        else:
            with Fetcher(config.fetch) as fetcher:
                report = fetch_urls(list(dict.fromkeys(urls)), config, store, fetcher)
        _print_report(report, db)
        if out_dir is not None:
            from ..export import write_exports
            from ..pipeline import build_dossier

            written = write_exports(build_dossier(store), out_dir)
            out.print(f"dossier: {written['json']}", highlight=False)
    finally:
        store.close()
    raise typer.Exit(1 if report.rejects else 0)


@feeds_app.command("add")
def feeds_add(
    sources: Annotated[list[str], typer.Argument(
        help="Feed URLs, site home pages (their feeds are discovered, else their sitemap) or OPML files.")],
    db: DbOption = None,
    allow_private: PrivateOption = False,
    delay: DelayOption = DEFAULTS.min_interval,
    contact: ContactOption = None,
) -> None:
    """Follow feeds. A home page is searched for feed links (else its sitemap); an OPML file adds its feeds."""
    from . import _open, err, out
    from ..ingest.feeds import discover, opml_feeds
    from ..ingest.fetch import Fetcher
    from ..model import Feed, Reject

    config = _config(db, allow_private, delay, contact)
    store = _open(db)
    found: list[Feed] = []
    rejects: list[Reject] = []
    with Fetcher(config.fetch) as fetcher:
        for source in sources:
            path = Path(source)
            if not source.startswith(("http://", "https://")) and path.exists():
                try:
                    listed = opml_feeds(path.read_bytes())
                except OSError as exc:
                    listed = Reject(source, f"unreadable file ({exc.strerror or exc})")
                if isinstance(listed, Reject):
                    rejects.append(Reject(source, listed.reason))
                else:
                    found += [Feed(url=u, title=t, site=source) for u, t in listed]
                continue
            got = discover(fetcher, source)
            if isinstance(got, Reject):
                rejects.append(got)
            else:
                found += got
    added = [f for f in found if store.add_feed(f.url, f.kind, f.title, f.site)]
    store.add_rejects(None, rejects)
    store.close()
    for f in added:
        out.print(f"following {f.url}" + (f" ({f.kind})" if f.kind != "feed" else ""), highlight=False)
    for f in found:
        if f not in added:
            out.print(f"already followed: {f.url}", highlight=False)
    for r in rejects:
        err.print(f"[yellow]rejected[/yellow] {r.source}: {r.reason}", highlight=False)
    raise typer.Exit(1 if rejects else 0)


@feeds_app.command("list")
def feeds_list(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Followed feeds with their last poll, new entries, articles stored and errors."""
    from dataclasses import asdict

    from rich.table import Table

    from . import _open, out

    store = _open(db)
    feeds = store.feeds()
    store.close()
    if as_json:
        print(json.dumps({"items": [asdict(f) for f in feeds]}, ensure_ascii=False))
        return
    table = Table("feed", "kind", "last poll", "status", "new", "articles", "errors")
    for f in feeds:
        table.add_row(f.url, f.kind, (f.last_fetch or "never").replace("T", " "), f.last_status or "",
                      str(f.last_new), str(f.articles), str(f.errors))
    out.print(table)


@feeds_app.command("remove")
def feeds_remove(
    urls: Annotated[list[str], typer.Argument(help="Feed URLs to stop following (their articles stay).")],
    db: DbOption = None,
) -> None:
    """Stop following feeds; articles already stored stay."""
    from . import _open, err, out

    store = _open(db)
    missing = [u for u in urls if not store.remove_feed(u)]
    store.close()
    for u in urls:
        if u not in missing:
            out.print(f"no longer following {u}", highlight=False)
    for u in missing:
        err.print(f"[red]error:[/red] not a followed feed: {u}", highlight=False)
    raise typer.Exit(2 if missing else 0)


def parse_every(value: str) -> float:
    """'15m', '30s', '2h', '1d' or a number of seconds, as seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "")
    if not m:
        raise typer.BadParameter(f"{value!r} is not a duration (e.g. 90s, 15m, 2h)")
    seconds = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if seconds <= 0:
        raise typer.BadParameter("the interval must be more than zero")
    return seconds


def watch(
    db: DbOption = None,
    every: Annotated[str, typer.Option("--every", help="Time between two polls: 90s, 15m, 2h …")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, ingest, and stop.")] = False,
    allow_private: PrivateOption = False,
    delay: DelayOption = DEFAULTS.min_interval,
    contact: ContactOption = None,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
) -> None:
    """Poll the followed feeds, fetch their new entries and ingest them into stories (Ctrl-C stops; a stopped
    watcher resumes where it was)."""
    from . import _open, err
    from ..ingest.fetch import Fetcher
    from ..watch import watch as watch_loop

    interval = parse_every(every)
    config = _config(db, allow_private, delay, contact, engine, scheduler, workers)
    config = replace(config, fetch=replace(config.fetch, every=interval))
    store = _open(db)
    if not store.feeds():
        err.print("no feed followed yet: add some with `recoupe feeds add URL`", highlight=False)
    stop = threading.Event()
    rejected = []

    def on_round(report) -> None:
        rejected.extend(report.rejects)
        for feed, status in report.polled:
            err.print(f"polled {feed}: {status}", highlight=False, markup=False)
        _print_report(report, db)

    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with Fetcher(config.fetch) as fetcher:
            watch_loop(store, config, fetcher, stop, on_round=on_round, once=once)
    except KeyboardInterrupt:
        err.print("stopped; the next `recoupe watch` resumes where this one was", highlight=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        store.close()
    raise typer.Exit(1 if once and rejected else 0)


def register(app: typer.Typer) -> None:
    app.command()(fetch)
    app.command()(watch)
    app.add_typer(feeds_app, name="feeds")
