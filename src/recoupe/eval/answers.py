"""The answer key of an example-shaped folder (corpus/ beside answers.yaml), shared by the evals that read one."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml


def answer_key(folder: Path) -> dict:
    """answers.yaml of the folder; a folder without one is a usage error with a one-line reason."""
    path = folder / "answers.yaml"
    if not path.is_file():
        raise typer.BadParameter(f"{folder} has no answers.yaml (give the folder that holds corpus/ and answers.yaml)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))
