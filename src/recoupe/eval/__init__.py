"""Evaluation commands: each takes its data (the shared copy by default) and prints figures; --json for one object."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)

from . import cleaning as _cleaning  # noqa: E402,F401  (registers `recoupe eval cleaning`)
from . import timex as _timex  # noqa: E402,F401  (registers `recoupe eval timex`)
from . import timeline as _timeline  # noqa: E402,F401  (registers `recoupe eval timeline`)


@app.callback()
def _evals() -> None:
    """Evaluation commands."""
