"""The bundled example corpus against its answer key (examples/answers.yaml)."""

import json

import yaml

from conftest import EXAMPLES
from recoupe.eval.cleaning import evaluate
from recoupe.pipeline import build_dossier
from recoupe.export.jsonout import validate


def test_cleaning_and_metadata_match_the_answer_key():
    result = evaluate(EXAMPLES)
    assert result["failures"] == []
    assert result["articles"] == 13


def test_example_corpus_runs_end_to_end_and_keeps_both_events_apart(examples_store):
    store, report = examples_store
    assert report.added == 13 and not report.rejects
    answers = yaml.safe_load((EXAMPLES / "answers.yaml").read_text(encoding="utf-8"))
    titles = {a["title"]: a["story"] for a in answers["articles"]}
    for story in store.stories():
        events = {titles[a.title] for a in store.articles(list(story.articles))}
        assert len(events) == 1, story.title  # a story never mixes the summit and the wildfire


def test_example_dossier_validates_and_records_the_republication(examples_store):
    store, _ = examples_store
    d = build_dossier(store)
    validate(d)
    json.dumps(d)
    by_outlet = {a["outlet"]: a for a in d["articles"]}
    assert by_outlet["L'Horizon"]["derived_from"] == "AFX"
