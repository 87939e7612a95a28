"""Story timelines: event dates, merging across articles, statuses (seeds facts, example corpus answer key)."""

from datetime import date

import pytest
import yaml

from conftest import example_ids
from recoupe.crosscheck.timeline import build_timeline, event_dates, event_kinds, first_day
from recoupe.model import Article, ProvenanceGroup


def article(aid, text, published, outlet):
    return Article(id=aid, source=aid, text=text, language="fr", published=published, outlet=outlet)


def test_event_dates_follow_the_time_expressions_and_the_tense():
    a = article("a-1", "Le navire a quitté le port dimanche soir. Il doit accoster jeudi à Varne.\n"
                "Le 2 mars, le ministre avait annoncé le voyage.", "2025-03-11", "X")
    evs = {(e.date, e.status) for e in event_dates(a)}
    assert ("2025-03-09", "reported") in evs
    assert ("2025-03-13", "expected") in evs
    assert ("2025-03-02", "reported") in evs


def test_an_undated_paragraph_lead_in_the_compound_past_takes_the_publication_day():
    a = article("a-1", "Les pompiers ont maîtrisé le feu près de Varne.\n"
                "Le feu avait pris dans une grange, selon la mairie.\n« Nous sommes soulagés », dit le maire.",
                "2025-03-11", "X")
    evs = event_dates(a)
    assert [(e.date, e.source) for e in evs] == [("2025-03-11", "published")]


def test_background_since_dates_do_not_date_the_sentence():
    a = article("a-1", "Le président, au pouvoir depuis 2012, a rencontré mardi son homologue.", "2025-03-12", "X")
    assert [e.date for e in event_dates(a)] == ["2025-03-11"]


def test_reports_of_one_event_merge_and_independent_outlets_confirm_it():
    a = article("a-1", "Le traité a été signé mardi à Varne par les deux présidents.", "2025-03-12", "Le Courrier")
    b = article("a-2", "Les deux présidents ont signé le traité mardi dans la ville de Varne.", "2025-03-12", "AFX")
    c = article("a-3", "Les deux présidents ont signé le traité mardi dans la ville de Varne.", "2025-03-12", "L'Écho")
    groups = (ProvenanceGroup("Le Courrier", ("a-1",)), ProvenanceGroup("AFX", ("a-2", "a-3")))
    one_source = build_timeline([b, c], {}, (ProvenanceGroup("AFX", ("a-2", "a-3")),))
    assert [t.status for t in one_source] == ["reported"]  # a wire and its copy count once
    merged = build_timeline([a, b, c], {}, groups)
    assert len(merged) == 1
    assert merged[0].date == "2025-03-11" and merged[0].status == "confirmed"
    assert {c.article for c in merged[0].citations} == {"a-1", "a-2", "a-3"}


def test_denials_and_expectations_have_their_status():
    a = article("a-1", "Le gouvernement a démenti lundi tout accord secret.\n"
                "Le sommet doit avoir lieu la semaine prochaine à Kolvar.", "2025-03-12", "X")
    tl = build_timeline([a], {}, ())
    assert {(t.date, t.status) for t in tl} == {("2025-03-10", "denied"), ("2025-03", "expected")}
    week = next(t for t in tl if t.status == "expected")
    assert week.precision == "week" and week.value == "2025-W12"


def test_event_kinds_skip_purpose_clauses():
    assert event_kinds("L'armée a tiré deux missiles alors que le président voyageait pour rencontrer son allié") \
        == {"launch", "visit"}


def test_timeline_citations_are_offsets_into_the_texts(example_corpus):
    _, _, store, _ = example_corpus
    arts = {a.id: a for a in store.articles()}
    for s in store.stories():
        assert s.timeline, s.title
        days = [first_day(t.value or t.date) for t in s.timeline]
        assert days == sorted(days)
        for t in s.timeline:
            for c in t.citations:
                assert 0 <= c.start < c.end <= len(arts[c.article].text)


def _answer_articles(folder, store):
    """The answer key and its ids (a01, a06_0 ...) to stored article ids."""
    answers = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    return answers, example_ids(folder, store)


# entries of the key found on their date citing one of their articles, and of those with the key's status.
# corpus 1, measured: all 20 found, 14 with the key's status. corpus 2 (never tuned on), measured: 25 of 26
# found (not: Krell in power "since 2014", a background date by design), 22 with the key's status (the 2019
# contract and the 17 November run-off are "reported" by each article alone as stories split or outlets date
# them differently; the derailment is "reported" eight times, never merged into one confirmed entry).
TIMELINE_FLOORS = {"corpus1": (19, 12), "corpus2": (25, 22)}

# entries each corpus must hold (date or TIMEX value, status)
TIMELINE_MUST = {
    "corpus1": [("2025-03-12", "confirmed"),  # the signing, reported by several outlets
                ("2025-03-14", "denied"),  # the joint denial of a military annex
                ("2025-W12", "expected"),  # parliament examines the text "la semaine prochaine"
                ("2025-03-15", "expected")],  # the ship "doit regagner" port on Saturday
    "corpus2": [("2024-06-27", "confirmed"),  # the verdict, in two outlets ("jeudi")
                ("2024-07-01", "expected"),  # the appeal to be filed "lundi" (said on a Friday)
                ("2025-SP", "expected"),  # the appeal court "pas avant le printemps 2025"
                ("2024-11-18", "confirmed"),  # provisional results, in English and in French
                ("2024-11-19", "expected"),  # "The final results are due on Tuesday"
                ("2024-11-28", "expected"),  # the court rules "avant le 28 novembre"
                ("2024-12-01", "expected")],  # the swearing-in
}


def test_example_timeline_matches_the_answer_key(example_corpus):
    name, folder, store, _ = example_corpus
    answers, ids = _answer_articles(folder, store)
    entries = [t for s in store.stories() for t in s.timeline]
    found = same_status = 0
    for item in answers["timeline"]:
        want = str(item["date"])
        cited = {ids[a] for a in item["articles"]}
        hits = [t for t in entries if (t.value or t.date) == want and cited & {c.article for c in t.citations}]
        found += bool(hits)
        same_status += any(t.status == item["status"] for t in hits)
    min_found, min_status = TIMELINE_FLOORS[name]
    assert found >= min_found, found
    assert same_status >= min_status, same_status
    by = {(t.value or t.date, t.status) for t in entries}
    for want in TIMELINE_MUST[name]:
        assert want in by, want


@pytest.fixture(scope="module")
def seeds_timeline(seeds_store):
    store, _ = seeds_store
    (story,) = store.stories()
    by_prefix = {a.id: a.source.rsplit("/", 1)[-1][:3] for a in store.articles()}
    texts = {a.id: a.text for a in store.articles()}
    return story.timeline, by_prefix, texts


def _cited_text(entry, texts):
    return " ".join(texts[c.article][c.start:c.end] for c in entry.citations)


def test_seed_timeline_holds_the_background_and_summit_dates(seeds_timeline):
    timeline, by_prefix, texts = seeds_timeline
    dates = {t.value or t.date for t in timeline}
    for want in ("2019", "2023-07", "2023-09-04", "2023-09-10", "2023-09-12", "2023-09-13"):
        assert want in dates, want
    july = [t for t in timeline if t.date == "2023-07"]
    assert len(july) == 1 and {by_prefix[c.article] for c in july[0].citations} == {"003", "004"}
    assert july[0].status == "confirmed"  # RFI and Reuters both report the July visit to Pyongyang
    departure = next(t for t in timeline if t.date == "2023-09-10" and t.status != "expected")
    assert {by_prefix[c.article] for c in departure.citations} == {"000", "001"}
    assert "Pyongyang" in _cited_text(departure, texts)
    assert any("2019" in _cited_text(t, texts) and "sommet" in _cited_text(t, texts) for t in timeline
               if t.date.startswith("2019"))


def test_seed_timeline_has_the_meeting_at_vostotchny_and_the_missiles_on_13_september(seeds_timeline):
    timeline, by_prefix, texts = seeds_timeline
    day = [t for t in timeline if t.date == "2023-09-13"]
    meeting = [t for t in day if "Vostotchny" in _cited_text(t, texts)]
    assert meeting and meeting[0].status == "confirmed"
    assert {by_prefix[c.article] for c in meeting[0].citations} >= {"001", "002"}
    assert any("missiles" in _cited_text(t, texts) for t in day)
    assert any("frontière" in _cited_text(t, texts) for t in timeline if t.date == "2023-09-12")


def test_seed_timeline_expects_vladivostok_before_13_september(seeds_timeline):
    timeline, _, texts = seeds_timeline
    expected = [t for t in timeline if t.status == "expected" and first_day(t.value or t.date) < date(2023, 9, 13)]
    assert any("Vladivostok" in t.places for t in expected)
    assert all(t.status != "expected" for t in timeline if t.date == "2023-09-13")


def test_timeline_exports_dossier_markdown_html_and_timelinejs(examples_store, tmp_path):
    import json

    from recoupe.export import write_exports
    from recoupe.pipeline import build_dossier
    from recoupe.export.jsonout import validate

    store, _ = examples_store
    d = build_dossier(store)
    validate(d)
    written = write_exports(d, tmp_path, ("json", "md", "html", "timelinejs"))
    story = next(s for s in d["stories"] if any(t["status"] == "denied" for t in s["timeline"]))
    entry = story["timeline"][0]
    assert {"date", "text", "status", "citations", "precision", "places"} <= set(entry)
    tjs = json.loads(written["timelinejs"].read_text(encoding="utf-8"))
    n_entries = sum(len(s["timeline"]) for s in d["stories"])
    assert len(tjs["events"]) == n_entries and tjs["title"]["text"]["headline"]
    first = tjs["events"][0]
    assert first["start_date"]["year"] >= 2019 and first["text"]["headline"].startswith("[")
    assert {e.get("group") for e in tjs["events"]} >= {s["title"] for s in d["stories"] if s["timeline"]}
    html = written["html"].read_text(encoding="utf-8")
    assert '<svg class="tl-axis"' in html and 'class="status denied"' in html and "<script" not in html
    md = written["md"].read_text(encoding="utf-8")
    assert "### Timeline" in md and "*denied*" in md and "**14 March 2025**" in md


def test_seed_dossier_timexes_follow_the_dates_the_story_inferred(seeds_store):
    from recoupe.pipeline import build_dossier

    store, _ = seeds_store
    by_prefix = {a["source"].rsplit("/", 1)[-1][:3]: a for a in build_dossier(store)["articles"]}
    ap = by_prefix["002"]  # a live page dated only "2023-09" that speaks of Wednesday's meeting
    assert (ap["published"], ap["published_inferred"]) == ("2023-09-13", True)
    reuters = by_prefix["004"]  # "Le 4 septembre" without a year: the story gives 2023
    assert any(t["value"] == "2023-09-04" for t in reuters["timexes"])
    assert not any(t["value"].startswith("XXXX") for t in reuters["timexes"])


def test_odd_dates_never_break_a_timeline():
    a = article("a-1", "En l'an 9999, le 31 décembre, tout finira. Dans 99999999 jours, rien.\n"
                "Au XXe siècle, dans les années 90, le 12/12/1212.", "9999-12-31", "X")
    b = article("a-2", "Hier, mardi 12 septembre 0012, rien.", "0001-01-01", "Y")
    for e in build_timeline([a, b], {}, ()):
        assert e.citations and e.status in ("confirmed", "reported", "expected", "denied")
