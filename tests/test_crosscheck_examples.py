"""Facts, conflicts and updates on the bundled example corpora, against their answer keys."""

import pytest

from conftest import EXAMPLE_FOLDERS
from recoupe.eval.crosscheck import evaluate

# corpus 1: floors a little under what was measured (facts found 0.96, multi-source 1.0, exact 0.48, MAE 0.56,
# conflicts and updates 4/4). corpus 2 (never tuned on): the figures as measured. Its stories are split (the
# trial in three, the accident in four), so most multi-source facts are counted with too few sources, and none
# of its 7 conflicts and updates is found as the key states it (see the xfail tests below).
FLOORS = {
    "corpus1": {"gold_facts": 28, "gold_conflicts": 4, "multi_source_facts_found": 0.9, "facts_found": 0.85,
                "independent_sources_mae": 0.8, "conflicts_found": 0.75},
    "corpus2": {"gold_facts": 27, "gold_conflicts": 7, "multi_source_facts_found": 0.92, "facts_found": 0.96,
                "independent_sources_mae": 0.62, "conflicts_found": 0.0},
}


@pytest.mark.parametrize("name", sorted(EXAMPLE_FOLDERS))
def test_eval_crosscheck_on_the_example_answer_keys(nlp, name):
    result = evaluate(EXAMPLE_FOLDERS[name], nlp=nlp)
    floor = FLOORS[name]
    assert result["gold_facts"] == floor["gold_facts"] and result["gold_conflicts"] == floor["gold_conflicts"]
    assert result["multi_source_facts_found"] >= floor["multi_source_facts_found"], result
    assert result["facts_found"] >= floor["facts_found"], result
    assert result["independent_sources_mae"] <= floor["independent_sources_mae"], result
    assert result["conflicts_found"] >= floor["conflicts_found"], result


def test_example_story_lists_the_departure_conflict_and_the_venue_update(examples_store):
    store, _ = examples_store
    conflicts = [c for s in store.stories() for c in s.conflicts]
    assert any(c.kind == "conflict" and "2025-03-09" in {x.value for x in c.claims} for c in conflicts)
    assert any(c.kind == "update" and any("tchernolesk" in x.value.lower() for x in c.claims) for c in conflicts)
    assert any(c.kind == "update" and {"250", "340"} <= {x.value.split()[0] for x in c.claims} for c in conflicts)


def _numbers(conflict) -> set[str]:
    return {x.value.split()[0].replace("\u202f", "").replace(" ", "") for x in conflict.claims}


@pytest.mark.xfail(strict=True, reason="corpus 2, measured after conflicts were rebuilt on aligned clauses: the two "
                   "counts of cancelled ballots are no longer set side by side at all (the earlier rules listed them "
                   "as an update); the story lists date conflicts between adjacent days instead")
def test_corpus2_the_two_counts_of_cancelled_ballots_meet_in_one_claim_set(examples2_store):
    store, _ = examples2_store
    conflicts = [c for s in store.stories() for c in s.conflicts]
    assert any({"12400", "41000"} <= _numbers(c) for c in conflicts)


@pytest.mark.xfail(strict=True, reason="corpus 2, measured: the commission's 12 400 and the party's 41 000 "
                   "cancelled ballots (both articles give both, each with its side) come out as an update "
                   "from the earlier article to the later one, not as a conflict")
def test_corpus2_cancelled_ballots_are_a_conflict(examples2_store):
    store, _ = examples2_store
    conflicts = [c for s in store.stories() for c in s.conflicts]
    assert any(c.kind == "conflict" and {"12400", "41000"} <= _numbers(c) for c in conflicts)


@pytest.mark.xfail(strict=True, reason="corpus 2, measured: the accident's articles fall in four stories, so "
                   "the death toll (4, then 7, then 9; 7 against 8 on the same day) is never compared")
def test_corpus2_death_toll_is_an_update_and_a_same_day_conflict(examples2_store):
    store, _ = examples2_store
    conflicts = [c for s in store.stories() for c in s.conflicts]
    assert any(c.kind == "update" and {"4", "9"} <= _numbers(c) for c in conflicts)
    assert any(c.kind == "conflict" and {"7", "8"} <= _numbers(c) for c in conflicts)


@pytest.mark.xfail(strict=True, reason="corpus 2, measured: 51,8 % then 52,4 % (provisional, then final "
                   "results) is not found as an update")
def test_corpus2_provisional_and_final_results_are_an_update(examples2_store):
    store, _ = examples2_store
    conflicts = [c for s in store.stories() for c in s.conflicts]
    assert any(c.kind == "update" and any("52,4" in x.value or "52.4" in x.value for x in c.claims)
               for c in conflicts)
