"""The web app through FastAPI's test client: the JSON API, pages, exports, escaping and the guard."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
import sqlite3
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from recoupe.config import Config
from recoupe.export.jsonout import validate
from recoupe.model import RawDocument
from recoupe.pipeline import ingest, update_stories
from recoupe.store import open_store
from recoupe.web import ServeSettings, create_app

from web_support import HOSTILE_ARTICLE, IMG, LINK, SCRIPT, enrich

BASE = "http://127.0.0.1"
SAME_ORIGIN = {"origin": BASE}  # what a browser sends with our own pages' posts (others are refused)


@pytest.fixture(scope="module")
def web_db(tmp_path_factory, examples_store, nlp):
    """A copy of the example store with the hostile article added and every story section filled in."""
    store, _ = examples_store
    path = tmp_path_factory.mktemp("web") / "web.db"
    dest = sqlite3.connect(path)
    store.db.backup(dest)
    dest.close()
    copy = open_store(str(path))
    config = Config(db=str(path))
    hostile = RawDocument(source="upload:hostile.json", format="json", **HOSTILE_ARTICLE)
    report = ingest(None, config, copy, nlp=nlp, raws=[hostile])
    update_stories(copy, config, new_ids=report.article_ids)
    story_id = enrich(copy)
    info = {"path": str(path), "story": story_id, "hostile": report.article_ids[0]}
    copy.close()
    return info


@pytest.fixture(scope="module")
def client(web_db, nlp):
    app = create_app(ServeSettings(config=Config(db=web_db["path"])), nlp=nlp)
    with TestClient(app, base_url=BASE, headers=SAME_ORIGIN) as c:
        yield c


@pytest.fixture()
def fresh(tmp_path, nlp):
    """A client over an empty store (for ingest), with a small upload limit."""
    app = create_app(ServeSettings(config=Config(db=str(tmp_path / "fresh.db")), max_upload_bytes=200_000), nlp=nlp)
    with TestClient(app, base_url=BASE, headers=SAME_ORIGIN) as c:
        yield c


def _store(web_db):
    return open_store(web_db["path"])


# -- stories ----------------------------------------------------------------------------------------------------
def test_stories_list_has_the_promised_fields_and_paginates(client, web_db):
    body = client.get("/api/stories").json()
    store = _store(web_db)
    stories = store.stories()
    store.close()
    assert body["next"] is None and body["total"] == len(stories) >= 3
    first = body["items"][0]
    assert {"id", "title", "article_count", "outlets", "first_date", "last_date", "updated_at"} <= set(first)
    by_id = {s.id: s for s in stories}
    for item in body["items"]:
        assert item["article_count"] == len(by_id[item["id"]].articles)
    seen = []
    url = "/api/stories?limit=1"
    while url:
        page = client.get(url).json()
        assert len(page["items"]) == 1
        seen += [i["id"] for i in page["items"]]
        url = page["next"]
    assert seen == [i["id"] for i in body["items"]]


def test_story_filters_by_outlet_date_and_entity(client, web_db):
    story = web_db["story"]
    outlets = client.get(f"/api/stories/{story}").json()["articles"]
    an_outlet = next(a["outlet"] for a in outlets if a["outlet"])
    def ids(**params):
        return [i["id"] for i in client.get("/api/stories", params=params).json()["items"]]

    assert story in ids(outlet=an_outlet)
    listed = client.get("/api/stories", params={"outlet": an_outlet}).json()["items"]
    assert all(an_outlet in i["outlets"] for i in listed)
    assert ids(**{"from": "1990-01-01", "to": "1990-12-31"}) == []
    assert story in ids(**{"from": "2025-03-10", "to": "2025-03-10"})
    assert story in ids(entity="dorvane")
    assert ids(entity="Nobody Atall") == []
    assert client.get("/api/stories", params={"from": "yesterday"}).status_code == 422


def test_story_dossier_follows_the_contract(client, web_db):
    dossier = client.get(f"/api/stories/{web_db['story']}").json()
    validate(dossier)
    assert [s["id"] for s in dossier["stories"]] == [web_db["story"]]
    assert {a["id"] for a in dossier["articles"]} == set(dossier["stories"][0]["articles"])
    s = dossier["stories"][0]
    assert s["summary"] and s["timeline"] and s["facts"] and s["conflicts"]
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    for x in s["summary"]:
        c = x["citations"][0]
        assert texts[c["article"]][c["start"]:c["end"]] == x["text"]


def test_unknown_ids_are_json_404s_with_a_message(client):
    for path in ("/api/stories/s-nope", "/api/articles/a-nope", "/api/entities/e-nope", "/api/jobs/j-nope",
                 "/api/nothing-here"):
        r = client.get(path)
        assert r.status_code == 404, path
        body = r.json()
        assert body["status"] == 404 and body["error"] == "not_found" and body["message"], path
    assert "s-nope" in client.get("/api/stories/s-nope").json()["message"]
    r = client.get("/api/stories?limit=0")
    assert r.status_code == 422 and "limit" in r.json()["message"]
    page = client.get("/stories/s-nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


# -- articles and search ------------------------------------------------------------------------------------------
def test_search_is_french_aware_and_highlights_the_words(client):
    body = client.get("/api/articles", params={"q": "sommets vessariens"}).json()
    assert body["items"], "inflected forms should match"
    for hit in body["items"]:
        words = [hit["snippet"][s:e].lower() for s, e in hit["highlights"]]
        assert words and all(w.startswith(("sommet", "vessarien")) for w in words), words
    accents = client.get("/api/articles", params={"q": "helene"}).json()["items"]
    plain = client.get("/api/articles", params={"q": "Hélène"}).json()["items"]
    assert [h["id"] for h in accents] == [h["id"] for h in plain]
    assert client.get("/api/articles", params={"q": "zzzqqq"}).json() == {"items": [], "next": None, "total": 0}


def test_article_has_text_furniture_and_analysis(client, web_db):
    listing = client.get("/api/articles", params={"limit": 500}).json()["items"]
    assert len(listing) >= 14
    a = client.get(f"/api/articles/{listing[0]['id']}").json()
    assert a["text"] and a["sentences"] and "removed" in a and "mentions" in a and "quotes" in a
    for m in a["mentions"]:
        assert a["text"][m["start"]:m["end"]] == m["text"]


def test_entity_shows_aliases_quotes_and_neighbours(client):
    items = client.get("/api/entities", params={"q": "dorvane"}).json()["items"]
    assert items
    e = client.get(f"/api/entities/{items[0]['id']}").json()
    assert e["name"] and e["mentions"] and e["articles"] and e["mentions_per_day"]
    assert e["cooccurring"] and all(n["weight"] >= 1 for n in e["cooccurring"])
    assert client.get(f"/entities/{items[0]['id']}").status_code == 200


# -- exports ------------------------------------------------------------------------------------------------------
def test_every_export_downloads_and_parses(client, web_db):
    story = web_db["story"]
    dossier = client.get(f"/api/stories/{story}").json()
    r = client.get(f"/api/stories/{story}/export/dossier.json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    validate(r.json())
    assert client.get(f"/api/stories/{story}/export/dossier.md").text.startswith("# recoupe dossier")
    assert "<html" in client.get(f"/api/stories/{story}/export/dossier.html").text
    facts = list(csv.DictReader(io.StringIO(client.get(f"/api/stories/{story}/export/facts.csv").text)))
    assert len(facts) == len(dossier["stories"][0]["facts"])
    quotes = list(csv.DictReader(io.StringIO(client.get(f"/api/stories/{story}/export/quotes.csv").text)))
    assert len(quotes) == len(dossier["quotes"]) > 0
    for name in ("entities.gexf", "entities.graphml"):
        root = ET.fromstring(client.get(f"/api/stories/{story}/export/{name}").content)
        nodes = [el for el in root.iter() if el.tag.endswith("}node")]
        assert len(nodes) == len(dossier["entities"]), name
    assert client.get("/api/export/dossier.json").status_code == 200
    assert client.get(f"/api/stories/{story}/export/passwd").status_code == 404


# -- escaping -----------------------------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))


def _inert(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    assert parser.bad == []
    assert parser.scripts == ["/static/app.js"]  # only our own static script, never one from an article


def test_hostile_article_renders_as_text_everywhere(client, web_db):
    hostile = web_db["hostile"]
    story = client.get(f"/api/articles/{hostile}").json()["story"]
    pages = [f"/articles/{hostile}", f"/stories/{story}", "/", "/search?q=pi%C3%A8ge", "/search?q=brevanne",
             "/entities"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        _inert(r.text)
    article = client.get(f"/articles/{hostile}").text
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", article))  # what a reader sees: the markup as text
    for piece in (SCRIPT, IMG, LINK, HOSTILE_ARTICLE["title"], HOSTILE_ARTICLE["url"]):
        assert piece in shown, piece
    assert 'href="javascript:' not in article


def test_every_response_carries_a_csp_without_inline_script(client):
    for path in ("/", "/api/stories", "/static/app.css", "/api/stories/s-nope"):
        csp = client.get(path).headers["content-security-policy"]
        script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
        assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
        assert "default-src 'none'" in csp
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


# -- the guard ----------------------------------------------------------------------------------------------------
def test_token_is_required_when_set(web_db, nlp):
    token = "s3cret-token-for-tests"
    app = create_app(ServeSettings(config=Config(db=web_db["path"]), token=token, allowed_hosts=None), nlp=nlp)
    with TestClient(app, base_url=BASE) as c:
        r = c.get("/api/stories")
        assert r.status_code == 401 and r.json()["error"] == "token_required"
        assert c.get("/", follow_redirects=False).status_code == 401
        assert c.get("/static/app.css").status_code == 401
        assert c.get("/api/stories", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/stories", headers={"authorization": f"Bearer {token}"}).status_code == 200
        r = c.get(f"/?token={token}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/" and "HttpOnly" in r.headers["set-cookie"]
        assert c.get("/").status_code == 200  # the cookie now carries it


def test_foreign_host_and_cross_site_posts_are_refused(client):
    assert client.get("/api/stories", headers={"host": "evil.example"}).status_code == 421
    r = client.post("/api/ingest", data={"text": "x"}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["error"] == "cross_origin"


def test_upload_over_the_limit_is_a_clear_413(fresh):
    r = fresh.post("/api/ingest", files={"files": ("big.txt", b"a" * 300_000, "text/plain")})
    assert r.status_code == 413
    assert "limit" in r.json()["message"] and r.json()["error"] == "too_large"


def test_paths_in_requests_never_reach_the_filesystem(fresh, tmp_path):
    assert fresh.get("/static/../pyproject.toml").status_code == 404
    assert fresh.get("/static/%2e%2e/%2e%2e/config.py").status_code == 404
    assert fresh.get("/api/export/..%2F..%2Fetc%2Fpasswd").status_code == 404
    r = fresh.post("/api/ingest", files={"files": ("../../escape.txt", "Un texte assez long pour un article. " * 5)})
    assert r.status_code == 200 and r.json()["added"] == 1
    article = fresh.get(f"/api/articles/{r.json()['articles'][0]}").json()
    assert article["source"] == "upload:escape.txt"
    assert not (tmp_path.parent / "escape.txt").exists() and not (tmp_path / "escape.txt").exists()


# -- ingest -------------------------------------------------------------------------------------------------------
def test_ingest_files_and_pasted_text_with_rejects(fresh):
    text = ("Le pont de Brévanne a cédé mardi soir sous le poids d'un convoi, a indiqué la préfecture. "
            "Aucun blessé n'est à déplorer, selon les pompiers.")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Flux</title><item><title>Crue à Varne</title>'
            "<description>La rivière est sortie de son lit mercredi à Varne, inondant les quais du port."
            "</description>"
            "<pubDate>Wed, 12 Mar 2025 08:00:00 GMT</pubDate></item></channel></rss>")
    r = fresh.post(
        "/api/ingest",
        files=[("files", ("pont.txt", text.encode("utf-8"), "text/plain")),
               ("files", ("flux.xml", feed.encode(), "application/rss+xml")),
               ("files", ("vide.txt", b"", "text/plain")),
               ("files", ("binaire.exe", b"MZ\x00\x01", "application/octet-stream"))],
        data={"text": "Un second texte collé, sur la crue de la Varne, qui ne cesse de monter depuis mercredi.",
              "outlet": "Le Courrier", "published": "2025-03-12"},
    )
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["state"] == "done" and job["added"] == 3 and len(job["stories"]) >= 1
    reasons = {rej["source"]: rej["reason"] for rej in job["rejects"]}
    assert reasons["upload:vide.txt"] == "empty file"
    assert "unsupported" in reasons["upload:binaire.exe"]
    assert fresh.get("/api/articles", params={"q": "pont brevanne"}).json()["items"]
    pasted = [a for a in fresh.get("/api/articles").json()["items"] if a["outlet"] == "Le Courrier"]
    assert pasted and pasted[0]["published"] == "2025-03-12"
    again = fresh.post("/api/ingest", files={"files": ("pont.txt", text.encode("utf-8"), "text/plain")}).json()
    assert again["added"] == 0 and again["skipped"] == 1


def test_ingest_without_waiting_reports_progress(fresh):
    body = json.dumps([{"title": f"Dépêche {i}", "text": f"La préfecture de Varne annonce la mesure numéro {i} "
                        "pour le port, applicable dès lundi.", "outlet": "AFX"} for i in range(3)])
    r = fresh.post("/api/ingest?wait=false", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 202 and r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    for _ in range(600):
        job = fresh.get(r.headers["location"]).json()
        if job["finished"]:
            break
        import time

        time.sleep(0.05)
    assert job["state"] == "done" and job["added"] == 3 and job["total"] == 3 and job["done"] == 3
    bad = fresh.post("/api/ingest", content=b"{not json", headers={"content-type": "application/json"})
    assert bad.status_code == 400 and "JSON" in bad.json()["message"]
    assert fresh.post("/api/ingest", data={"text": "  "}).status_code == 400


def test_ingest_page_redirects_to_a_job_page(fresh):
    r = fresh.post("/ingest", data={"text": "Le port de Varne rouvre ce jeudi après trois jours de fermeture."},
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ingest/jobs/j-")
    assert fresh.get(r.headers["location"]).status_code == 200


# -- pages --------------------------------------------------------------------------------------------------------
def test_pages_render(client, web_db):
    story = web_db["story"]
    dossier = client.get(f"/api/stories/{story}").json()
    for path in ("/", "/?outlet=AFX", "/entities", "/ingest", "/api", f"/stories/{story}", "/search?q=sommet",
                 f"/articles/{dossier['articles'][0]['id']}?cite=0-20"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
    page = client.get(f"/stories/{story}").text
    s = dossier["stories"][0]
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    c = s["summary"][0]["citations"][0]
    # the cited sentence is on the page, ready to open in place
    assert f"<mark>{texts[c['article']][c['start']:c['end']]}</mark>" in page.replace("&#39;", "'")
    assert page.count('class="cited-box"') == sum(
        len(x["citations"]) for sec in ("summary", "timeline", "facts") for x in s[sec]
    ) + sum(len(cl["citations"]) for cf in s["conflicts"] for cl in cf["claims"])
    assert "single source" in page and "Sources disagree" in page and "Who said what" in page


def test_openapi_document_lists_the_api(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/entities/{entity_id}", "/api/ingest"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/ingest"]
    assert client.get("/docs").status_code == 404  # the stock docs would load a CDN


def test_seeds_store_shows_the_kim_putin_story(seeds_store, nlp):
    """Done means: `recoupe serve` over a store built from ../shared/seeds shows the summit story."""
    store, _ = seeds_store
    app = create_app(ServeSettings(config=Config(db=store.path)), nlp=nlp)
    with TestClient(app, base_url=BASE) as c:
        items = c.get("/api/stories").json()["items"]
        story = max(items, key=lambda s: s["article_count"])
        assert story["article_count"] == 5 and len(story["outlets"]) == 5
        page = c.get(f"/stories/{story['id']}").text
        assert "Kim Jong" in page and "Poutine" in page
        hits = c.get("/api/articles", params={"q": "Vostochny"}).json()["items"]
        hits += c.get("/api/articles", params={"q": "Vostotchny"}).json()["items"]
        assert hits
        for hit in c.get("/api/articles", params={"limit": 10}).json()["items"]:
            _inert(c.get(f"/articles/{hit['id']}").text)


def test_merge_and_split_through_the_api_write_the_alias_file(client, web_db):
    import yaml

    people = client.get("/api/entities", params={"q": "dorvane", "limit": 5}).json()["items"]
    casimir = next(p for p in people if p["name"] == "Casimir Dorvane")
    other = next(p for p in people if p["id"] != casimir["id"])
    r = client.post(f"/api/entities/{other['id']}/merge", json={"into": casimir["id"]})
    assert r.status_code == 200, r.text
    assert r.json()["alias_file"] == "web.aliases.yaml"  # the file's name, never the server's folder
    path = client.app.state.aliases.path
    data = yaml.safe_load(open(path, encoding="utf-8"))
    entry = next(e for e in data if e["name"] == "Casimir Dorvane")
    assert other["name"] in entry["aliases"]
    bad = client.post(f"/api/entities/{casimir['id']}/split", json={"names": []})
    assert bad.status_code == 400 and "spelling" in bad.json()["message"]
    assert client.post("/api/entities/e-nope/merge", json={"into": casimir["id"]}).status_code == 404
    assert client.post(f"/api/entities/{other['id']}/merge", json={}).status_code == 400
    # the page form does the same and comes back to the entity with a notice
    r = client.post(f"/entities/{other['id']}/merge", data={"into": casimir["id"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/entities/{casimir['id']}?fixed=merge")
    assert "Correction written" in client.get(r.headers["location"]).text


def test_rebuild_job_rebuilds_the_stories(fresh):
    import time

    fresh.post("/api/ingest", data={"text": "Le port de Varne rouvre ce jeudi après trois jours de fermeture."})
    r = fresh.post("/api/rebuild")
    assert r.status_code == 202
    for _ in range(400):
        job = fresh.get(r.headers["location"]).json()
        if job["finished"]:
            break
        time.sleep(0.05)
    assert job["state"] == "done" and len(job["stories"]) == 1 and job["message"] == "1 story rebuilt"


def test_reads_go_on_while_an_upload_writes(fresh):
    """Each request has its own connection: pages and API answer while an ingest job writes (SQLite WAL)."""
    docs = [{"title": f"Crue {i}", "outlet": "AFX", "text": f"La Varne a débordé à Brévanne, quartier {i}, "
             "inondant les quais ; la préfecture a ouvert un centre d'accueil pour les habitants évacués."}
            for i in range(40)]
    r = fresh.post("/api/ingest?wait=false", json=docs)
    assert r.status_code == 202
    reads = 0
    while True:
        job = fresh.get(r.headers["location"]).json()
        for path in ("/api/stories", "/api/articles?q=varne", "/"):
            assert fresh.get(path).status_code == 200, path
            reads += 1
        if job["finished"]:
            break
    assert job["state"] == "done" and job["added"] == 40 and reads >= 3
    assert fresh.get("/api/articles", params={"q": "brevanne quais"}).json()["items"]
