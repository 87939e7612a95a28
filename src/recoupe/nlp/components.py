"""Per-article components beyond sentences and mentions, in the order they run.

Each capability adds its component here (entities within an article, quotes, time expressions).
"""

from __future__ import annotations

from .entities import entities
from .quotes import quotes
from .timex.component import time_expressions

COMPONENTS: list = [entities, quotes, time_expressions]  # quotes read the repaired mentions and their roles
