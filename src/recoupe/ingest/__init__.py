"""Readers: files and folders in, RawDocument or Reject out (one reader per format)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..model import RawDocument, Reject
from .decode import DecodeError, decode_bytes
from .feed import looks_like_feed, read_feed
from .html import HtmlError, read_html
from .structured import jsonl_line, read_json, read_jsonl

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | FEED_EXT

__all__ = ["read_paths", "read_file", "read_bytes", "chunks", "read_chunk", "Chunk", "SUPPORTED"]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Raw input for the readers: a whole file's bytes, or some non-blank numbered lines of a JSONL file.

    Listing and reading bytes is cheap and stays with the caller; decoding, parsing and extraction
    (`read_chunk`) is per-article work that a batch engine can send elsewhere.
    """

    source: str
    ext: str
    data: bytes = b""
    lines: tuple[tuple[int, str], ...] = ()


def read_paths(paths: Iterable[str | Path], config: Config) -> Iterator[RawDocument | Reject]:
    """Every article found under the given files and folders, in a stable (sorted) order."""
    for chunk in chunks(paths, config):
        if isinstance(chunk, Reject):
            yield chunk
        else:
            yield from read_chunk(chunk, config)


def chunks(paths: Iterable[str | Path], config: Config, jsonl_lines: int = 64) -> Iterator[Chunk | Reject]:
    """The inputs under the given files and folders as chunks (JSONL files: `jsonl_lines` lines a chunk)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            listed: Iterable[Path | Reject] = _walk(path)
        elif path.exists():
            listed = [path]
        else:
            listed = [Reject(str(path), "no such file or folder")]
        for item in listed:
            if isinstance(item, Reject):
                yield item
            else:
                yield from _file_chunks(item, config, jsonl_lines)


def read_chunk(chunk: Chunk, config: Config) -> Iterator[RawDocument | Reject]:
    if chunk.lines:
        for lineno, line in chunk.lines:
            yield jsonl_line(line, f"{chunk.source}:{lineno}", config.max_article_chars, config.ingest)
    else:
        yield from read_bytes(chunk.data, chunk.source, chunk.ext, config)


def _walk(folder: Path) -> Iterator[Path | Reject]:
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
            yield path
    yield from errors


def read_file(path: Path, config: Config) -> Iterator[RawDocument | Reject]:
    for chunk in _file_chunks(path, config):
        if isinstance(chunk, Reject):
            yield chunk
        else:
            yield from read_chunk(chunk, config)


def _file_chunks(path: Path, config: Config, jsonl_lines: int = 64) -> Iterator[Chunk | Reject]:
    source = str(path)
    ext = path.suffix.lower()
    try:
        size = path.stat().st_size
        if ext not in JSONL_EXT and size > config.max_file_bytes:
            yield Reject(source, f"file too large ({size / 1e6:.1f} MB > {config.max_file_bytes / 1e6:.0f} MB limit)")
            return
        if ext in JSONL_EXT:
            yield from _jsonl_chunks(path, ext, jsonl_lines)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(source, f"unreadable file ({exc.strerror or exc})")
        return
    yield Chunk(source, ext, data=data)


def _jsonl_chunks(path: Path, ext: str, size: int) -> Iterator[Chunk | Reject]:
    # Streamed line by line: JSONL exports can be far larger than any single article.
    with open(path, "rb") as f:
        head = f.read(8192)
    if not head.strip():
        yield Reject(str(path), "empty file")
        return
    if b"\x00" in head:
        yield Reject(str(path), "binary file (not text)")
        return
    lines: list[tuple[int, str]] = []
    any_line = False
    with open(path, encoding="utf-8", errors="replace", newline="\n") as stream:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            lines.append((lineno, line))
            if len(lines) >= size:
                yield Chunk(str(path), ext, lines=tuple(lines))
                lines, any_line = [], True
    if lines:
        yield Chunk(str(path), ext, lines=tuple(lines))
    elif not any_line:
        yield Reject(str(path), "empty file")


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
        yield from read_jsonl(iter(text.splitlines(keepends=True)), source, config.max_article_chars,
                              config.ingest)
    elif ext in JSON_EXT:
        yield from read_json(text, source, config.max_article_chars, config.ingest)
    elif ext in HTML_EXT:
        try:
            yield read_html(text, source, limits=config.ingest)
        except HtmlError as exc:
            yield Reject(source, str(exc))
    elif ext in TEXT_EXT or not ext:
        if len(text) > config.max_article_chars:
            yield Reject(source, f"article too long ({len(text):,} characters > {config.max_article_chars:,})")
            return
        yield RawDocument(source=source, text=text, format="txt")
    else:
        yield Reject(source, f"unsupported file type '{ext}'")
