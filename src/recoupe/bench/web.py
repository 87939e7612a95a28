"""`recoupe bench web`: request latency of the web app's main endpoints beside the store calls they are built on."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from ..config import examples_dir, shared_dir
from . import app
from .corpus import generate, paragraphs
from .measure import measure


def _timed(fn, repeat: int) -> float:
    """Median milliseconds of `repeat` calls (one warm-up call first)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _run(docs, repeat: int) -> dict:
    from fastapi.testclient import TestClient

    from ..config import Config
    from ..pipeline import build_dossier
    from ..pipeline import ingest, update_stories
    from ..store import open_store
    from ..web import ServeSettings, create_app

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(db=str(Path(tmp) / "bench.db"))
        store = open_store(config.db)
        report = ingest(None, config, store, raws=docs)
        update_stories(store, config, new_ids=report.article_ids)
        stories = store.stories()
        story = max(stories, key=lambda s: len(s.articles))  # the heaviest page
        article = story.articles[0]
        query = "président ministre"
        client = TestClient(create_app(ServeSettings(config=config)), base_url="http://127.0.0.1")

        def get(path):
            return lambda: client.get(path).raise_for_status()

        cases = {
            "stories list (/api/stories)": (get("/api/stories"), lambda: (store.stories(), store.articles())),
            "story dossier (/api/stories/ID)": (get(f"/api/stories/{story.id}"),
                                                lambda: build_dossier(store, story_ids=[story.id])),
            "story page (/stories/ID)": (get(f"/stories/{story.id}"),
                                         lambda: build_dossier(store, story_ids=[story.id])),
            "search (/api/articles?q=)": (get(f"/api/articles?q={query}"), lambda: store.search(query, limit=50)),
            "article page (/articles/ID)": (get(f"/articles/{article}"),
                                            lambda: (store.article(article), store.analysis(article))),
        }
        out = {name: {"web_ms": round(_timed(web, repeat), 1), "store_ms": round(_timed(base, repeat), 1)}
               for name, (web, base) in cases.items()}
        client.close()
        store.close()
    return {"stories": len(stories), "story_articles": len(story.articles), "endpoints": out}


@app.command("web")
def bench_web(
    n: Annotated[int, typer.Option(help="Articles to generate and store first.")] = 500,
    repeat: Annotated[int, typer.Option(help="Requests per endpoint (the median is reported).")] = 20,
    shared: Annotated[Path, typer.Option(help="The shared folder (paragraph source when present).")] = shared_dir(),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Median latency of the main pages and API calls (in-process client) beside the bare store calls behind them
    (the story pages use the largest story)."""
    docs = generate(n, paragraphs(shared if shared.exists() else None, examples_dir() / "corpus"))
    seconds, peak_mib, detail = measure(_run, docs, repeat)
    result = {"articles": n, "peak_mib": round(peak_mib, 1), "seconds": round(seconds, 1), **detail}
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n} generated articles, {detail['stories']} stories, the largest of {detail['story_articles']} articles; "
          f"peak {peak_mib:.0f} MiB (store build included)")
    print(f"  {'endpoint':34} {'web':>9} {'store':>9} {'ratio':>6}")
    for name, r in detail["endpoints"].items():
        ratio = r["web_ms"] / r["store_ms"] if r["store_ms"] else float("inf")
        print(f"  {name:34} {r['web_ms']:7.1f}ms {r['store_ms']:7.1f}ms {ratio:6.2f}")
