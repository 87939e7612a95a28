"""`recoupe serve`: the web pages and the JSON API over one store."""

from __future__ import annotations

from .app import create_app
from .settings import ServeSettings, is_loopback

__all__ = ["create_app", "ServeSettings", "is_loopback"]
