"""The Sources page against a fake web on 127.0.0.1 (tests/fetchkit.py), and "new since your last visit"."""

import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from fetchkit import FakeWeb

from recoupe.config import Config, FetchParams
from recoupe.web import ServeSettings, create_app
from recoupe.web.sources import sources_of
from recoupe.web.visits import visits

BASE = "http://127.0.0.1"
FAST = FetchParams(allow_private=True, min_interval=0.0, read_timeout=2.0, retries=1, backoff=0.05)


@pytest.fixture()
def web():
    with FakeWeb() as w:
        yield w


@pytest.fixture()
def client(tmp_path, nlp):
    app = create_app(ServeSettings(config=Config(db=str(tmp_path / "s.db"), fetch=FAST)), nlp=nlp)
    # A browser sends its own origin on a form post from our pages; cross-site posts are refused (web/security.py).
    with TestClient(app, base_url=BASE, headers={"Origin": BASE}) as c:
        yield c


def wait_for(client, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runner = sources_of(client.app)
        if runner.activities and all(a.finished_at for a in runner.activities) and what():
            return
        time.sleep(0.2)
    raise AssertionError("the background fetch did not finish")


@pytest.mark.slow
def test_sources_page_follows_feeds_fetches_urls_and_shows_errors(client, web):
    page = client.get("/sources")
    assert page.status_code == 200 and "No feed yet" in page.text and 'href="/sources"' in page.text
    r = client.post("/sources/feeds", data={"url": web.url("/")}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sources?added=3"
    assert web.url("/gazette/atom.xml") in client.get("/sources").text
    r = client.post("/sources/feeds/remove", data={"url": web.url("/gazette/atom.xml")})
    assert r.status_code == 200 and "No longer following" in r.text
    assert [f.url for f in client.app.state.open_store().feeds()] == [web.url("/courrier/rss.xml"),
                                                                     web.url("/plateau/rss.xml")]
    bad = client.post("/sources/feeds", data={"url": web.url("/absent")}, follow_redirects=False)
    assert "error=HTTP%20404" in bad.headers["location"]

    urls = f"{web.url('/articles/pont-sarve-ferme')}\n{web.url('/articles/sarve-deviation')}\n{web.url('/absent')}"
    r = client.post("/sources/fetch", data={"urls": urls}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sources?fetching=3"
    store = client.app.state.open_store()
    wait_for(client, lambda: store.count_articles() == 2)
    text = client.get("/sources").text
    assert "2 articles added" in text and "new story" in text
    assert web.url("/absent") in text and "HTTP 404 Not Found" in text  # under recent errors


def test_pasting_no_url_or_too_many_is_refused(client):
    assert client.post("/sources/fetch", data={"urls": "  "}).status_code == 400
    many = "\n".join(f"http://a.example/{i}" for i in range(60))
    assert client.post("/sources/fetch", data={"urls": many}).status_code == 400
    assert client.post("/sources/feeds", data={"url": "file:///etc/passwd"}).status_code == 400


def test_a_cross_site_form_cannot_add_a_feed(client):
    r = client.post("/sources/feeds", data={"url": "http://a.example/rss"}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403


def test_the_last_visit_is_remembered_across_reloads_and_moves_on_at_the_next_visit():
    t0 = datetime(2025, 5, 1, 9, 0, tzinfo=timezone.utc)
    first, cookie = visits(None, t0)
    assert first is None
    later, cookie = visits(cookie, t0 + timedelta(minutes=5))  # a reload in the same visit
    assert later == "2025-05-01T09:00:00Z"
    next_day, cookie = visits(cookie, t0 + timedelta(days=1))
    assert next_day == "2025-05-01T09:05:00Z"  # the end of the previous visit
    assert visits("garbage|<script>", t0) == (None, "2025-05-01T09:00:00Z|2025-05-01T09:00:00Z")


def test_stories_list_marks_what_is_new_since_the_last_visit(tmp_path, nlp, web):
    from recoupe.ingest.fetch import Fetcher
    from recoupe.store import open_store
    from recoupe.watch import fetch_urls

    config = Config(db=str(tmp_path / "v.db"), fetch=FAST)
    store = open_store(config.db)
    with Fetcher(FAST) as fetcher:
        fetch_urls([web.url("/articles/marche-nocturne")], config, store, fetcher, nlp=nlp)
    app = create_app(ServeSettings(config=config), nlp=nlp)
    with TestClient(app, base_url=BASE) as c:
        first = c.get("/")
        assert "new since your last visit" not in first.text and "recoupe_visits" in first.headers["set-cookie"]
        time.sleep(1.1)  # store times have a one-second resolution
        left = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        c.cookies.set("recoupe_visits", f"{left}|{left}")  # as if that visit had ended an hour ago
        time.sleep(1.1)
        with Fetcher(FAST) as fetcher:
            fetch_urls([web.url("/articles/pont-sarve-ferme")], config, store, fetcher, nlp=nlp)
        again = c.get("/")
    assert again.text.count("new since your last visit") == 1 and "1 story new or updated" in again.text
    marked = again.text.split("new since your last visit</span>")[0].rsplit("<h2>", 1)[1]
    assert "pont de la Sarve" in marked
    store.close()


def test_serve_settings_carry_the_fetch_parameters(tmp_path):
    config = replace(Config(db=str(tmp_path / "x.db")), fetch=replace(FAST, every=60.0))
    app = create_app(ServeSettings(config=config))
    assert sources_of(app).config.fetch.every == 60.0 and sources_of(app).watching_every is None


@pytest.mark.slow
def test_the_watcher_beside_the_server_polls_the_feeds(client, web):
    store = client.app.state.open_store()
    store.add_feed(web.url("/plateau/rss.xml"))
    runner = sources_of(client.app)
    runner.watch(every=3600)
    try:
        wait_for(client, lambda: store.count_articles() == 1)
        web.site.phase = 2
        assert store.count_articles() == 1  # the next poll is an hour away
        page = client.get("/sources").text
        assert "watch: poll every feed" in page and "1 article added" in page and "every 60.0 min" in page
    finally:
        runner.stop.set()
    [feed] = store.feeds()
    assert (feed.last_status, feed.last_new, feed.articles) == ("ok", 1, 1)
