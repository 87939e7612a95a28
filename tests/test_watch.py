"""Fetched pages and feeds through the whole pipeline, against a fake web on 127.0.0.1 (tests/fetchkit.py):
`recoupe watch --once` twice, a watcher killed and resumed, revisions of a changed page, PostgreSQL and Dask."""

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fetchkit import BRIDGE, LATER, MARKET, FakeWeb

from recoupe.config import Config, FetchParams
from recoupe.pipeline import build_dossier
from recoupe.ingest.fetch import Fetcher
from recoupe.store import open_store
from recoupe.watch import fetch_urls, poll_once

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FAST = FetchParams(allow_private=True, min_interval=0.0, read_timeout=2.0, retries=1, backoff=0.05)


@pytest.fixture()
def web():
    with FakeWeb() as w:
        yield w


def recoupe(*args, check=True, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "recoupe.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600, **kw)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def article_hits(web) -> dict[str, int]:
    return {p: n for p, n in web.site.hits.items() if p.startswith("/articles/")}


def test_watch_once_twice_ingests_only_the_new_entries_and_the_update_summary_names_them(tmp_path, web):
    db = str(tmp_path / "w.db")
    opml = tmp_path / "veille.opml"
    opml.write_bytes(web.site.respond("/feeds.opml", {})[2])
    recoupe("feeds", "add", str(opml), "--db", db)
    first = recoupe("watch", "--once", "--db", db, "--allow-private", "--delay", "0")
    assert "5 article(s) added" in first.stderr and "new story" in first.stderr
    web.site.phase = 2
    second = recoupe("watch", "--once", "--db", db, "--allow-private", "--delay", "0")
    assert "2 article(s) added" in second.stderr
    assert "1 new article in" in second.stderr and "new story" in second.stderr
    # every article page was fetched once, over two polls of three feeds
    assert article_hits(web) == {f"/articles/{a[0]}": 1 for a in BRIDGE + MARKET + LATER}
    feeds = json.loads(recoupe("feeds", "list", "--db", db, "--json").stdout)["items"]
    assert sorted((f["articles"], f["errors"], f["last_status"]) for f in feeds) == [
        (2, 0, "ok"), (2, 0, "ok"), (3, 0, "ok")]

    recoupe("export", "--db", db, "--since", "2025-03-10", "--out", str(tmp_path / "out"))
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    new_ids = {a["id"] for a in dossier["articles"] if a["source"] in {web.url(f"/articles/{x[0]}") for x in LATER}}
    assert len(new_ids) == 2
    updates = [s["update_summary"] for s in dossier["stories"] if s.get("update_summary")]
    leading = {sent["citations"][0]["article"] for u in updates for sent in u["sentences"]}
    assert leading == new_ids  # what is new is told from the new articles, and from nothing else


def test_a_killed_watcher_resumes_without_fetching_anything_twice(tmp_path, web):
    db = str(tmp_path / "k.db")
    for path in ("/courrier/rss.xml", "/gazette/atom.xml", "/plateau/rss.xml"):
        recoupe("feeds", "add", web.url(path), "--db", db, "--allow-private", "--delay", "0")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "recoupe.cli", "watch", "--once", "--db", db, "--allow-private",
                             "--delay", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    states: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                states = [r[0] for r in conn.execute("SELECT state FROM fetch_queue")]
        except sqlite3.OperationalError:
            states = []
        if "fetched" in states:  # pages stored, not yet ingested (the language model is loading)
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert "fetched" in states, f"the watcher was not caught between fetching and ingesting ({states})"
    store = open_store(db)
    assert store.count_articles() == 0  # killed before ingesting
    store.close()
    recoupe("watch", "--once", "--db", db, "--allow-private", "--delay", "0")
    assert article_hits(web) == {f"/articles/{a[0]}": 1 for a in BRIDGE + MARKET}
    store = open_store(db)
    assert store.count_articles() == 5 and store.queue("queued") == [] and store.queue("fetched") == []
    assert len(store.stories()) == 2
    store.close()


def test_fetch_stores_once_and_a_changed_page_becomes_a_revision(db_url, web, nlp):
    config = Config(db=db_url, fetch=FAST)
    store = open_store(db_url)
    with Fetcher(config.fetch) as fetcher:
        first = fetch_urls([web.url("/live-page"), web.url("/absent")], config, store, fetcher, nlp=nlp)
        assert first.added == 1 and [r.reason for r in first.rejects] == ["HTTP 404 Not Found"]
        assert [(r.source, r.reason) for r in store.rejects()] == [(web.url("/absent"), "HTTP 404 Not Found")]
        again = fetch_urls([web.url("/live-page")], config, store, fetcher, nlp=nlp)
        assert (again.added, again.skipped) == (0, 1)
        web.site.phase = 2
        changed = fetch_urls([web.url("/live-page")], config, store, fetcher, nlp=nlp)
    assert changed.added == 1
    current = store.articles()
    assert len(current) == 1 and current[0].revision == 2 and current[0].supersedes == first.article_ids[0]
    assert current[0].url == web.url("/live-page") and "premier bilan" in current[0].text
    page = store.page(web.url("/live-page"))
    assert page.article == current[0].id and b"premier bilan" in page.body  # the raw HTML is kept
    store.close()


def test_a_stopped_watcher_leaves_a_queue_the_next_one_finishes(db_url, web, nlp):
    """Without a kill: fetched-not-ingested and queued-not-fetched URLs, on both backends."""
    config = Config(db=db_url, fetch=FAST)
    store = open_store(db_url)
    feed = web.url("/plateau/rss.xml")
    store.add_feed(feed)
    fetched, queued = web.url("/articles/pont-navette"), web.url("/articles/sarve-deviation")
    store.enqueue([fetched, queued], feed=feed)
    with Fetcher(config.fetch) as fetcher:
        store.save_page(fetcher.get(fetched), queue_state="fetched")
        report = poll_once(store, config, fetcher, nlp=nlp)
    assert report.added == 2 and web.site.hits["/articles/pont-navette"] == 1
    assert {store.queue_state(u)[0] for u in (fetched, queued)} == {"done"}
    assert store.feeds()[0].articles == 1  # the queued URL was not listed by that feed: counted nowhere
    store.close()


def test_fetched_articles_go_through_the_dask_engine_too(tmp_path, web, nlp):
    urls = [web.url(f"/articles/{a[0]}") for a in BRIDGE]
    local_config = Config(db=str(tmp_path / "local.db"), fetch=FAST)
    local = open_store(local_config.db)
    with Fetcher(FAST) as fetcher:
        fetch_urls(urls, local_config, local, fetcher, nlp=nlp)
    dask_config = replace(local_config, db=str(tmp_path / "dask.db"), engine="dask", workers=1)
    dask = open_store(dask_config.db)
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with Fetcher(FAST) as fetcher:
        report = fetch_urls(urls, dask_config, dask, fetcher)
    assert report.added == 3
    same = {k: v for k, v in build_dossier(dask).items() if k != "generated_at"}
    assert same == {k: v for k, v in build_dossier(local).items() if k != "generated_at"}
    local.close()
    dask.close()


def test_fetch_command_stores_pages_writes_the_dossier_and_lists_the_rejects(tmp_path, web):
    db, out = str(tmp_path / "f.db"), tmp_path / "out"
    done = recoupe("fetch", web.url("/articles/pont-sarve-ferme"), web.url("/redirect/1"), web.url("/absent"),
                   web.url("/private/secret"), "--db", db, "--out", str(out), "--allow-private", "--delay", "0",
                   check=False)
    assert done.returncode == 1 and "2 article(s) added" in done.stderr and "new story" in done.stderr
    dossier = json.loads((out / "dossier.json").read_text())
    assert sorted(a["source"] for a in dossier["articles"]) == [web.url("/articles/pont-sarve-ferme"),
                                                                web.url("/redirect/1")]
    rejects = recoupe("rejects", "--db", db).stdout.splitlines()
    assert rejects == [f"{web.url('/absent')}\tHTTP 404 Not Found",
                       f"{web.url('/private/secret')}\trobots.txt of {web.base[7:]} disallows /private/secret"]
    hits = sum(web.site.hits.values())
    again = recoupe("fetch", "--from-store", "--db", db)  # extraction re-run from the kept HTML
    assert "0 article(s) added, 2 already stored" in again.stderr and sum(web.site.hits.values()) == hits
