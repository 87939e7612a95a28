"""The polite HTTP client, feeds and page extraction, against a fake web on 127.0.0.1 (tests/fetchkit.py).

Nothing here loads spaCy: these tests are fast. The pipeline side is in test_watch.py.
"""

import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from fetchkit import FakeWeb

from recoupe.config import FetchParams
from recoupe.ingest.feeds import discover, feed_entries, opml_feeds, poll, sitemap_locations
from recoupe.ingest.fetch import Fetcher, user_agent
from recoupe.ingest.pages import page_document
from recoupe.model import Feed, Page, Reject

FAST = FetchParams(allow_private=True, min_interval=0.0, read_timeout=2.0, total_timeout=5.0, retries=1,
                   backoff=0.05, max_bytes=300_000, contact="desk@example.org")


@pytest.fixture()
def web():
    with FakeWeb() as w:
        yield w


def get(web, path, params=FAST, **kw):
    with Fetcher(params) as f:
        return f.get(web.url(path), **kw)


def test_an_article_page_gives_text_and_metadata(web):
    page = get(web, "/articles/pont-sarve-ferme")
    assert isinstance(page, Page) and page.status == 200 and page.content_hash
    doc = page_document(page, 100_000)
    assert doc.title == "Le pont de la Sarve fermé après la découverte de fissures"
    assert doc.outlet == "Le Courrier du Lac" and doc.author == "Inès Barrault" and doc.language == "fr"
    assert doc.published == "2025-03-03"
    assert doc.url == web.url("/articles/pont-sarve-ferme")
    assert "12 000 véhicules" in doc.text and "Mentions légales" not in doc.text


def test_every_request_names_recoupe_and_the_contact(web):
    get(web, "/articles/pont-navette")
    assert web.site.agents == {user_agent(FAST)}
    assert "recoupe" in user_agent(FAST) and "desk@example.org" in user_agent(FAST)


def test_a_redirect_chain_is_followed_and_the_canonical_url_kept(web):
    page = get(web, "/redirect/1")
    assert isinstance(page, Page) and page.final_url == web.url("/articles/pont-navette")
    assert page_document(page, 100_000).url == web.url("/articles/pont-navette")
    loop = get(web, "/loop")
    assert isinstance(loop, Reject) and "redirects" in loop.reason
    assert web.site.hits["/loop"] == FAST.max_redirects + 1


def test_http_errors_are_rejects_with_the_status(web):
    missing = get(web, "/absent")
    assert isinstance(missing, Reject) and missing.reason == "HTTP 404 Not Found"
    assert web.site.hits["/absent"] == 1  # a 404 is not retried


def test_a_500_is_retried_then_the_page_comes(web):
    page = get(web, "/flaky")
    assert isinstance(page, Page) and web.site.hits["/flaky"] == 2
    no_retry = get(web, "/flaky", replace(FAST, retries=0))  # hits is now 3: the server answers 200 again
    assert isinstance(no_retry, Page)


def test_a_500_without_retries_left_is_a_reject(web):
    got = get(web, "/flaky", replace(FAST, retries=0))
    assert isinstance(got, Reject) and got.reason == "HTTP 500 Internal Server Error"


def test_a_429_waits_what_retry_after_says(web):
    t0 = time.monotonic()
    page = get(web, "/busy")
    assert isinstance(page, Page) and web.site.hits["/busy"] == 2
    assert time.monotonic() - t0 >= 0.95  # Retry-After: 1
    too_long = get(web, "/busy-long")
    assert isinstance(too_long, Reject) and "Retry-After" in too_long.reason
    assert web.site.hits["/busy-long"] == 1  # gave up instead of waiting a day


def test_a_page_slower_than_the_timeout_is_a_reject(web):
    web.site.slow_seconds = 1.5
    t0 = time.monotonic()
    got = get(web, "/slow", replace(FAST, retries=0, read_timeout=0.3))
    assert isinstance(got, Reject) and got.reason == "timed out (no answer within 0.3 s)"
    assert time.monotonic() - t0 < 1.4


def test_a_page_over_the_size_limit_is_a_reject(web):
    got = get(web, "/huge")
    assert isinstance(got, Reject) and got.reason.startswith("too large")
    assert isinstance(get(web, "/huge", replace(FAST, max_bytes=10_000_000)), Page)


@pytest.mark.parametrize("path", ["/latin1-declared-utf8", "/utf8-declared-latin1"])
def test_a_wrong_charset_does_not_garble_the_text(web, path):
    doc = page_document(get(web, path), 100_000)
    assert not isinstance(doc, Reject), doc
    assert any(w in doc.text for w in ("fermé", "marché")) and "Ã" not in doc.text and "\ufffd" not in doc.text


def test_robots_txt_is_obeyed(web):
    got = get(web, "/private/secret")
    assert isinstance(got, Reject) and "robots.txt" in got.reason
    assert web.site.hits["/private/secret"] == 0 and web.site.hits["/robots.txt"] == 1
    assert isinstance(get(web, "/private/secret", replace(FAST, obey_robots=False)), Page)


def test_private_addresses_and_other_schemes_are_refused(web):
    got = get(web, "/articles/pont-navette", replace(FAST, allow_private=False))
    assert isinstance(got, Reject) and "--allow-private" in got.reason
    assert web.site.hits["/articles/pont-navette"] == 0
    with Fetcher(FAST) as f:
        assert "not an http or https URL" in f.get("file:///etc/passwd").reason
        assert "not an http or https URL" in f.get("ftp://127.0.0.1/x").reason


def test_conditional_get_gives_304_and_no_cookie_is_sent_back(web):
    with Fetcher(FAST) as f:
        first = f.get(web.url("/etag-page"))  # the site sets a cookie
        again = f.get(web.url("/etag-page"), etag=first.etag)
    assert first.etag == '"v1"' and again.status == 304 and again.body == b""
    assert web.site.cookies == {""}


def test_not_html_and_empty_pages_are_rejects(web):
    image = get(web, "/image.png")
    assert isinstance(image, Reject) and image.reason == "not HTML (image/png)"
    empty = page_document(get(web, "/empty-article"), 100_000)
    assert isinstance(empty, Reject) and "no main text" in empty.reason


def test_one_host_gets_one_request_at_a_time_and_the_interval_between(web):
    web.site.slow_seconds = 0.15
    urls = [web.url(f"/slow/{i}") for i in range(4)]
    with Fetcher(replace(FAST, workers=4, read_timeout=2.0)) as f:
        assert all(isinstance(p, Page) for p in f.get_many(urls))
    assert web.site.max_inflight == 1
    web.site.max_inflight = 0
    with Fetcher(replace(FAST, workers=4, per_host_concurrency=4, read_timeout=2.0)) as f:
        f.get_many(urls)
    assert web.site.max_inflight > 1  # the limit above is what kept it at one
    t0 = time.monotonic()
    with Fetcher(replace(FAST, min_interval=0.2)) as f:
        f.get_many([web.url("/articles/pont-navette"), web.url("/articles/sarve-deviation"), web.url("/etag-page")])
    assert time.monotonic() - t0 >= 0.55  # robots.txt, then three pages, 0.2 s apart


def test_feeds_list_entries_oldest_first_and_new_ones_appear(web):
    with Fetcher(FAST) as f:
        first = poll(f, Feed(web.url("/plateau/rss.xml")), FAST)
        assert first.ok and first.urls == (web.url("/articles/pont-navette"),) and first.title == "Radio Plateau"
        same = poll(f, Feed(web.url("/plateau/rss.xml"), etag=first.etag), FAST)
        assert same.ok and same.status == "not modified" and same.urls == ()
        web.site.phase = 2
        second = poll(f, Feed(web.url("/gazette/atom.xml"), etag=first.etag), FAST)
    assert second.urls == tuple(web.url(f"/articles/{s}")
                                for s in ("sarve-deviation", "brasteuil-marche", "incendie-entrepot"))


def test_broken_feeds_are_rejects():
    assert isinstance(feed_entries(b"<html><body>pas un flux</body></html>", "http://x/", 10), Reject)
    assert feed_entries(b'<rss version="2.0"><channel><title>Vide</title></channel></rss>', "http://x/", 10) == (
        "Vide", [])
    assert isinstance(opml_feeds(b"<rss></rss>"), Reject)
    assert isinstance(opml_feeds(b"\x00\x01"), Reject)


def test_opml_lists_every_feed(web):
    with Fetcher(FAST) as f:
        listed = opml_feeds(f.get(web.url("/feeds.opml"), kind="any").body)
    assert [u for u, _t in listed] == [web.url(p) for p in ("/courrier/rss.xml", "/gazette/atom.xml", "/plateau/rss.xml")]
    assert listed[0][1] == "Le Courrier du Lac"


def test_discovery_finds_feed_links_then_falls_back_to_the_sitemap(web):
    with Fetcher(FAST) as f:
        home = discover(f, web.url("/"))
        assert [x.url for x in home] == [web.url(p) for p in ("/courrier/rss.xml", "/gazette/atom.xml",
                                                              "/plateau/rss.xml")]
        listed = discover(f, web.url("/feeds.opml"))
        assert [x.url for x in listed] == [x.url for x in home]
        itself = discover(f, web.url("/plateau/rss.xml"))
        assert [(x.url, x.kind, x.title) for x in itself] == [(web.url("/plateau/rss.xml"), "feed", "Radio Plateau")]
        no_feed = discover(f, web.url("/articles/pont-navette"))
        assert [(x.url, x.kind) for x in no_feed] == [(web.url("/sitemap.xml"), "sitemap")]
        sitemap = poll(f, no_feed[0], FAST)
    assert sitemap.ok and sitemap.urls[-1] == web.url("/articles/pont-navette")  # newest last
    assert len(sitemap.urls) == 3


def test_sitemap_index_lists_child_sitemaps():
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://a.example/s1.xml'
             b"</loc></sitemap></sitemapindex>")
    assert sitemap_locations(index) == ([], ["http://a.example/s1.xml"])
    assert sitemap_locations(b"not xml at all <") == ([], [])
    import gzip

    pages = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.example/old</loc>'
             b"<lastmod>2025-01-02</lastmod></url><url><loc>http://a.example/new</loc><lastmod>2025-02-03</lastmod>"
             b"</url></urlset>")
    assert sitemap_locations(gzip.compress(pages)) == (["http://a.example/new", "http://a.example/old"], [])
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000)
    assert sitemap_locations(bomb, max_bytes=100_000) == ([], [])  # cut off, not inflated whole


# -- the store side (both backends) -----------------------------------------------------------------------
def test_store_keeps_feeds_pages_and_the_queue(store):
    assert store.add_feed("http://a.example/rss", title="A") and not store.add_feed("http://a.example/rss")
    store.record_poll("http://a.example/rss", "ok", ok=True, new=2, etag='"e1"')
    store.record_poll("http://a.example/rss", "HTTP 500 Internal Server Error", ok=False)
    store.count_feed_results({"http://a.example/rss": (2, 1)})
    [feed] = store.feeds()
    assert (feed.title, feed.etag, feed.last_status, feed.articles, feed.errors) == (
        "A", '"e1"', "HTTP 500 Internal Server Error", 2, 2)
    assert store.enqueue(["http://a.example/1", "http://a.example/2"], feed=feed.url) == [
        "http://a.example/1", "http://a.example/2"]
    assert store.enqueue(["http://a.example/2", "http://a.example/3"]) == ["http://a.example/3"]
    body = "<html><body><p>Texte inventé, accentué : é à ç.</p></body></html>".encode() * 50
    store.save_page(Page("http://a.example/1", "http://a.example/1b", body, content_hash="h1", encoding="utf-8"),
                    queue_state="fetched")
    assert store.queue("fetched") == [("http://a.example/1", feed.url)]
    assert [u for u, _f in store.queue()] == ["http://a.example/2", "http://a.example/3"]
    kept = store.page("http://a.example/1")
    assert kept.body == body and kept.final_url == "http://a.example/1b" and kept.article is None
    store.set_page_article("http://a.example/1", "a-0000000000000001", "http://a.example/canon")
    store.set_queue_state([("http://a.example/1", "done", None), ("http://a.example/2", "failed", "HTTP 404")])
    assert store.page("http://a.example/canon").article == "a-0000000000000001"
    assert store.page_with_hash("h1").url == "http://a.example/1"
    assert store.queue_state("http://a.example/2") == ("failed", "HTTP 404")
    assert store.remove_feed(feed.url) and not store.remove_feed(feed.url) and store.feeds() == []


# -- without any server: httpx's MockTransport answers, so nothing leaves the process -----------------------
def mock_fetcher(params, handler):
    import httpx

    return Fetcher(params, transport=httpx.MockTransport(handler))


def test_non_public_addresses_are_refused_before_any_request():
    import httpx

    asked = []

    def answer(request):
        asked.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"<html><body>ok</body></html>")

    with mock_fetcher(replace(FAST, allow_private=False), answer) as f:
        for url in ("http://10.1.2.3/", "http://192.168.0.10/a", "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/",
                    "http://224.0.0.1/"):
            got = f.get(url)
            assert isinstance(got, Reject) and "private or local address" in got.reason, (url, got)
        assert asked == []
        assert isinstance(f.get("http://93.184.215.14/page"), Page)  # a public address literal: no DNS needed
    assert asked == ["http://93.184.215.14/robots.txt", "http://93.184.215.14/page"]


def test_a_redirect_to_a_private_address_is_refused():
    import httpx

    def answer(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"location": "http://127.0.0.1:8080/admin"})

    with mock_fetcher(replace(FAST, allow_private=False), answer) as f:
        got = f.get("http://93.184.215.14/go")
    assert isinstance(got, Reject) and "private or local address" in got.reason


def test_an_unreachable_robots_txt_blocks_the_site_with_the_reason():
    import httpx

    def answer(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(503)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"<html></html>")

    with mock_fetcher(replace(FAST, retries=0), answer) as f:
        got = f.get("http://93.184.215.14/page")
    assert isinstance(got, Reject) and got.reason.endswith("answers HTTP 503: nothing may be fetched")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), st.from_regex(r"https?://[^\s/]{0,20}(:\d{0,6})?/.{0,30}", fullmatch=True)))
def test_any_address_gives_a_page_or_a_one_line_reject(url):
    import httpx

    with mock_fetcher(replace(FAST, retries=0), lambda request: httpx.Response(404)) as f:
        got = f.get(url)
    assert isinstance(got, Reject) and got.reason and "\n" not in got.reason


def test_robots_crawl_delay_spaces_the_requests_to_that_site():
    import httpx

    times = []

    def answer(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: recoupe\nCrawl-delay: 1\nDisallow: /brouillons/\n")
        times.append(time.monotonic())
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"<html><body>x</body></html>")

    with mock_fetcher(replace(FAST, workers=3), answer) as f:
        got = f.get_many([f"http://93.184.215.14/{i}" for i in range(3)] + ["http://93.184.215.14/brouillons/a"])
    assert [type(g).__name__ for g in got] == ["Page", "Page", "Page", "Reject"]
    assert len(times) == 3 and min(b - a for a, b in zip(times, times[1:])) >= 0.95
