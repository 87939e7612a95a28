"""The FastAPI application: pages, the JSON API, static files, and the guard in front of everything."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..export.html import environment
from ..store import open_store
from . import charts
from .aliases import AliasError, AliasFile
from .jobs import Jobs
from .security import Guard
from .settings import ServeSettings
from .views import NotFound

STATIC = Path(__file__).parent / "static"


def templates() -> Environment:
    env = environment("recoupe.web")
    env.globals.update(version=__version__, date_span=charts.date_span)
    env.filters.update(nice_date=charts.nice_date, web_url=web_url, bare_quote=bare_quote)
    return env


def bare_quote(text: str) -> str:
    """A quote without the quotation marks around it (the page draws its own)."""
    return text.strip().strip("«»“”„\"‹›").strip()


def web_url(value: str | None) -> str | None:
    """An article's URL if it is a web address; None for anything else (javascript:, data:, file paths)."""
    if value and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def create_app(settings: ServeSettings, nlp=None) -> FastAPI:
    """The app for one store. `nlp` lets a caller share an already loaded spaCy stage (tests do)."""
    from . import api, pages, sources

    app = FastAPI(
        title="recoupe",
        version=__version__,
        description="Cross-checked news dossiers: stories, articles, entities, quotes, timelines, facts, conflicts. "
        "Lists paginate as {\"items\": [...], \"next\": URL or null}; errors are {\"error\", \"message\", \"status\"}.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the stock docs pages load scripts from a CDN; /api lists the endpoints instead
        redoc_url=None,
    )
    settings = settings.with_alias_file()
    app.state.settings = settings
    app.state.aliases = AliasFile(settings.config.alias_file)
    app.state.templates = templates()
    app.state.open_store = lambda: open_store(settings.db)
    app.state.open_store().close()  # create or migrate the store now, not in the first requests at once
    app.state.jobs = Jobs(settings, app.state.open_store, nlp=nlp)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(sources.router)  # /sources: feeds, fetching URLs, the watcher
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(AliasError)
    async def alias_error(request: Request, exc: AliasError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return error_response(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ())[1:]) or 'request'}: {err.get('msg')}" for err in exc.errors()
        )
        return error_response(request, 422, f"invalid request ({problems})")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):  # a bug: say so as JSON/HTML, never leak a traceback
        return error_response(request, 500, f"internal error ({type(exc).__name__}); the server log has details")

    env = app.state.templates
    app.add_middleware(Guard, settings=settings,
                       error_page=lambda status, message: env.get_template("error.html").render(status=status,
                                                                                                  message=message))
    return app


ERROR_CODES = {400: "bad_request", 401: "token_required", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 408: "timeout", 409: "conflict", 413: "too_large",
               415: "unsupported_media_type", 421: "bad_host", 422: "invalid", 429: "too_many_requests",
               500: "internal", 503: "unavailable"}


def error_response(request: Request, status: int, message: str):
    if status == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": ERROR_CODES.get(status, f"http_{status}"), "message": message, "status": status},
                            status_code=status)
    page = request.app.state.templates.get_template("error.html").render(status=status, message=message)
    return HTMLResponse(page, status_code=status)
