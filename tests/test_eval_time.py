"""The time evaluations run on the shared data (French TimeBank; timeline sets) and keep their floors."""

import json

from typer.testing import CliRunner

from conftest import need_shared
from recoupe.cli import app


def run_json(*args) -> dict:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_timex_eval_on_french_timebank_beats_heideltime():
    path = need_shared("eval", "ftib", "ftib.jsonl")
    r = run_json("eval", "timex", str(path))
    assert r["gold"] == 181
    # measured 0.905 strict and 0.905 value F1; HeidelTime on this half: 0.816 and 0.726
    assert r["strict_f1"] >= 0.88 and r["relaxed_f1"] >= 0.93
    assert r["value_f1"] >= 0.87 and r["type_f1"] >= 0.90
