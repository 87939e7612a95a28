"""How `recoupe serve` runs the app under uvicorn: limits on slow and idle connections.

uvicorn closes idle keep-alive connections and can cap open connections (`limit_concurrency`: requests beyond it
get 503), but it waits for a request's headers for ever: a client that opens a socket and sends half a request
line (or one header byte a minute) holds it open. `SlowClientProtocol` gives each request `header_timeout`
seconds from the connection (or the end of the previous response) to its last header byte, then answers 408 and
closes. The body's own time limits are the Guard middleware's (it sees the body arrive).
"""

from __future__ import annotations

import asyncio
import logging

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import ServeSettings

log = logging.getLogger(__name__)

TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                    b"content-length: 35\r\nconnection: close\r\n\r\nthe request headers took too long.\n")


class SlowClientProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers."""

    header_timeout: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_header_timer", None) is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a request's headers arrived whole
            self._disarm()

    def on_response_complete(self) -> None:
        self._arm()  # the next request on this connection gets its own deadline
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return
        log.info("closed a connection from %s: no complete request headers in %.0f s", self.client,
                 self.header_timeout)
        self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()


def protocol_for(settings: ServeSettings) -> type[SlowClientProtocol]:
    return type("SlowClientProtocol", (SlowClientProtocol,), {"header_timeout": settings.header_timeout})


def uvicorn_config(app, settings: ServeSettings, host: str, port: int) -> uvicorn.Config:
    """uvicorn's configuration for the app: header deadline, idle keep-alive and connection cap from `settings`."""
    return uvicorn.Config(
        app, host=host, port=port, http=protocol_for(settings), log_level="warning", access_log=False,
        limit_concurrency=settings.max_connections, timeout_keep_alive=settings.keep_alive_timeout,
        h11_max_incomplete_event_size=64 * 1024,  # request line and headers larger than this are refused
    )


def serve(app, settings: ServeSettings, host: str, port: int) -> None:
    uvicorn.Server(uvicorn_config(app, settings, host, port)).run()
