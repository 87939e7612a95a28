"""Evaluation commands: each takes its data (the shared copy by default) and prints figures; --json for one object."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)

from . import cleaning as _cleaning  # noqa: E402,F401  (registers `recoupe eval cleaning`)
from . import clusters as _clusters  # noqa: E402,F401  (registers `recoupe eval clusters`)
from . import pairs as _pairs  # noqa: E402,F401  (registers `recoupe eval pairs`)
from . import timex as _timex  # noqa: E402,F401  (registers `recoupe eval timex`)
from . import timeline as _timeline  # noqa: E402,F401  (registers `recoupe eval timeline`)
from . import dates as _dates  # noqa: E402,F401  (registers `recoupe eval dates`)
from . import summaries as _summaries  # noqa: E402,F401  (registers `recoupe eval summaries`)
from . import crosscheck as _crosscheck  # noqa: E402,F401  (registers `recoupe eval crosscheck`)
from . import facts as _facts  # noqa: E402,F401  (registers `recoupe eval facts`)


def _note_missing_shared() -> None:
    """Eval data defaults to the project's shared folder: say where it was looked for when it is not there (an
    installed wheel has no checkout around it), before a command stops on a missing file."""
    import sys

    from ..config import shared_dir

    if not shared_dir().exists():
        sys.stderr.write(f"note: no shared evaluation folder at {shared_dir()}: set RECOUPE_SHARED to the folder "
                         "that holds eval/ and seeds/, or give each command its data path\n")


@app.callback()
def _evals(
    print_config: bool = typer.Option(False, "--print-config", help="Print the configuration the eval runs with "
                                      "(TOML, on stderr) before its figures."),
) -> None:
    """Evaluation commands."""
    _note_missing_shared()
    if print_config:
        import sys

        from ..config import base_config, config_to_toml

        sys.stderr.write(config_to_toml(base_config()))
from . import ner as _ner  # noqa: E402,F401  (registers `recoupe eval ner`)
from . import quotes as _quotes  # noqa: E402,F401  (registers `recoupe eval quotes`)
