"""The web app's answers a fact-checker and an attacker would probe (issue 16): job page wording, error pages,
sources without outlet metadata, cross-site posts, server paths, Host-built links and the API's JSON answers."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from fastapi.testclient import TestClient
from web_support import add_sections

from recoupe.config import Config
from recoupe.model import RawDocument
from recoupe.pipeline import ingest, update_stories
from recoupe.store import open_store
from recoupe.web import ServeSettings, create_app

BASE = "http://127.0.0.1"
SAME_ORIGIN = {"origin": BASE}
# Three reports of one invented event, none naming its outlet: one from a web address, two from files on the
# server (whose folders must never be shown).
INBOX = "/srv/recoupe-inbox/2025/mars"
NO_OUTLET = [
    RawDocument(source=f"{INBOX}/depeche-varne-17.txt", format="txt", title="Crue de la Varne à Brévanne",
                published="2025-03-12",
                text="La Varne est sortie de son lit mercredi à Brévanne, inondant les quais du port. "
                     "La préfecture a ouvert un centre d'accueil pour les habitants évacués du quartier des Tanneurs. "
                     "Les pompiers ont procédé à quarante évacuations dans la nuit, selon la préfecture."),
    RawDocument(source="https://www.courrier-varne.test/crue-brevanne", format="txt",
                url="https://www.courrier-varne.test/crue-brevanne", title="Brévanne sous les eaux",
                published="2025-03-12",
                text="La Varne a débordé mercredi à Brévanne et inondé les quais du port. La préfecture a ouvert "
                     "un centre d'accueil pour les habitants évacués du quartier des Tanneurs. Quarante personnes "
                     "ont été évacuées par les pompiers dans la nuit."),
    RawDocument(source=f"{INBOX}/note-crue.md", format="txt", title=None, published="2025-03-13",
                text="À Brévanne, la décrue de la Varne a commencé jeudi matin après l'inondation des quais du "
                     "port. Le centre d'accueil ouvert par la préfecture pour les habitants évacués du quartier "
                     "des Tanneurs reste ouvert."),
]


@pytest.fixture(scope="module")
def no_outlet_db(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("no-outlet") / "sources.db"
    config = Config(db=str(path))
    store = open_store(str(path))
    report = ingest(None, config, store, nlp=nlp, raws=NO_OUTLET)
    update_stories(store, config, new_ids=report.article_ids)
    story = max(store.stories(), key=lambda s: len(s.articles))
    add_sections(store, story.id)
    info = {"path": str(path), "story": story.id, "articles": report.article_ids}
    store.close()
    return info


@pytest.fixture(scope="module")
def app_client(no_outlet_db, nlp):
    app = create_app(ServeSettings(config=Config(db=no_outlet_db["path"])), nlp=nlp)
    with TestClient(app, base_url=BASE, headers=SAME_ORIGIN) as c:
        yield c


@pytest.fixture()
def small(tmp_path, nlp):
    app = create_app(ServeSettings(config=Config(db=str(tmp_path / "small.db")), max_upload_bytes=100_000), nlp=nlp)
    with TestClient(app, base_url=BASE, headers=SAME_ORIGIN) as c:
        yield c


def _wait(client, job_id: str) -> dict:
    import time

    for _ in range(600):
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["finished"]:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def _shown(page: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


# -- 4. the job page and a too-large upload through the page -------------------------------------------------------
def test_job_page_does_not_announce_articles_when_none_was_added(small):
    r = small.post("/ingest", files=[("files", ("vide.txt", b"", "text/plain")),
                                     ("files", ("binaire.exe", b"MZ\x00", "application/octet-stream"))],
                   follow_redirects=False)
    assert r.status_code == 303
    job = _wait(small, r.headers["location"].rsplit("/", 1)[1])
    assert job["added"] == 0 and len(job["rejects"]) == 2
    page = small.get(r.headers["location"]).text
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.DOTALL).group(1)
    assert "added" not in h1.lower() or "no article" in h1.lower(), h1
    assert "Rejected (2)" in page


def test_too_large_upload_through_the_page_answers_a_page(small):
    r = small.post("/ingest", files={"files": ("big.txt", b"a" * 150_000, "text/plain")},
                   headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Too large</h1>" in r.text and "limit" in r.text
    # the API keeps answering JSON
    api = small.post("/api/ingest", files={"files": ("big.txt", b"a" * 150_000, "text/plain")})
    assert api.status_code == 413 and api.json()["error"] == "too_large"


# -- 7. sources without outlet metadata -----------------------------------------------------------------------------
def test_sources_without_outlet_are_named_by_site_or_file(app_client, no_outlet_db):
    page = app_client.get(f"/stories/{no_outlet_db['story']}").text
    shown = _shown(page)
    assert "0 outlets" not in shown
    assert re.search(r"\b[1-9]\d* outlets?\b", shown)
    assert "courrier-varne.test" in shown and "depeche-varne-17.txt" in shown
    # citations are labelled by a name, never by a raw article id, and carry the article's title on hover
    labels = re.findall(r'<a class="cite"[^>]*title="([^"]*)"[^>]*>([^<]*)</a>', page)
    assert labels
    for title, label in labels:
        assert not re.match(r"a-[0-9a-f]{8,}", label), label
        assert title and not re.match(r"a-[0-9a-f]{8,}$", title), title
    # the story list says how many sources, never "0 outlets"
    listing = app_client.get("/api/stories").json()["items"]
    assert all(item["outlets"] for item in listing)


# -- 10. state-changing requests must come from our own pages -------------------------------------------------------
def test_posts_without_a_same_origin_origin_or_referer_are_refused(no_outlet_db, nlp):
    app = create_app(ServeSettings(config=Config(db=no_outlet_db["path"])), nlp=nlp)
    with TestClient(app, base_url=BASE) as c:
        bare = c.post("/rebuild", follow_redirects=False)
        assert bare.status_code == 403
        foreign = c.post("/rebuild", headers={"referer": "http://evil.example/page"}, follow_redirects=False)
        assert foreign.status_code == 403
        api = c.post("/api/rebuild", data={"x": "1"})
        assert api.status_code == 403 and api.json()["error"] == "cross_origin"
        assert c.post("/api/rebuild", headers={"origin": "null"}).status_code == 403
        # our own pages (Origin, or Referer without Origin) and programs (a header no other site can send) pass
        assert c.post("/rebuild", headers={"origin": BASE}, follow_redirects=False).status_code == 303
        assert c.post("/rebuild", headers={"referer": BASE + "/entities"}, follow_redirects=False).status_code == 303
        assert c.post("/api/rebuild", headers={"x-requested-with": "curl"}).status_code == 202
        assert c.post("/api/rebuild", json={}).status_code == 202


# -- 12. file names, never server paths ------------------------------------------------------------------------------
def test_pages_show_file_names_never_server_paths(app_client, no_outlet_db):
    store = open_store(no_outlet_db["path"])
    file_article = next(a for a in store.articles() if a.source.startswith(INBOX))
    entity = store.entities()[0] if store.entities() else None
    store.close()
    page = app_client.get(f"/articles/{file_article.id}").text
    assert INBOX not in page and file_article.source.rsplit("/", 1)[1] in page
    story = app_client.get(f"/stories/{no_outlet_db['story']}").text
    assert INBOX not in story
    for fmt in ("dossier.md", "dossier.html"):
        assert INBOX not in app_client.get(f"/api/stories/{no_outlet_db['story']}/export/{fmt}").text, fmt
    if entity is not None:
        alias_dir = str(app_client.app.state.aliases.path.parent)
        entity_page = app_client.get(f"/entities/{entity.id}").text
        assert alias_dir not in entity_page and app_client.app.state.aliases.path.name in entity_page
        others = [e for e in app_client.get("/api/entities", params={"limit": 500}).json()["items"]
                  if e["id"] != entity.id and e["type"] == entity.type]
        if others:
            r = app_client.post(f"/api/entities/{others[0]['id']}/merge", json={"into": entity.id})
            assert r.status_code == 200 and "/" not in r.json()["alias_file"]


# -- 13. links never built from the client's Host --------------------------------------------------------------------
def test_next_links_do_not_use_the_host_header(no_outlet_db, nlp):
    token = "a-token-for-host-tests-0123"
    app = create_app(ServeSettings(config=Config(db=no_outlet_db["path"]), token=token, allowed_hosts=None), nlp=nlp)
    with TestClient(app, base_url=BASE) as c:
        headers = {"authorization": f"Bearer {token}", "host": "evil.example"}
        for path in ("/api/articles?limit=1", "/api/stories?limit=1", "/api/entities?limit=1",
                     "/api/articles?q=Varne&limit=1"):
            body = c.get(path, headers=headers).json()
            if body["total"] < 2:  # one story: no next page
                assert body["next"] is None, path
                continue
            assert body["next"], path
            assert body["next"].startswith("/api/") and "evil.example" not in body["next"], body["next"]
            assert c.get(body["next"], headers={"authorization": f"Bearer {token}"}).status_code == 200


# -- 14. the API answers JSON, lists say their total, error codes are words ------------------------------------------
def test_api_index_answers_json_when_asked(app_client):
    r = app_client.get("/api", headers={"accept": "application/json"})
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["openapi"] == "/api/openapi.json" and any(e["path"] == "/api/stories" for e in body["endpoints"])
    assert app_client.get("/api", headers={"accept": "text/html"}).headers["content-type"].startswith("text/html")


def test_every_list_has_a_total(app_client):
    for path in ("/api/stories", "/api/articles", "/api/entities", "/api/articles?q=Varne", "/api/articles?q=zzqx"):
        body = app_client.get(path).json()
        assert isinstance(body.get("total"), int), path
        assert body["total"] >= len(body["items"]), path
    assert app_client.get("/api/articles?q=Varne&limit=1").json()["total"] == 3


def test_unsupported_media_type_has_a_code(app_client):
    r = app_client.post("/api/ingest", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert r.json()["error"] == "unsupported_media_type"


# -- 8. links to the originals, exported search results ---------------------------------------------------------------
def test_story_and_both_dossier_exports_link_to_the_original(app_client, no_outlet_db):
    url = "https://www.courrier-varne.test/crue-brevanne"
    story = app_client.get(f"/stories/{no_outlet_db['story']}").text
    assert f'href="{url}"' in story
    md = app_client.get(f"/api/stories/{no_outlet_db['story']}/export/dossier.md").text
    assert f"]({url})" in md
    html = app_client.get(f"/api/stories/{no_outlet_db['story']}/export/dossier.html").text
    assert f'href="{url}"' in html


def test_search_results_export_as_csv_and_json(app_client):
    import csv
    import io

    page = app_client.get("/search", params={"q": "Varne"}).text
    assert "/api/search/export/search.csv?q=Varne" in page
    rows = list(csv.DictReader(io.StringIO(app_client.get("/api/search/export/search.csv", params={"q": "Varne"}).text)))
    body = app_client.get("/api/search/export/search.json", params={"q": "Varne"}).json()
    listed = app_client.get("/api/articles", params={"q": "Varne", "limit": 500}).json()
    assert [r["id"] for r in rows] == [h["id"] for h in body["items"]] == [h["id"] for h in listed["items"]]
    assert len(rows) == listed["total"] == 3
    assert app_client.get("/api/search/export/passwd", params={"q": "Varne"}).status_code == 404
