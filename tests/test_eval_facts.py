"""`recoupe eval facts` on the annotated fact alignments (three RPM2 stories through the whole pipeline).

Floors sit a little under the figures measured when the same-fact model was trained (see README); the baseline
is computed in the same run and must stay below recoupe on pairs."""

import json

import pytest

from conftest import need_shared


@pytest.fixture(scope="module")
def result():
    folder = need_shared("eval", "facts")
    need_shared("eval", "rpm2", "articles.jsonl")
    from recoupe.eval.facts import evaluate

    return evaluate(folder)


def test_pairs_corroboration_and_conflicts_hold_their_floors(result):
    ours, base = result["overall"]["recoupe"], result["overall"]["baseline"]
    assert ours["pair_f1"] >= 0.44, ours
    assert ours["pair_precision"] >= 0.50, ours
    assert ours["corroboration_recall"] >= 0.66, ours
    assert ours["rival_pairs_found"] >= 2, ours
    assert ours["pair_f1"] > base["pair_f1"] + 0.1, (ours, base)


def test_every_story_is_scored_and_the_scored_only_one_is_reported(result):
    assert set(result["per_story"]) == {"T10_C1", "T08_C2", "T02_C1"}
    assert result["scored_only"] == ["T02_C1"]
    json.dumps(result)  # one JSON object for --json
