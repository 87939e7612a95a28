"""Bytes to text: UTF-8 first, then the Western single-byte encodings news sites still serve."""

from __future__ import annotations


class DecodeError(ValueError):
    """The bytes are not text we can read (empty, binary)."""


# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes in the first 8 KiB, mean this is not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > max(8, len(head) // 50)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError for empty or binary input."""
    if not data.strip():
        raise DecodeError("empty file")
    text, encoding = _decode(data)
    if not text.strip():  # a byte order mark, or no-break spaces, and nothing else
        raise DecodeError("empty file")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # odd lengths and broken surrogates become U+FFFD
        return data.decode("utf-16", errors="replace"), "utf-16"
    if looks_binary(data):
        raise DecodeError("binary file (not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 is a superset of latin-1's printable range and what Windows-made pages use;
    # five bytes are undefined in cp1252, so fall back to latin-1 which maps every byte.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
