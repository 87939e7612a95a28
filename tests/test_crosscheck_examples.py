"""Facts, conflicts and updates on the bundled example corpus, against its answer key."""

from conftest import EXAMPLES
from recoupe.eval.crosscheck import evaluate


def test_eval_crosscheck_on_the_example_answer_key(nlp):
    result = evaluate(EXAMPLES, nlp=nlp)
    # floors a little under what was measured (facts found 0.96, multi-source 1.0, exact 0.48, MAE 0.56,
    # conflicts and updates 4/4); the English article sits in its own story until stories cross languages
    assert result["gold_facts"] == 28 and result["gold_conflicts"] == 4
    assert result["multi_source_facts_found"] >= 0.9
    assert result["facts_found"] >= 0.85
    assert result["independent_sources_mae"] <= 0.8
    assert result["conflicts_found"] >= 0.75


def test_example_story_lists_the_departure_conflict_and_the_venue_update(examples_store):
    store, _ = examples_store
    conflicts = [c for s in store.stories() for c in s.conflicts]
    assert any(c.kind == "conflict" and "2025-03-09" in {x.value for x in c.claims} for c in conflicts)
    assert any(c.kind == "update" and any("tchernolesk" in x.value.lower() for x in c.claims) for c in conflicts)
    assert any(c.kind == "update" and {"250", "340"} <= {x.value.split()[0] for x in c.claims} for c in conflicts)
