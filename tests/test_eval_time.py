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


def test_timeline_eval_on_timeline17_and_ml_crisis_beats_the_published_best_and_the_baseline():
    paths = [need_shared("eval", "t17"), need_shared("eval", "mlcrisis")]
    r = run_json("eval", "timeline", *map(str, paths))
    t17 = r["t17"]["en"]
    assert t17["timelines"] == 7
    # measured: date F1 0.700, ROUGE-1 0.145, ROUGE-2 0.060 (Datewise, published: 0.544, 0.120, 0.035)
    assert t17["recoupe"]["date_f1"] >= 0.65
    assert t17["recoupe"]["rouge1_f1"] >= 0.13 and t17["recoupe"]["rouge2_f1"] >= 0.045
    for key in ("date_f1", "rouge1_f1", "rouge2_f1"):
        assert t17["recoupe"][key] > t17["baseline"][key]
    fr = r["mlcrisis"]["fr"]  # measured: date F1 0.26, ROUGE-1 0.064, ROUGE-2 0.019
    assert fr["recoupe"]["date_f1"] >= 0.22 and fr["recoupe"]["rouge1_f1"] >= 0.05
    assert fr["recoupe"]["rouge1_f1"] > fr["baseline"]["rouge1_f1"]
    assert set(r["mlcrisis"]) == {"fr", "es", "it"}
