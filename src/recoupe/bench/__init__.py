"""Benchmarks: commands (never timed tests) that print throughput and peak memory beside a baseline."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)

from . import pipeline as _pipeline  # noqa: E402,F401  (registers `recoupe bench pipeline`)
from . import stories as _stories  # noqa: E402,F401  (registers `recoupe bench stories`)
from . import crosscheck as _crosscheck  # noqa: E402,F401  (registers `recoupe bench crosscheck`)
from . import web as _web  # noqa: E402,F401  (registers `recoupe bench web`)
from . import timex as _timex  # noqa: E402,F401  (registers `recoupe bench timex`)
from . import entities as _entities  # noqa: E402,F401  (registers `recoupe bench entities`)
from . import engines as _engines  # noqa: E402,F401  (registers `recoupe bench engines`)
from . import fetch as _fetch  # noqa: E402,F401  (registers `recoupe bench fetch`)
from ..eval import _note_missing_shared  # noqa: E402


@app.callback()
def _benches() -> None:
    """Benchmarks."""
    _note_missing_shared()
