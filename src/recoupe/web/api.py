"""The JSON API under /api/: what the pages show, plus ingest and exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from ..export import RENDERERS
from ..pipeline import build_dossier
from ..ingest.structured import read_json
from . import views
from .jobs import pasted, read_upload

router = APIRouter(prefix="/api", tags=["api"])

EXPORTS = {  # file name → (renderer format, media type)
    "dossier.json": ("json", "application/json"),
    "dossier.md": ("md", "text/markdown; charset=utf-8"),
    "dossier.html": ("html", "text/html; charset=utf-8"),
    "facts.csv": ("facts-csv", "text/csv; charset=utf-8"),
    "quotes.csv": ("quotes-csv", "text/csv; charset=utf-8"),
    "entities.gexf": ("gexf", "application/xml"),
    "entities.graphml": ("graphml", "application/xml"),
}


def store_dep(request: Request) -> Iterator:
    """One store connection per request (SQLite in WAL mode lets readers run beside the writer)."""
    store = request.app.state.open_store()
    try:
        yield store
    finally:
        store.close()


Store = Annotated[object, Depends(store_dep)]
Offset = Annotated[int, Query(ge=0, description="Skip this many items.")]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]


def page(request: Request, items: list, offset: int, limit: int, total: int) -> dict:
    """A page of a list: {"items": [...], "next": link to the next page or null, "total": n}. The link is
    relative (path and query): never built from the Host header a client sent."""
    nxt = None
    if offset + limit < total:
        url = request.url.include_query_params(offset=offset + limit, limit=limit)
        nxt = url.path + (f"?{url.query}" if url.query else "")
    return {"items": items[:limit], "next": nxt, "total": total}


@router.get("/stories", summary="Stories, newest first")
def list_stories(
    request: Request, store: Store, offset: Offset = 0, limit: Limit = 50,
    since: Annotated[date | None, Query(alias="from", description="Stories that run on or after this day.")] = None,
    until: Annotated[date | None, Query(alias="to", description="Stories that run on or before this day.")] = None,
    outlet: Annotated[str | None, Query(description="Only stories with an article from this outlet.")] = None,
    entity: Annotated[str | None, Query(description="An entity id (e-…) or a name: stories that mention it.")] = None,
) -> dict:
    items = views.story_items(store, since, until, outlet, entity)
    return page(request, items[offset : offset + limit], offset, limit, len(items))


@router.get("/stories/{story_id}", summary="One story's dossier (the dossier contract, with this story only)")
def get_story(story_id: str, store: Store) -> dict:
    return story_dossier(store, story_id)


def story_dossier(store, story_id: str) -> dict:
    dossier = build_dossier(store, story_ids=[story_id])
    if not dossier["stories"]:
        raise HTTPException(404, f"no story {story_id!r} in this store")
    return dossier


@router.get("/stories/{story_id}/export/{name}", summary="A story exported: " + ", ".join(EXPORTS))
def export_story(story_id: str, name: str, store: Store) -> Response:
    return export_response(story_dossier(store, story_id), name, story_id)


@router.get("/export/{name}", summary="The whole store exported: " + ", ".join(EXPORTS))
def export_all(name: str, store: Store) -> Response:
    return export_response(build_dossier(store), name, "recoupe")


def export_response(dossier: dict, name: str, stem: str) -> Response:
    if name not in EXPORTS:
        raise HTTPException(404, f"no export {name!r}; choose from {', '.join(EXPORTS)}")
    fmt, media = EXPORTS[name]
    body = RENDERERS[fmt](dossier)
    filename = f"{stem}-{name}"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'})


@router.get("/articles", summary="Articles; with q, a full-text search (accents, case and inflections ignored)")
def list_articles(
    request: Request, store: Store, offset: Offset = 0, limit: Limit = 50,
    q: Annotated[str | None, Query(description="Words that must all occur (the last one may be a prefix).")] = None,
) -> dict:
    if q:
        return page(request, search(store, q, offset, limit), offset, limit, search_total(store, q))
    rows = store.articles()
    assigned = dict(store.assignments())
    items = [_article_item(a, assigned.get(a.id)) for a in rows[offset : offset + limit]]
    return page(request, items, offset, limit, len(rows))


def _article_item(a, story: str | None) -> dict:
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "published": a.published,
            "published_inferred": a.published_inferred, "language": a.language, "source": a.source, "story": story}


def search_total(store, q: str) -> int:
    """How many articles a search finds in all."""
    counter = getattr(store, "count_search", None)
    if counter is not None:
        return counter(q)
    return len(store.search(q, limit=1_000_000))


SEARCH_EXPORTS = {"search.csv": "text/csv; charset=utf-8", "search.json": "application/json"}


@router.get("/search/export/{name}", summary="Search results as a file: search.csv or search.json (id, title, "
                                              "outlet, published, url, story, snippet), at most 10,000 hits")
def export_search(name: str, store: Store, request: Request,
                  q: Annotated[str, Query(description="The search words.")]) -> Response:
    if name not in SEARCH_EXPORTS:
        raise HTTPException(404, f"no export {name!r}; choose from {', '.join(SEARCH_EXPORTS)}")
    hits = search(store, q, 0, request.app.state.settings.search_export_max) if q.strip() else []
    fields = ["id", "title", "outlet", "published", "url", "story", "snippet"]
    if name == "search.json":
        body = json.dumps({"query": q, "total": len(hits), "items": [{k: h.get(k) for k in fields} for h in hits]},
                          ensure_ascii=False, indent=1)
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(hits)
        body = out.getvalue()
    return Response(body, media_type=SEARCH_EXPORTS[name],
                    headers={"content-disposition": f'attachment; filename="recoupe-{name}"'})


def search(store, q: str, offset: int, limit: int) -> list[dict]:
    """Search hits with a snippet and where the query's words are in it ([start, end] offsets in the snippet)."""
    hits = [h[0] for h in store.search(q, limit=limit, offset=offset)]
    articles = {a.id: a for a in store.articles(hits)}
    assigned = dict(store.assignments())
    terms = getattr(store, "terms", None)
    if terms is None:
        from ..store.textsearch import Terms

        terms = Terms()
    out = []
    for aid in hits:
        a = articles[aid]
        snippet, matches = terms.snippet(a.text, a.language, q)
        out.append(_article_item(a, assigned.get(aid)) | {"snippet": snippet,
                                                          "highlights": [[m.start, m.end] for m in matches]})
    return out


@router.get("/articles/{article_id}", summary="One article: cleaned text, removed furniture, sentences, "
                                              "mentions, quotes, time expressions")
def get_article(article_id: str, store: Store) -> dict:
    v = views.article_view(store, article_id)
    return v["a"] | v["api"]


@router.get("/entities", summary="Entities, most mentioned first")
def list_entities(
    request: Request, store: Store, offset: Offset = 0, limit: Limit = 50,
    q: Annotated[str | None, Query(description="Part of a name or alias (accents ignored).")] = None,
) -> dict:
    items = views.entity_items(store, q)
    return page(request, items[offset : offset + limit], offset, limit, len(items))


@router.get("/entities/{entity_id}", summary="One entity: aliases, role, mentions over time, quotes by and "
                                            "about it, co-occurring entities")
def get_entity(entity_id: str, store: Store) -> dict:
    v = views.entity_view(store, entity_id)
    e = v["e"]
    return {
        "id": e.id, "name": e.name, "type": e.type, "role": e.role, "wikidata": e.wikidata,
        "aliases": list(e.aliases), "seen_as": [{"text": t, "count": n} for t, n in v["seen"]],
        "mentions": [{"article": m.article, "start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
        "mentions_per_day": v["per_day"], "articles": v["articles"],
        "quotes_by": v["quotes_by"], "quotes_about": v["quotes_about"], "cooccurring": v["near"],
    }


def _entity(store, entity_id: str):
    found = next((e for e in store.entities() if e.id == entity_id), None)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r} in this store")
    return found


async def _fields(request: Request) -> dict:
    """A JSON object body, or form fields (lists where a field repeats)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "the JSON body is not valid JSON") from None
        if not isinstance(body, dict):
            raise HTTPException(400, "send a JSON object")
        return body
    form = await request.form(max_files=0, max_fields=200)
    return {k: (form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k)) for k in form}


def merge_entity(request: Request, store, entity_id: str, fields: dict) -> dict:
    absorb = _entity(store, entity_id)
    into = fields.get("into")
    if not isinstance(into, str) or not into:
        raise HTTPException(400, "say which entity this one is the same as: field 'into' (an entity id)")
    entry = request.app.state.aliases.merge(_entity(store, into), absorb)
    return {"alias_file": request.app.state.aliases.path.name, "entries": [entry]}


def split_entity(request: Request, store, entity_id: str, fields: dict) -> dict:
    entity = _entity(store, entity_id)
    names = fields.get("names") or []
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise HTTPException(400, "field 'names' must list the spellings to split off")
    name = fields.get("name") if isinstance(fields.get("name"), str) else ""
    entries = request.app.state.aliases.split(entity, names, name)
    return {"alias_file": request.app.state.aliases.path.name, "entries": entries}


@router.post("/entities/{entity_id}/merge", summary="Record in the alias file that this entity is the same as "
                                                   "another ('into'); applied when stories are next rebuilt")
async def api_merge(entity_id: str, request: Request, store: Store) -> dict:
    fields = await _fields(request)
    return await anyio.to_thread.run_sync(merge_entity, request, store, entity_id, fields)


@router.post("/entities/{entity_id}/split", summary="Record in the alias file that some spellings ('names') "
                                                   "are another entity ('name'); applied when stories are next "
                                                   "rebuilt")
async def api_split(entity_id: str, request: Request, store: Store) -> dict:
    fields = await _fields(request)
    return await anyio.to_thread.run_sync(split_entity, request, store, entity_id, fields)


@router.post("/rebuild", summary="Rebuild every story (entities, stories, cross-checking) from the stored "
                                 "articles, e.g. after alias corrections", status_code=202)
def rebuild(request: Request) -> JSONResponse:
    job = request.app.state.jobs.submit_rebuild("rebuild after corrections")
    return JSONResponse(job.as_dict(), status_code=202, headers={"location": f"/api/jobs/{job.id}"})


INGEST_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                  "description": "txt, md, html, json, jsonl, RSS/Atom (rss, atom, xml)"},
                        "text": {"type": "string", "description": "Pasted article text"},
                        "title": {"type": "string"}, "outlet": {"type": "string"},
                        "published": {"type": "string", "description": "YYYY-MM-DD"},
                        "language": {"type": "string"}, "url": {"type": "string"},
                    },
                }
            },
            "application/json": {"schema": {"description": "An article object, a list of them, or "
                                                           "{\"articles\": [...]} (title, text or html, url, outlet, "
                                                           "published)"}},
        }
    }
}


async def read_ingest_request(request: Request) -> tuple[list, str]:
    """The uploaded files, pasted text or JSON body as raw documents (and rejects), plus a label for the job."""
    settings = request.app.state.settings
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        body = await request.body()
        try:
            text = body.decode("utf-8")
            json.loads(text)
        except (UnicodeDecodeError, ValueError) as exc:
            raise HTTPException(400, f"the JSON body is not valid JSON ({exc})") from None
        return list(read_json(text, "upload:request.json", settings.config.max_article_chars)), "JSON body"
    if not ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise HTTPException(415, "send multipart/form-data (files or text) or application/json")
    form = await request.form(max_files=1000, max_fields=50, max_part_size=settings.config.max_article_chars * 4)
    raws, names = [], []
    for upload in form.getlist("files"):
        if isinstance(upload, UploadFile):
            if not upload.filename and not upload.size:
                continue  # the empty file input of a form sent without files
            data = await upload.read()
            raws.extend(await anyio.to_thread.run_sync(read_upload, upload.filename, data, settings))
            names.append(upload.filename or "unnamed")
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        fields = {k: (form.get(k) or None) for k in ("title", "outlet", "published", "language", "url")}
        raws.append(pasted(text, **{k: v if isinstance(v, str) else None for k, v in fields.items()}))
        names.append("pasted text")
    if not raws:
        raise HTTPException(400, "nothing to ingest: attach files (field 'files') or paste text (field 'text')")
    label = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return raws, label


@router.post("/ingest", summary="Add articles (files, pasted text or JSON) and update the stories",
             openapi_extra=INGEST_BODY, status_code=200)
async def ingest(
    request: Request,
    wait: Annotated[bool, Query(description="Wait for the job to finish (else 202 and poll /api/jobs/{id}).")] = True,
) -> JSONResponse:
    raws, label = await read_ingest_request(request)
    job = request.app.state.jobs.submit(raws, label)
    if not wait:
        return JSONResponse(job.as_dict(), status_code=202, headers={"location": f"/api/jobs/{job.id}"})
    await anyio.to_thread.run_sync(job.finished.wait)
    return JSONResponse(job.as_dict(), status_code=500 if job.state == "failed" else 200)


@router.get("/jobs/{job_id}", summary="An ingest job's progress and result")
def get_job(job_id: str, request: Request) -> dict:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} (jobs are kept in memory while the server runs)")
    return job.as_dict()
