"""End to end in headless Chromium: `recoupe serve` on a free loopback port, the example corpus uploaded through the
ingest page, then a person's path through the pages. Screenshots of the main pages go to test-output/web/.

Needs Debian's chromium (`./dev test` installs it) and the playwright package (pinned in the test extra); playwright
drives /usr/bin/chromium and never downloads a browser of its own.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from web_support import HOSTILE_ARTICLE, add_busy_sections, add_sections, hostile_json, link_entities

from recoupe.store import open_store

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


# -- issue 16: what a fact-checker must be able to trust -------------------------------------------------------
@pytest.fixture(scope="module")
def busy(server, uploaded):
    """The summit story with many facts and a crowded timeline written from its own sentences."""
    story_id = _story_with_citations(server)
    store = open_store(server["db"])
    written = add_busy_sections(store, story_id)
    store.close()
    return {"story": story_id, **written}


def test_fact_matrix_dots_are_the_cited_outlets_in_their_columns(server, page, busy):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server["base"] + f"/stories/{busy['story']}?facts=all")
    headers = page.locator("table.matrix thead th.outlet-col")
    columns = [h.get_attribute("title") for h in headers.all()]
    assert len(columns) >= 3
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() == len(busy["facts"])
    card = page.locator("#facts").bounding_box()
    last = headers.nth(len(columns) - 1).bounding_box()
    assert last["x"] + last["width"] <= card["x"] + card["width"] + 0.5, "the last outlet column is cut off"
    spans = [headers.nth(i).bounding_box() for i in range(len(columns))]
    for r in range(rows.count()):
        row = rows.nth(r)
        # the outlets the row's own citations name (each citation box says its article's outlet)
        cited = {m.split(" · ")[0] for m in row.locator(".cited-box .meta").all_inner_texts()}
        cells = row.locator("td.dot")
        dotted = [columns[i] for i in range(cells.count()) if cells.nth(i).inner_text().strip() == "●"]
        assert set(dotted) == cited, (r, dotted, cited)
        for i in range(cells.count()):
            if cells.nth(i).inner_text().strip():
                dot = cells.nth(i).locator("span").bounding_box()
                centre = dot["x"] + dot["width"] / 2
                assert spans[i]["x"] <= centre <= spans[i]["x"] + spans[i]["width"], f"row {r}: dot off its column"


def _boxes_overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_timeline_draws_the_story_period_with_clusters_and_readable_labels(server, page, busy):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server["base"] + f"/stories/{busy['story']}")
    svg = page.locator("#timeline svg.timeline-axis")
    labels = svg.locator("text.tick-label")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert boxes, "the axis has labels"
    texts = labels.evaluate_all("els => els.map(e => e.textContent)")
    for i in range(len(boxes) - 1):
        assert not _boxes_overlap(boxes[i], boxes[i + 1]), (texts[i], texts[i + 1])
    years = {int(y) for t in texts for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", t)}
    assert not years or min(years) >= int(busy["day"][:4]) - 1, f"the axis runs back to {min(years)}"
    first, last = svg.get_attribute("data-first"), svg.get_attribute("data-last")
    assert first[:4] >= str(int(busy["day"][:4]) - 1) and last[:4] <= str(int(busy["day"][:4]) + 1), (first, last)
    # same-day events share one marker that counts them; markers never sit on one another
    marks = svg.locator("g.mark")
    dates = [marks.nth(i).get_attribute("data-date") for i in range(marks.count())]
    assert len(dates) == len(set(dates))
    cluster = svg.locator(f"g.mark[data-date='{busy['day']}']")
    assert cluster.count() == 1
    assert len(cluster.get_attribute("data-numbers").split()) == busy["same_day"]
    circles = [c.bounding_box() for c in svg.locator("g.mark circle").all()]
    for i in range(len(circles)):
        for j in range(i + 1, len(circles)):
            assert not _boxes_overlap(circles[i], circles[j]), "two markers overlap"
    # background dates are listed apart; the list has no repeat and no fragment
    background = page.locator("#timeline-background li").evaluate_all("els => els.map(e => e.dataset.date)")
    assert set(busy["background"]) <= set(background)
    texts = page.locator("#timeline li > div > p").all_inner_texts()
    assert len(texts) == page.locator("#timeline li").count() == len(set(texts))
    stripped = [t.split(" — ")[0] for t in texts]
    assert not any(busy["fragment"][:30] in t for t in texts), "a sentence fragment is listed"
    assert sum(busy["repeated"][:40] in t for t in stripped) == 1, "a repeated text is listed twice"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#timeline").screenshot(path=str(SHOTS / "story-timeline.png"))


STORY_WIDTHS = (390, 1366)


@pytest.mark.parametrize("width", STORY_WIDTHS)
def test_every_page_fits_the_window(server, browser, busy, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    store = open_store(server["db"])
    article = store.story(busy["story"]).articles[0]
    entity = store.entities()[0].id
    store.close()
    paths = ["/", f"/stories/{busy['story']}", f"/articles/{article}", "/entities", f"/entities/{entity}",
             "/search?q=Dorvane", "/ingest", "/api"]
    too_wide = {}
    for path in paths:
        pg.goto(server["base"] + path)
        width_used = pg.evaluate("document.documentElement.scrollWidth")
        if width_used > width:
            too_wide[path] = width_used
        brand = pg.locator("a.brand").bounding_box()
        assert brand["x"] >= 0 and brand["x"] + brand["width"] <= width, f"{path}: the logo is cut off"
    pg.goto(server["base"] + f"/stories/{busy['story']}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"story-{width}.png"), full_page=False)
    context.close()
    assert too_wide == {}, f"pages wider than the {width} px window: {too_wide}"


def test_entities_page_paginates(server, page, uploaded):
    page.goto(server["base"] + "/entities")
    rows = page.locator("table.entity-table tbody tr")
    store = open_store(server["db"])
    total = len(store.entities())
    store.close()
    assert total > 50, "the example corpus has more entities than one page"
    assert rows.count() == 50
    assert f"of {total}" in page.inner_text("#entities-count")
    hrefs = "els => els.map(e => e.getAttribute('href'))"
    first_page = rows.locator("td:first-child a").evaluate_all(hrefs)
    page.click("nav.pager a[rel=next]")
    page.wait_for_url("**/entities?*offset=50*")
    second = page.locator("table.entity-table tbody tr td:first-child a").evaluate_all(hrefs)
    assert second and not set(second) & set(first_page)


def test_story_shows_all_facts_on_demand_links_originals_and_exports_search(server, page, busy):
    page.goto(server["base"] + f"/stories/{busy['story']}")
    shown = page.locator("table.matrix tbody tr").count()
    assert shown < len(busy["facts"])
    page.click("#facts-more")
    page.wait_for_url("**facts=all*")
    assert page.locator("table.matrix tbody tr").count() == len(busy["facts"])
    store = open_store(server["db"])
    with_url = [a for a in store.articles(list(store.story(busy["story"]).articles))
                if a.url and a.url.startswith(("http://", "https://"))]
    store.close()
    originals = page.locator("table.articles a.original").evaluate_all("els => els.map(e => e.href)")
    assert {a.url for a in with_url} <= set(originals)
    page.goto(server["base"] + "/search?q=Dorvane")
    link = page.locator("a[href^='/api/search/export/search.csv']")
    assert link.count() == 1
    response = page.request.get(server["base"] + link.get_attribute("href"))
    assert response.ok and response.text().splitlines()[0].startswith("id,title")
    assert len(response.text().splitlines()) - 1 == page.locator("li.hit").count()


def test_split_an_entity_end_to_end(server, page, uploaded):
    """Split two spellings off an entity from its page (the second before any rebuild), rebuild, and the
    entity no longer has them while a new entity does; the alias file lists each spelling once."""
    import yaml

    store = open_store(server["db"])
    candidates = []
    for e in store.entities():
        spellings = [t for t in dict.fromkeys(m.text for m in e.mentions) if t != e.name]
        if e.type == "PER" and len(spellings) >= 2:
            candidates.append((e, spellings))
    store.close()
    assert candidates, "the example corpus has a person written several ways"
    entity, spellings = max(candidates, key=lambda c: len(c[0].mentions))
    first, second = spellings[0], spellings[1]
    page.goto(server["base"] + f"/entities/{entity.id}")
    for spelling, name in ((first, "Personne Scindée Un"), (second, "Personne Scindée Deux")):
        page.locator(f"form[action$='/split'] input[name=names][value='{spelling}']").check()
        page.fill("form[action$='/split'] input[name=name]", name)
        page.click("form[action$='/split'] button[type=submit]")
        page.wait_for_url(f"**/entities/{entity.id}?fixed=split*")
        assert spelling in page.inner_text("#pending")
    aliases = yaml.safe_load(Path(server["db"]).with_suffix(".aliases.yaml").read_text(encoding="utf-8"))
    for spelling in (first, second):
        holders = [e["name"] for e in aliases if spelling in [e["name"], *(e.get("aliases") or [])]]
        assert len(holders) == 1, (spelling, holders)
    page.click("#pending button[type=submit]")
    page.wait_for_url("**/ingest/jobs/j-*")
    page.wait_for_selector("h1:has-text('Stories rebuilt')", timeout=180_000)
    store = open_store(server["db"])
    entities = {e.id: e for e in store.entities()}
    store.close()
    kept = entities.get(entity.id)
    assert kept is not None
    assert first not in {m.text for m in kept.mentions} and second not in {m.text for m in kept.mentions}
    by_name = {e.name: e for e in entities.values()}
    assert first in {m.text for m in by_name["Personne Scindée Un"].mentions}
    assert second in {m.text for m in by_name["Personne Scindée Deux"].mentions}
    page.goto(server["base"] + f"/entities/{entity.id}")
    assert first not in page.locator("ul.seen").inner_text()


def test_no_script_errors_or_csp_violations(page, uploaded):
    # Runs last: everything above loaded without a console error, a page error, a dialog or a CSP report.
    assert page.problems == []
