"""What `recoupe serve` is configured with: the pipeline's Config plus the server's own limits and secrets."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Config
from ..store import is_url

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeSettings:
    config: Config = field(default_factory=Config)
    token: str | None = None  # every request must carry it when set (required off loopback)
    max_upload_bytes: int = 64 * 1024 * 1024
    # Host headers accepted (a guard against DNS rebinding on a loopback server); None accepts any.
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_NAMES
    page_size: int = 50
    # Slow or stalled clients (each default measured against nothing but common sense: generous for a person on a
    # slow line, short enough that hundreds of idle sockets cannot pile up):
    header_timeout: float = 10.0  # seconds a client has to send a request's line and headers
    body_idle_timeout: float = 20.0  # seconds the body may stall between two chunks
    body_timeout: float = 300.0  # seconds the whole body may take (64 MB at about 1.7 Mbit/s)
    keep_alive_timeout: int = 5  # seconds an idle keep-alive connection stays open
    max_connections: int = 100  # open connections beyond this get 503 (uvicorn's limit_concurrency)
    facts_shown: int = 20  # facts on a story page before "show all"
    keep_jobs: int = 50  # finished ingest jobs whose progress pages are kept (older ones are forgotten)
    max_pasted_urls: int = 50  # addresses the Sources page fetches from one paste
    recent_rejects: int = 20  # fetch errors listed on the Sources page
    search_export_max: int = 10_000  # hits written by search.csv / search.json
    visit_cookie_days: int = 400  # days the browser keeps the "new since your last visit" cookie

    @property
    def db(self) -> str:
        return self.config.db

    def with_alias_file(self) -> ServeSettings:
        """These settings with an alias file for entity corrections: the configured one, else
        `<store>.aliases.yaml` beside the store (the pipeline reads the same file)."""
        if self.config.alias_file is not None:
            return self
        if is_url(self.config.db):  # a PostgreSQL store: "<database>.aliases.yaml" in the working directory
            name = urlsplit(self.config.db).path.strip("/") or "recoupe"
            return replace(self, config=replace(self.config, alias_file=Path(f"{name}.aliases.yaml").resolve()))
        return replace(self, config=replace(self.config, alias_file=Path(self.config.db).with_suffix(".aliases.yaml")))
