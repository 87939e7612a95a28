"""Training commands: each refits a shipped parameter file from ../shared and prints cross-validated figures."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)


@app.callback()
def _trainers() -> None:
    """Training commands."""


from . import command as _command  # noqa: E402,F401  (registers `recoupe train stories`)
from . import facts as _facts  # noqa: E402,F401  (registers `recoupe train facts`)
from ..speakers import train_speakers  # noqa: E402

app.command("speakers")(train_speakers)  # `recoupe train speakers`
