"""End to end in headless Chromium: `recoupe serve` on a free loopback port, the example corpus uploaded through the
ingest page, then a person's path through the pages. Screenshots of the main pages go to test-output/web/.

Needs Debian's chromium (`./dev test` installs it) and the playwright package (pinned in the test extra); playwright
drives /usr/bin/chromium and never downloads a browser of its own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from recoupe.store import open_store

from web_support import HOSTILE_ARTICLE, add_sections, hostile_json, link_entities

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
SHOTS = ROOT / "test-output" / "web"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`recoupe serve` as a user starts it, on an empty store."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "serve.db"
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    log = open(folder / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "recoupe.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/stories", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"recoupe serve did not start: {(folder / 'serve.log').read_text()}")
            time.sleep(0.2)
    yield {"base": base, "db": str(db), "folder": folder}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        why = "needs Debian's chromium at /usr/bin/chromium (./dev test installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI must run the browser tests")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.problems = problems
    yield pg
    context.close()


def _shot(pg, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture(scope="module")
def uploaded(server, page, tmp_path_factory):
    """The example corpus and one hostile article, uploaded through the ingest page."""
    hostile = tmp_path_factory.mktemp("upload") / "hostile.json"
    hostile.write_text(hostile_json(), encoding="utf-8")
    files = sorted(str(p) for p in CORPUS.iterdir() if p.is_file()) + [str(hostile)]
    page.goto(server["base"] + "/ingest")
    _shot(page, "ingest")
    page.set_input_files("input[type=file]", files)
    page.click("form#ingest-form button[type=submit]")
    page.wait_for_url("**/ingest/jobs/j-*")
    seen_progress = page.locator("progress#job-progress").count() == 1
    _shot(page, "ingest-progress")
    page.wait_for_selector("h1:has-text('Articles added')", timeout=180_000)
    _shot(page, "ingest-done")
    return {"progress": seen_progress, "files": files}


def test_upload_through_the_ingest_page(server, page, uploaded):
    assert uploaded["progress"]
    message = page.inner_text("#job-message")
    assert "article(s) added" in message and " 0 rejected" in message, message
    assert page.locator(".job-stories a").count() >= 3
    store = open_store(server["db"])
    assert store.count_articles() == 14  # 13 example articles + the hostile one
    store.close()


def _story_with_citations(server) -> str:
    """The summit story; the cross-checking stage writes its summary, and until that stage has run on this store
    the test writes one itself from the story's own sentences (so citations are always exercised)."""
    store = open_store(server["db"])
    story = max(store.stories(), key=lambda s: len(s.articles))
    if not store.entities():
        link_entities(store)
    if not story.summary:
        add_sections(store, story.id)
    store.close()
    return story.id


def test_story_citation_opens_the_sentence_in_place(server, page, uploaded):
    story_id = _story_with_citations(server)
    page.goto(server["base"] + "/")
    _shot(page, "stories")
    page.click(f"a[href='/stories/{story_id}']")
    page.wait_for_selector("h1")
    assert "Kelvanie" in page.inner_text("h1")
    _shot(page, "story")
    cite = page.locator("#summary a.cite").first
    box = page.locator("#" + cite.get_attribute("data-cite"))
    assert box.is_hidden()
    cite.click()
    assert box.is_visible() and page.url.endswith(f"/stories/{story_id}")  # opened in place, no navigation
    sentence = box.locator("mark").inner_text()
    store = open_store(server["db"])
    summary = store.story(story_id).summary[0].citations[0]
    cited = store.article(summary.article).text[summary.start : summary.end]
    store.close()
    assert sentence.split() == cited.split()
    _shot(page, "story-citation-open", full_page=False)
    cite.click()
    assert box.is_hidden()
    # the citation's link leads to the article with the sentence marked
    page.goto(server["base"] + cite.get_attribute("href"))
    assert page.locator("mark.cited").inner_text().split() == cited.split()
    _shot(page, "article")


def test_search_for_a_name(server, page, uploaded):
    page.goto(server["base"] + "/")
    page.fill("header input[name=q]", "Dorvane")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Dorvane")
    hits = page.locator("li.hit")
    assert hits.count() >= 5
    marks = page.locator("li.hit .snippet mark").all_inner_texts()
    assert marks and all(m.lower().startswith("dorvane") for m in marks)
    _shot(page, "search")
    hits.first.locator("h2 a").click()
    page.wait_for_selector("#text")
    assert "Dorvane" in page.inner_text("#text")


def test_entity_page(server, page, uploaded):
    _story_with_citations(server)
    page.goto(server["base"] + "/entities?q=Dorvane")
    page.locator("table.entity-table a").first.click()
    page.wait_for_selector("h1")
    assert "Dorvane" in page.inner_text("h1")
    assert page.locator("svg.bars rect").count() >= 1
    _shot(page, "entity")


def test_the_payloads_are_live_outside_recoupe(browser):
    """So the next test means something: served raw, without escaping or CSP, the payloads do run."""
    from web_support import IMG, SCRIPT

    pg = browser.new_page()
    pg.set_content(f"<p>{SCRIPT}</p>")
    assert pg.evaluate("window.recoupePwned") == 1
    pg.set_content(f"<p>{IMG}</p>")
    pg.wait_for_function("window.recoupePwned === 2")
    pg.close()


def test_malicious_article_renders_inert(server, page, uploaded):
    page.goto(server["base"] + "/search?q=" + "Brévanne budget")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_selector("#text")
    text = page.inner_text("#text")
    assert "<script>" in text and "onerror=" in text and "javascript:" in text  # shown as text
    assert page.evaluate("window.recoupePwned") is None
    assert page.locator("#text script, #text img, #text svg, #text a[href^='javascript']").count() == 0
    assert HOSTILE_ARTICLE["title"] in page.inner_text("h1")
    _shot(page, "hostile-article")
    story = page.locator(".crumbs a").nth(1)
    story.click()
    page.wait_for_selector("h1")
    assert page.evaluate("window.recoupePwned") is None


def test_no_script_errors_or_csp_violations(page, uploaded):
    # Runs last: everything above loaded without a console error, a page error, a dialog or a CSP report.
    assert page.problems == []
