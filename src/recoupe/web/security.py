"""One ASGI middleware for what every response and request goes through: the access token, the Host and
Origin checks (state-changing requests must come from our own pages), the upload size limit, the time a client
may take to send its body, and the security headers (a Content-Security-Policy with no inline script).

Everything here is decided from the request line and headers, before the body is read: a refused request never
gets to send its body.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import anyio
from starlette.requests import ClientDisconnect

from .settings import ServeSettings

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # browsers then send Origin on our own form posts
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
TOKEN_COOKIE = "recoupe_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class TooLarge(Exception):
    pass


class BodyTimeout(Exception):
    pass


ErrorPage = Callable[[int, str], str]  # (status, message) -> an HTML page


class Guard:
    def __init__(self, app, settings: ServeSettings, error_page: ErrorPage | None = None) -> None:
        self.app = app
        self.settings = settings
        self.error_page = error_page

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + HEADERS}
            await send(message)

        refusal = self._refusal(scope, headers)
        if refusal is not None:
            return await self._answer(refusal, scope, headers)(scope, receive, send_with_headers)
        if self.settings.token and _query_token(scope) is not None and scope["method"] == "GET":
            # A link carrying ?token=…: keep it in a cookie and drop it from the address bar.
            return await _set_cookie_and_redirect(scope, self.settings.token)(scope, receive, send_with_headers)

        limit = self.settings.max_upload_bytes
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return await self._answer(_too_large(int(length), limit), scope, headers)(scope, receive, send_with_headers)
        received = 0
        started = False
        idle, deadline = self.settings.body_idle_timeout, anyio.current_time() + self.settings.body_timeout

        async def counting_receive():
            nonlocal received
            # a client that stops sending its body (or sends it byte by byte) does not hold a worker forever
            wait = min(idle, deadline - anyio.current_time())
            with anyio.move_on_after(max(wait, 0)) as waited:
                message = await receive()
            if waited.cancelled_caught:
                raise BodyTimeout
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except TooLarge:
            if not started:
                await self._answer(_too_large(received, limit), scope, headers)(scope, receive, send_with_headers)
        except BodyTimeout:
            log.info("%s %s: the client sent no body data for too long; answered 408", scope["method"], scope["path"])
            if not started:
                await self._answer(_error(408, "timeout", "the request body did not arrive in time"), scope,
                                   headers)(scope, receive, send_with_headers)
        except ClientDisconnect:  # the client went away mid-body: nobody to answer, nothing to log but a line
            log.info("%s %s: the client disconnected before sending its whole body", scope["method"], scope["path"])

    def _answer(self, error: tuple[int, str, str], scope, headers: dict[str, str]):
        """An error as JSON for the API and for clients that ask for JSON, else as a page."""
        status, code, message = error
        wants_json = scope["path"].startswith("/api/") or "application/json" in headers.get("accept", "")
        if wants_json or self.error_page is None:
            body = json.dumps({"error": code, "message": message, "status": status}).encode()
            return _response(status, body, b"application/json")
        return _response(status, self.error_page(status, message).encode(), b"text/html; charset=utf-8")

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str, str] | None:
        host = _hostname(headers.get("host", ""))
        allowed = self.settings.allowed_hosts
        if allowed is not None and host not in allowed:
            return _error(421, "bad_host", f"this server answers to {', '.join(allowed)}, not {host or 'no host'}")
        if scope["method"] in UNSAFE_METHODS and not _same_origin(headers):
            return _error(
                403, "cross_origin",
                "a request that changes something must come from this server's own pages (same-origin Origin or "
                "Referer header), or carry 'X-Requested-With', 'Authorization' or a JSON body",
            )
        if self.settings.token and not self._token_ok(scope, headers):
            return _error(
                401, "token_required",
                "this server needs its access token: open the link `recoupe serve` printed, or send "
                "'Authorization: Bearer TOKEN'",
            )
        return None

    def _token_ok(self, scope, headers: dict[str, str]) -> bool:
        want = self.settings.token.encode()
        candidates = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            candidates.append(auth[7:].strip())
        candidates.append(headers.get("x-recoupe-token", ""))
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is no token
            pass
        if TOKEN_COOKIE in cookie:
            candidates.append(cookie[TOKEN_COOKIE].value)
        candidates.append(_query_token(scope) or "")
        return any(c and hmac.compare_digest(c.encode(), want) for c in candidates)


def _same_origin(headers: dict[str, str]) -> bool:
    """Whether a state-changing request provably comes from our own pages or from a program, not from a form or
    script on another site: a same-origin Origin (or, without Origin, Referer), or something a cross-site page
    cannot send without a CORS preflight we never grant (a custom header, Authorization, a JSON content type)."""
    host = headers.get("host", "")
    if "origin" in headers:
        return urlsplit(headers["origin"]).netloc == host and headers["origin"] != "null"
    if "referer" in headers:
        return urlsplit(headers["referer"]).netloc == host
    if "x-requested-with" in headers or "authorization" in headers or "x-recoupe-token" in headers:
        return True
    return headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _query_token(scope) -> str | None:
    for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if k == "token":
            return v
    return None


def _response(status: int, body: bytes, content_type: bytes, extra: list | None = None):
    async def respond(scope, receive, send):
        await send({
            "type": "http.response.start", "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())] + (extra or []),
        })
        await send({"type": "http.response.body", "body": body})

    return respond


def _error(status: int, code: str, message: str) -> tuple[int, str, str]:
    return status, code, message


def _too_large(size: int, limit: int) -> tuple[int, str, str]:
    return _error(
        413, "too_large",
        f"upload of {size / 2**20:.1f} MB is over the {limit / 2**20:.0f} MB limit; send fewer or smaller files",
    )


def _set_cookie_and_redirect(scope, token: str):
    query = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"])
    location = "/" + quote(scope["path"].lstrip("/")) + (f"?{query}" if query else "")  # never "//host"
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    return _response(303, b"", b"text/plain", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
