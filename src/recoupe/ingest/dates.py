"""Normalise the publication dates that input metadata carries to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")


def normalise_date(value: object) -> str | None:
    """ISO date at the precision given ('2023', '2023-09', '2023-09-13'), or None if unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, (int, float)):  # unix time
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_PARTIAL.match(text)
    if m:
        year, month, day = m.groups()
        return _valid(int(year), int(month) if month else None, int(day) if day else None)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RFC 822 dates from feeds
    except (TypeError, ValueError, IndexError):
        pass
    m = re.match(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\b", text)  # 13.9.2023, 13/09/2023
    if m:
        return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _valid(year: int, month: int | None, day: int | None) -> str | None:
    if not 1 <= year <= 9999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None
