"""dossier.json: the contract's JSON, and its schema check."""

from __future__ import annotations

import json
from importlib import resources


def dump_json(dossier: dict) -> str:
    return json.dumps(dossier, ensure_ascii=False, indent=2) + "\n"


def schema() -> dict:
    return json.loads(resources.files("recoupe.export").joinpath("dossier.schema.json").read_text(encoding="utf-8"))


def validate(dossier: dict) -> None:
    """Raise jsonschema.ValidationError if the dossier breaks the contract."""
    import jsonschema

    jsonschema.validate(dossier, schema())
