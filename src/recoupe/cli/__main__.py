"""`python -m recoupe.cli …` is the `recoupe` command."""

from . import entry

entry()
