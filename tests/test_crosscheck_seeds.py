"""Cross-checking on the seeds (Kim Jong-un – Poutine, five outlets): facts, conflicts, updates, summary.

Assertions are on facts about the seeds (keywords, dates, places, counts), never on their passages."""

import pytest

from recoupe.crosscheck.text import fold


@pytest.fixture(scope="module")
def story(seeds_store):
    store, _ = seeds_store
    (s,) = store.stories()
    texts = {a.id: a.text for a in store.articles(list(s.articles))}
    return s, texts


def _cited(fact, texts) -> str:
    return fold(" ".join(texts[c.article][c.start:c.end] for c in fact.citations))


def _confirmed(story, *keywords, at_least):
    s, texts = story
    return [f for f in s.facts if f.independent_sources >= at_least and all(k in _cited(f, texts) for k in keywords)]


def test_armoured_train_journey_is_confirmed_by_three_independent_outlets(story):
    assert _confirmed(story, "train", "blinde", at_least=3)


def test_arms_and_munitions_question_is_confirmed_by_three_independent_outlets(story):
    assert _confirmed(story, "munition", at_least=3) or _confirmed(story, "arme", at_least=3)


def test_satellite_technology_request_is_confirmed_by_two_independent_outlets(story):
    assert _confirmed(story, "satellit", at_least=2)


def test_independent_sources_count_origins_not_articles(story):
    s, _ = story
    origins = {g.origin for g in s.provenance}
    for f in s.facts:
        # an origin that only announced the fact beforehand ("pourrait", "devrait") is cited but confirms nothing
        assert 1 <= f.independent_sources <= len(set(f.outlets)) <= len(origins)
        assert set(f.outlets) <= origins


def test_departure_date_conflict_between_the_captions(story):
    s, _ = story
    dates = [c for c in s.conflicts if c.kind == "conflict" and {"2023-09-10", "2023-09-11"} <= {x.value for x in c.claims}]
    assert dates, [(c.kind, c.about, [x.value for x in c.claims]) for c in s.conflicts]
    claims = {x.value: x for x in dates[0].claims}
    assert claims["2023-09-10"].published and claims["2023-09-11"].published


def test_meeting_place_vladivostok_superseded_by_vostochny_is_an_update(story):
    s, _ = story
    updates = [c for c in s.conflicts if c.kind == "update"]
    values = [fold(x.value) for c in updates for x in c.claims]
    assert any("vladivostok" in v for v in values) and any("vosto" in v for v in values)
    (update,) = [c for c in updates if any("vladivostok" in fold(x.value) for x in c.claims)]
    first, *later = update.claims
    assert "vladivostok" in fold(first.value)  # the expected place comes first, what happened after
    assert first.published == "2023-09-04" and any("vosto" in fold(x.value) for x in later)


def test_summary_sentences_all_cite_the_seeds(story):
    s, texts = story
    assert len(s.summary) >= 3
    for sentence in s.summary:
        assert sentence.citations
        own = sentence.citations[0]
        assert texts[own.article][own.start:own.end] == sentence.text
        for c in sentence.citations:
            assert c.article in texts and 0 <= c.start < c.end <= len(texts[c.article])


def test_every_citation_is_an_exact_span(story):
    s, texts = story
    for f in s.facts:
        for c in f.citations:
            assert texts[c.article][c.start:c.end].strip() == texts[c.article][c.start:c.end]
    for c in s.conflicts:
        for claim in c.claims:
            cite = claim.citations[0]
            assert texts[cite.article][cite.start:cite.end] == claim.text


def test_update_summary_since_a_date_tells_only_what_later_articles_add(seeds_store):
    from recoupe.pipeline import build_dossier

    store, _ = seeds_store
    since = "2023-09-12"
    dossier = build_dossier(store, since=since)
    published = {a["id"]: a["published"] for a in dossier["articles"]}
    (story,) = dossier["stories"]
    update = story["update_summary"]
    assert update["since"] == since and update["sentences"]
    for x in update["sentences"]:
        own = x["citations"][0]["article"]  # the sentence itself; corroborating citations may be older
        assert published[own] and published[own][:10] > since, (x["text"], published[own])
    assert "update_summary" not in build_dossier(store)["stories"][0]


def test_the_train_journey_told_several_ways_is_one_fact_of_most_outlets(story):
    # the journey by train is worded differently by each outlet; one fact gathers at least four of the five
    s, texts = story
    outlets = {c.article for f in s.facts for c in f.citations}
    best = max((f for f in s.facts if "train" in _cited(f, texts)), key=lambda f: f.independent_sources)
    assert best.independent_sources >= 4 and len(outlets) >= 4, (best.text, best.outlets)
