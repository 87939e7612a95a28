"""The quote and NER evaluations on the shared data, with floors a little under the measured figures."""

import pytest

from conftest import EXAMPLES, EXAMPLES2, need_shared


@pytest.mark.slow
def test_quote_eval_on_the_shared_dev_set(nlp):
    from recoupe.eval.quotes import evaluate

    r = evaluate(need_shared("eval", "quotes", "dev.jsonl"), nlp=nlp)
    assert r["gold"] == 328
    # measured 86.8 / 80.0 / 83.1 % (the speaker ranker is fitted on this set: the held-out figure is the
    # cross-validated one, tests/test_coref_speakers.py)
    assert r["f1@0.3"] >= 86.0 and r["f1@0.8"] >= 79.0 and r["speaker_accuracy"] >= 82.0, r


@pytest.mark.slow
def test_quote_eval_on_the_shared_dev2_set(nlp):
    from recoupe.eval.quotes import evaluate

    r = evaluate(need_shared("eval", "quotes", "dev2.jsonl"), nlp=nlp)
    assert r["gold"] == 422
    # measured 75.9 / 62.5 / 60.7 % (scored only, never read item by item)
    assert r["f1@0.3"] >= 75.0 and r["f1@0.8"] >= 61.5 and r["speaker_accuracy"] >= 59.5, r


@pytest.mark.slow
def test_quote_eval_on_the_examples_answer_key(nlp):
    from recoupe.eval.quotes import evaluate

    r = evaluate(EXAMPLES, nlp=nlp)
    assert r["gold"] >= 55
    assert r["f1@0.3"] >= 78.0 and r["speaker_accuracy"] >= 80.0, r


@pytest.mark.slow
def test_quote_eval_on_the_second_example_corpus_holds_the_measured_figures(nlp):
    """Corpus 2 was never tuned on: floors at the figures measured. Spans carry over (F1@0.3 89.3, corpus 1
    90.9); speakers do not (46.8 % where corpus 1 gets 96 %; 66.0 % counting the key's other spellings): a
    pronoun or "Selon X" resolved to a nearby place or organisation, a country split off "Ferrocarriles de
    Valdesia", and the Spanish article without entities (no Spanish model)."""
    from recoupe.eval.quotes import evaluate

    r = evaluate(EXAMPLES2, nlp=nlp)
    assert r["gold"] == 61 and r["articles"] == 13
    assert r["f1@0.3"] >= 89.2 and r["f1@0.8"] >= 76.0, r
    assert r["speaker_accuracy"] >= 46.8 and r["speaker_accuracy_key_spellings"] >= 65.9, r


@pytest.mark.slow
def test_ner_eval_entity_stage_scores_at_least_bare_model():
    from recoupe.eval.ner import evaluate

    r = evaluate(need_shared("eval", "wikineural-fr", "val.conllu"))
    assert r["sentences"] > 12000
    assert r["recoupe"]["f1"] >= r["bare"]["f1"] >= 84.0, r
    assert r["recoupe"]["f1"] >= 86.0
