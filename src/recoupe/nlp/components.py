"""Per-article components beyond sentences and mentions, in the order they run.

Each capability adds its component here (entities within an article, quotes, time expressions).
"""

from __future__ import annotations

from .clauses import clauses
from .mentions import entities
from .quotes import quotes
from .timex.component import time_expressions

# quotes read the repaired mentions and their roles; clauses only annotate the sentences (for cross-checking)
COMPONENTS: list = [entities, quotes, time_expressions, clauses]
