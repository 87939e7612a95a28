"""The command line: a thin shell over the pipeline, the store and the exports.

Exit codes: 0 all good, 1 some inputs were rejected (everything else still ran), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Config

app = typer.Typer(
    name="recoupe",
    help="Cross-check news articles: clean texts, stories, entities, quotes, timelines, facts and conflicts, "
    "all with citations.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
out = Console()
DEFAULTS = Config()
err = Console(stderr=True)

DbOption = Annotated[
    str, typer.Option("--db", help="Store: SQLite file path, or a postgresql://user@host/dbname URL.", envvar="RECOUPE_DB")
]
EngineOption = Annotated[
    str, typer.Option("--engine", help="local (one process) or dask (per-article work on a Dask cluster).")
]
SchedulerOption = Annotated[
    Optional[str], typer.Option("--scheduler", help="Dask scheduler address (default: start a local cluster).")
]
WorkersOption = Annotated[
    Optional[int], typer.Option("--workers", min=1, help="Workers of the local Dask cluster (default: one per core).")
]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch and per store transaction.")
]
AliasOption = Annotated[
    Optional[Path],
    typer.Option("--aliases", help="Entity alias file (YAML: name, type, aliases, wikidata) to fix or force merges.",
                 envvar="RECOUPE_ALIASES"),
]
PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html/.htm, .json, .jsonl, RSS/Atom.")]


def _config(db: str, **kw) -> Config:
    if kw.get("alias_file") is not None:
        from .entities.aliases import AliasFileError, AliasTable

        try:
            AliasTable.load(kw["alias_file"], missing_ok=False)
        except AliasFileError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
    return Config(db=db, **kw)


def _engine_config(db: str, engine: str, scheduler: str | None, workers: int | None, batch_size: int,
                   alias_file: Path | None) -> Config:
    if engine not in ("local", "dask"):
        err.print(f"[red]error:[/red] unknown engine {engine!r}; choose local or dask")
        raise typer.Exit(2)
    return _config(db, engine=engine, scheduler=scheduler, workers=workers, batch_size=batch_size,
                   alias_file=alias_file)


def _open(db: str):
    from .store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _count_inputs(paths: list[Path]) -> int | None:
    from .ingest import SUPPORTED

    n = 0
    for p in paths:
        if p.is_dir():
            n += sum(1 for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        else:
            n += 1
    return n or None


def _ingest(paths: list[Path], config: Config, store, command: str):
    from .pipeline import ingest, update_stories

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as progress:
        task = progress.add_task("reading and analysing", total=_count_inputs(paths))
        report = ingest(paths, config, store, progress=lambda n: progress.advance(task, n), command=command)
        progress.update(task, description="grouping into stories and cross-checking", total=None)
        stories = update_stories(store, config, new_ids=report.article_ids)
    err.print(
        f"{report.added} article(s) added, {report.skipped} already stored, {len(report.rejects)} rejected; "
        f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'} in {config.db}"
    )
    for r in report.rejects:
        err.print(f"[yellow]rejected[/yellow] {r.source}: {r.reason}", highlight=False, markup=True)
    return report


@app.command()
def run(
    paths: PathsArg,
    db: DbOption = "recoupe.db",
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for dossier.json, dossier.md, dossier.html.")] = Path(
        "out"
    ),
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    batch_size: BatchOption = DEFAULTS.batch_size,
    aliases: AliasOption = None,
) -> None:
    """Ingest, analyse, group into stories, cross-check and export, in one go."""
    from .export import build_dossier, write_exports

    config = _engine_config(db, engine, scheduler, workers, batch_size, alias_file=aliases)
    store = _open(db)
    report = _ingest(paths, config, store, command="run")
    written = write_exports(build_dossier(store), out_dir)
    store.close()
    out.print(f"dossier: {written['json']}", highlight=False)
    out.print(f"also: {written['md']} and {written['html']}", highlight=False)
    raise typer.Exit(1 if report.rejects else 0)


@app.command(name="ingest")
def ingest_cmd(
    paths: PathsArg,
    db: DbOption = "recoupe.db",
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    batch_size: BatchOption = DEFAULTS.batch_size,
    aliases: AliasOption = None,
) -> None:
    """Add articles to the store and assign them to stories (incrementally)."""
    config = _engine_config(db, engine, scheduler, workers, batch_size, alias_file=aliases)
    store = _open(db)
    report = _ingest(paths, config, store, command="ingest")
    store.close()
    raise typer.Exit(1 if report.rejects else 0)


@app.command()
def recluster(db: DbOption = "recoupe.db", aliases: AliasOption = None) -> None:
    """Rebuild all stories from scratch (same result as the incremental path on the same input order)."""
    from .pipeline import update_stories

    config = _config(db, alias_file=aliases)
    store = _open(db)
    stories = update_stories(store, config, rebuild=True)
    store.close()
    out.print(f"{len(stories)} stories rebuilt")


@app.command()
def export(
    db: DbOption = "recoupe.db",
    fmt: Annotated[str, typer.Option(
        "--format", "-f",
        help="json, md, html, facts-csv, quotes-csv, gexf, graphml or timelinejs (several with commas: json,md)",
    )] = "json",
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    story: Annotated[Optional[list[str]], typer.Option("--story", help="Only this story id (repeatable).")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", help="Also an update summary per story: what articles published after this date (YYYY-MM-DD) add.",
    )] = None,
) -> None:
    """Write the dossier from the store in the given formats."""
    import re

    from .export import FORMATS, build_dossier, write_exports

    if since is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", since):
        err.print(f"[red]error:[/red] --since takes a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {since!r}")
        raise typer.Exit(2)

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        err.print(f"[red]error:[/red] unknown format {', '.join(bad) or fmt!r}; choose from {', '.join(FORMATS)}")
        raise typer.Exit(2)
    store = _open(db)
    written = write_exports(build_dossier(store, story_ids=story, since=since), out_dir, formats)
    store.close()
    for path in written.values():
        out.print(str(path), highlight=False)


@app.command()
def articles(
    db: DbOption = "recoupe.db",
    search: Annotated[Optional[str], typer.Option("--search", "-q", help="Full-text query (accents ignored).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """List stored articles (or search them)."""
    store = _open(db)
    snippets: dict[str, str] = {}
    if search:
        hits = store.search(search, limit=limit)
        snippets = dict(hits)
        rows = store.articles([h[0] for h in hits])
    else:
        rows = store.articles()[:limit]
    store.close()
    if as_json:
        items = [
            {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published, "language": a.language,
             "source": a.source, **({"snippet": snippets[a.id]} if a.id in snippets else {})}
            for a in rows
        ]
        print(json.dumps({"items": items}, ensure_ascii=False))
        return
    table = Table("id", "published", "outlet", "lang", "title")
    for a in rows:
        table.add_row(a.id, (a.published or "?") + ("*" if a.published_inferred else ""), a.outlet or "?", a.language,
                      (a.title or "")[:70] + ("\n" + snippets[a.id] if a.id in snippets else ""))
    out.print(table)
    out.print("* date inferred from the text", style="dim")


@app.command()
def stories(
    db: DbOption = "recoupe.db",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """List stories with article counts, outlets and date ranges."""
    store = _open(db)
    all_stories = store.stories()
    arts = {a.id: a for a in store.articles()}
    store.close()
    rows = []
    for s in all_stories:
        outlets = list(dict.fromkeys(arts[a].outlet for a in s.articles if a in arts and arts[a].outlet))
        rows.append({"id": s.id, "title": s.title, "article_count": len(s.articles), "outlets": outlets,
                     "first_date": s.first_date, "last_date": s.last_date,
                     "text_origins": len(s.provenance)})
    if as_json:
        print(json.dumps({"items": rows}, ensure_ascii=False))
        return
    table = Table("id", "articles", "origins", "dates", "outlets", "title")
    for r in rows:
        dates = " – ".join(dict.fromkeys(x for x in (r["first_date"], r["last_date"]) if x)) or "?"
        table.add_row(r["id"], str(r["article_count"]), str(r["text_origins"]), dates, ", ".join(r["outlets"])[:40],
                      r["title"][:60])
    out.print(table)


@app.command()
def show(
    item_id: Annotated[str, typer.Argument(help="An article (a-…), story (s-…) or entity (e-…) id.")],
    db: DbOption = "recoupe.db",
) -> None:
    """Show one article, story or entity as JSON."""
    from dataclasses import asdict

    from .export.dossier import article_dict, story_dict

    store = _open(db)
    try:
        if item_id.startswith("a-"):
            a = store.article(item_id)
            if a is None:
                raise KeyError
            data = article_dict(a, None, store.analysis(a.id))
        elif item_id.startswith("s-"):
            s = store.story(item_id)
            if s is None:
                raise KeyError
            data = story_dict(s)
        elif item_id.startswith("e-"):
            e = next((e for e in store.entities() if e.id == item_id), None)
            if e is None:
                raise KeyError
            data = asdict(e)
        else:
            err.print(f"[red]error:[/red] {item_id!r} is not an id (a-…, s-… or e-…)")
            raise typer.Exit(2)
    except KeyError:
        err.print(f"[red]error:[/red] no {item_id} in {db}")
        raise typer.Exit(1) from None
    finally:
        store.close()
    print(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def rejects(db: DbOption = "recoupe.db") -> None:
    """Inputs that could not be read, with the reason."""
    store = _open(db)
    for r in store.rejects():
        print(f"{r.source}\t{r.reason}")
    store.close()


@app.command()
def serve(
    db: DbOption = "recoupe.db",
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option(
        help="Access token every request must carry (Bearer header, or the printed link once); 'auto' makes one.",
        envvar="RECOUPE_TOKEN")] = None,
    max_upload_mb: Annotated[int, typer.Option(help="Largest upload accepted, in MB.")] = 64,
) -> None:
    """Serve the web pages and the JSON API over the store (Ctrl-C stops)."""
    import secrets

    import uvicorn

    from .web import ServeSettings, create_app, is_loopback

    if token == "auto":
        token = secrets.token_urlsafe(24)
    if token is not None and (len(token) < 16 or not all(c.isalnum() or c in "-_." for c in token)):
        err.print("[red]error:[/red] the token must be at least 16 letters, digits, '-', '_' or '.'")
        raise typer.Exit(2)
    local = is_loopback(host)
    if not local and not token:
        err.print(f"[red]error:[/red] binding to {host} exposes the store beyond this machine: "
                  "give --token (or RECOUPE_TOKEN), e.g. --token auto")
        raise typer.Exit(2)
    _open(db).close()  # fail early on a bad store, and create and migrate a new one
    settings = ServeSettings(
        config=_config(db), token=token, max_upload_bytes=max_upload_mb * 1024 * 1024,
        allowed_hosts=("localhost", "127.0.0.1", "::1", host) if local else None,
    )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    err.print(f"recoupe serving {db} at {url}", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)


def _register_subcommands() -> None:
    from .bench import app as bench_app
    from .eval import app as eval_app

    app.add_typer(eval_app, name="eval", help="Measure each capability on external data (--json for figures).")
    app.add_typer(bench_app, name="bench", help="Throughput and peak memory beside a baseline.")
    from .train import app as train_app

    app.add_typer(train_app, name="train", help="Learn a model from the shared gold data (cross-validated).")


_register_subcommands()


def version_callback(value: bool) -> None:
    if value:
        print(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    """recoupe: cross-check the news."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
