"""Printing an eval result: one JSON object with --json, else one figure a line and the failures below."""

from __future__ import annotations

import json


def print_result(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for k, v in result.items():
        if k != "failures":
            print(f"{k:28} {v}")
    for f in result.get("failures", []):
        print("  -", f)
