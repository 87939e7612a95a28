"""The whole backbone on the seeds: five articles, outlets, dates, one story, stored once."""

import pytest

from recoupe.pipeline import build_dossier
from recoupe.export.jsonout import validate


@pytest.fixture(scope="module")
def seeds(seeds_store):
    store, report = seeds_store
    return store, {a.source.rsplit("/", 1)[-1][:3]: a for a in store.articles()}, report


def test_all_five_seeds_are_stored_with_no_rejects(seeds):
    store, by_prefix, report = seeds
    assert report.added == 5 and not report.rejects
    assert sorted(by_prefix) == ["000", "001", "002", "003", "004"]


def test_outlets_and_republication(seeds):
    _, a, _ = seeds
    assert a["000"].outlet == "News7" and a["000"].derived_from == "Le Monde" and "AFP" in a["000"].credits
    assert a["001"].outlet == "ATS"
    assert a["002"].outlet == "The Associated Press"
    assert a["003"].outlet == "RFI"
    assert a["004"].derived_from == "Reuters"


def test_publication_dates_explicit_or_inferred(seeds):
    _, a, _ = seeds
    assert (a["000"].published, a["000"].published_inferred) == ("2023-09-12", True)
    assert (a["001"].published, a["001"].published_inferred) == ("2023-09-13", False)
    assert a["002"].published.startswith("2023-09")
    assert (a["003"].published, a["003"].published_inferred) == ("2023-09-04", True)
    # 004 names a day only as the date of something reported ("le 4 septembre, X a rapporté …"), which does not
    # date the article itself: it takes its story's month, at that precision, marked inferred.
    assert (a["004"].published, a["004"].published_inferred) == ("2023-09", True)


def test_language_and_sentences(seeds):
    store, a, _ = seeds
    for art in a.values():
        assert art.language == "fr"
        analysis = store.analysis(art.id)
        assert len(analysis.sentences) >= 5
        for s in analysis.sentences:
            assert art.text[s.start:s.end] == s.text


def test_five_seeds_make_one_story(seeds):
    store, a, _ = seeds
    stories = store.stories()
    assert len(stories) == 1 and sorted(stories[0].articles) == sorted(x.id for x in a.values())


def test_dossier_follows_the_contract(seeds):
    store, _, _ = seeds
    d = build_dossier(store)
    validate(d)
    assert len(d["articles"]) == 5 and len(d["stories"]) == 1
