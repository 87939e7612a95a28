"""Training commands: each learns a model from the shared gold data, prints its cross-validated figures and
writes its parameters into the package (recoupe/data)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)


@app.callback()
def _trainings() -> None:
    """Training commands."""


from . import facts as _facts  # noqa: F401  (registers `recoupe train facts`)
