"""Server-rendered pages. Each page is a Jinja template fed by `views`; scripts are static files that only
enhance (citations open in place, ingest progress updates without reloading)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

import anyio
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from ..export import view
from . import views
from .visits import COOKIE as VISITS_COOKIE, visits
from .api import EXPORTS, Store, _fields, merge_entity, read_ingest_request, search, split_entity, story_dossier

router = APIRouter(include_in_schema=False)


def html(request: Request, template: str, **context) -> HTMLResponse:
    page = request.app.state.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(page)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/")
def stories_page(
    request: Request, store: Store,
    since: Annotated[str | None, Query(alias="from")] = None,
    until: Annotated[str | None, Query(alias="to")] = None,
    outlet: str | None = None, entity: str | None = None, offset: int = 0,
):
    limit = request.app.state.settings.page_size
    filters = {"from": since or "", "to": until or "", "outlet": outlet or "", "entity": entity or ""}
    items = views.story_items(store, _day(since), _day(until), outlet or None, entity or None)
    offset = max(0, offset)
    last_visit, cookie = visits(request.cookies.get(VISITS_COOKIE))
    response = html(
        request, "stories.html", items=items[offset : offset + limit], total=len(items), offset=offset, limit=limit,
        filters=filters, filtered=any(filters.values()), outlets=views.all_outlets(store),
        entity_names=[e["name"] for e in views.entity_items(store)[:300]], articles=store.count_articles(),
        last_visit=last_visit, new_count=sum(1 for s in items if last_visit and (s.get("updated_at") or "") > last_visit),
    )
    days = request.app.state.settings.visit_cookie_days
    response.set_cookie(VISITS_COOKIE, cookie, max_age=days * 24 * 3600, httponly=True, samesite="lax")
    return response


@router.get("/search")
def search_page(request: Request, store: Store, q: str = "", offset: int = 0):
    limit = request.app.state.settings.page_size
    offset = max(0, offset)
    hits = search(store, q, offset, limit + 1) if q.strip() else []
    titles = {s.id: s.title for s in store.stories()} if hits else {}
    for h in hits:
        h["parts"] = _marked_parts(h["snippet"], h["highlights"])
        h["story_title"] = titles.get(h["story"])
        h["source_name"] = view.source_name(h)
    return html(request, "search.html", q=q, hits=hits[:limit], more=len(hits) > limit, offset=offset, limit=limit)


def _marked_parts(snippet: str, highlights: list[list[int]]) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) pieces, for the template to escape and mark."""
    parts, pos = [], 0
    for start, end in highlights:
        parts += [(snippet[pos:start], False), (snippet[start:end], True)]
        pos = end
    parts.append((snippet[pos:], False))
    return [p for p in parts if p[0]]


@router.get("/stories/{story_id}")
def story_page(story_id: str, request: Request, store: Store, facts: str = ""):
    v = views.story_view(story_dossier(store, story_id), request.app.state.settings.config.charts)
    shown = len(v["facts"]) if facts == "all" else request.app.state.settings.facts_shown
    return html(request, "story.html", exports=list(EXPORTS), facts_shown=shown, **v)


@router.get("/articles/{article_id}")
def article_page(article_id: str, request: Request, store: Store, cite: str | None = None):
    v = views.article_view(store, article_id, views.parse_span(cite))
    return html(request, "article.html", **v)


@router.get("/entities")
def entities_page(request: Request, store: Store, q: str = "", offset: int = 0):
    limit = request.app.state.settings.page_size
    items = views.entity_items(store, q or None)
    offset = max(0, offset)
    return html(request, "entities.html", items=items[offset : offset + limit], total=len(items), q=q,
                offset=offset, limit=limit)


@router.get("/entities/{entity_id}")
def entity_page(entity_id: str, request: Request, store: Store, fixed: str | None = None):
    aliases = request.app.state.aliases
    return html(request, "entity.html", fixed=fixed, alias_file=aliases.path.name,
                pending=views.pending_corrections(aliases, entity_id, store),
                **views.entity_view(store, entity_id))


@router.post("/entities/{entity_id}/merge")
async def merge_form(entity_id: str, request: Request, store: Store):
    fields = await _fields(request)
    await anyio.to_thread.run_sync(merge_entity, request, store, entity_id, fields)
    return RedirectResponse(f"/entities/{quote(str(fields['into']))}?fixed=merge#fix", status_code=303)


@router.post("/entities/{entity_id}/split")
async def split_form(entity_id: str, request: Request, store: Store):
    fields = await _fields(request)
    await anyio.to_thread.run_sync(split_entity, request, store, entity_id, fields)
    return RedirectResponse(f"/entities/{quote(entity_id)}?fixed=split#fix", status_code=303)


@router.post("/rebuild")
def rebuild_form(request: Request):
    job = request.app.state.jobs.submit_rebuild("rebuild after corrections")
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest")
def ingest_page(request: Request):
    settings = request.app.state.settings
    return html(request, "ingest.html", max_mb=settings.max_upload_bytes / 2**20,
                max_file_mb=settings.config.max_file_bytes / 2**20)


@router.post("/ingest")
async def ingest_form(request: Request):
    raws, label = await read_ingest_request(request)
    job = request.app.state.jobs.submit(raws, label)
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest/jobs/{job_id}")
def job_page(job_id: str, request: Request, store: Store):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r} (jobs are kept in memory while the server runs)")
    state = job.as_dict()
    titles = {s.id: s.title for s in store.stories()} if state["stories"] else {}
    return html(request, "job.html", job=state, titles=titles)


@router.get("/api")
def api_page(request: Request):
    spec = request.app.openapi()
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "params": [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]}
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    ]
    if wants_json(request):
        return JSONResponse({"openapi": "/api/openapi.json", "endpoints": endpoints, "total": len(endpoints)})
    return html(request, "api.html", endpoints=endpoints)


def wants_json(request: Request) -> bool:
    """Whether the client prefers JSON to HTML (its Accept header names JSON and ranks it above HTML)."""
    accept = request.headers.get("accept", "").lower()
    if "json" not in accept:
        return False
    ranks = {}
    for part in accept.split(","):
        kind, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        ranks[kind.strip()] = q
    best_json = max((q for k, q in ranks.items() if "json" in k), default=0.0)
    best_html = max((q for k, q in ranks.items() if k in ("text/html", "*/*", "text/*")), default=0.0)
    return best_json >= best_html and best_json > 0
