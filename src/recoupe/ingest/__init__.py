"""Readers: files and folders in, RawDocument or Reject out (one reader per format)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import Config
from ..model import RawDocument, Reject
from .decode import DecodeError, decode_bytes
from .feed import looks_like_feed, read_feed
from .html import HtmlError, read_html
from .structured import read_json, read_jsonl

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | FEED_EXT

__all__ = ["read_paths", "read_file", "read_bytes", "SUPPORTED"]


def read_paths(paths: Iterable[str | Path], config: Config) -> Iterator[RawDocument | Reject]:
    """Every article found under the given files and folders, in a stable (sorted) order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path, config)
        elif path.exists():
            yield from read_file(path, config)
        else:
            yield Reject(str(path), "no such file or folder")


def _walk(folder: Path, config: Config) -> Iterator[RawDocument | Reject]:
    errors: list[Reject] = []

    def onerror(exc: OSError) -> None:
        errors.append(Reject(str(exc.filename or folder), f"unreadable folder ({exc.strerror})"))

    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if path.suffix.lower() not in SUPPORTED:
                yield Reject(str(path), f"unsupported file type '{path.suffix or name}'")
                continue
            yield from read_file(path, config)
    yield from errors


def read_file(path: Path, config: Config) -> Iterator[RawDocument | Reject]:
    source = str(path)
    ext = path.suffix.lower()
    try:
        size = path.stat().st_size
        if ext not in JSONL_EXT and size > config.max_file_bytes:
            yield Reject(source, f"file too large ({size / 1e6:.1f} MB > {config.max_file_bytes / 1e6:.0f} MB limit)")
            return
        if ext in JSONL_EXT:
            yield from _read_jsonl_file(path, config)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(source, f"unreadable file ({exc.strerror or exc})")
        return
    yield from read_bytes(data, source, ext, config)


def _read_jsonl_file(path: Path, config: Config) -> Iterator[RawDocument | Reject]:
    # Streamed line by line: JSONL exports can be far larger than any single article.
    with open(path, "rb") as f:
        head = f.read(8192)
    if not head.strip():
        yield Reject(str(path), "empty file")
        return
    if b"\x00" in head:
        yield Reject(str(path), "binary file (not text)")
        return
    with open(path, encoding="utf-8", errors="replace", newline="\n") as stream:
        yield from read_jsonl(stream, str(path), config.max_article_chars)


def read_bytes(data: bytes, source: str, ext: str, config: Config) -> Iterator[RawDocument | Reject]:
    """Read one file's content given its extension (also used for uploads)."""
    ext = ext.lower()
    if ext in FEED_EXT or (ext in HTML_EXT | TEXT_EXT and looks_like_feed(data[:2000].decode("latin-1"))):
        if not data.strip():
            yield Reject(source, "empty file")
            return
        yield from read_feed(data, source, config.max_article_chars)
        return
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        yield Reject(source, str(exc))
        return
    if ext in JSONL_EXT:
        yield from read_jsonl(iter(text.splitlines(keepends=True)), source, config.max_article_chars)
    elif ext in JSON_EXT:
        yield from read_json(text, source, config.max_article_chars)
    elif ext in HTML_EXT:
        try:
            yield read_html(text, source)
        except HtmlError as exc:
            yield Reject(source, str(exc))
    elif ext in TEXT_EXT or not ext:
        if len(text) > config.max_article_chars:
            yield Reject(source, f"article too long ({len(text):,} characters > {config.max_article_chars:,})")
            return
        yield RawDocument(source=source, text=text, format="txt")
    else:
        yield Reject(source, f"unsupported file type '{ext}'")
