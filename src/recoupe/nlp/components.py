"""Per-article components beyond sentences and mentions, in the order they run.

Each capability adds its component here (entities within an article, quotes, time expressions).
"""

from __future__ import annotations

from .timex.component import time_expressions

COMPONENTS: list = [time_expressions]
