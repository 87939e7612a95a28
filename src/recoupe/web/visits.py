"""What is new since the reader's last visit: a cookie keeps the start of the current visit and of the one
before; a visit ends after `VISIT_GAP` without opening the stories list, so reloading does not clear the marks."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

COOKIE = "recoupe_visits"
VISIT_GAP = timedelta(minutes=30)
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def visits(cookie: str | None, now: datetime | None = None) -> tuple[str | None, str]:
    """(start of the previous visit or None, the new cookie value). The cookie is "previous|last seen"."""
    now = now or datetime.now(timezone.utc)
    stamp = now.strftime(_FORMAT)
    parts = [p for p in (cookie or "").split("|") if _STAMP.fullmatch(p)]
    if len(parts) != 2:
        return (parts[0] if parts else None), f"{parts[0] if parts else stamp}|{stamp}"
    previous, last_seen = parts
    if now - datetime.strptime(last_seen, _FORMAT).replace(tzinfo=timezone.utc) > VISIT_GAP:
        previous = last_seen  # a new visit: what is new is what came after the last one
    return previous, f"{previous}|{stamp}"
