"""The quote and NER evaluations on the shared data, with floors a little under the measured figures."""

import pytest

from conftest import EXAMPLES, need_shared


@pytest.mark.slow
def test_quote_eval_on_the_shared_dev_set(nlp):
    from recoupe.eval.quotes import evaluate

    r = evaluate(need_shared("eval", "quotes", "dev.jsonl"), nlp=nlp)
    assert r["gold"] == 328
    assert r["f1@0.3"] >= 82.0 and r["f1@0.8"] >= 71.0 and r["speaker_accuracy"] >= 74.0, r


@pytest.mark.slow
def test_quote_eval_on_the_examples_answer_key(nlp):
    from recoupe.eval.quotes import evaluate

    r = evaluate(EXAMPLES, nlp=nlp)
    assert r["gold"] >= 55
    assert r["f1@0.3"] >= 78.0 and r["speaker_accuracy"] >= 80.0, r


@pytest.mark.slow
def test_ner_eval_entity_stage_scores_at_least_bare_model():
    from recoupe.eval.ner import evaluate

    r = evaluate(need_shared("eval", "wikineural-fr", "val.conllu"))
    assert r["sentences"] > 12000
    assert r["recoupe"]["f1"] >= r["bare"]["f1"] >= 84.0, r
    assert r["recoupe"]["f1"] >= 86.0
