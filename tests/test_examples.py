"""The bundled example corpora against their answer keys (examples/answers.yaml, examples/corpus2/answers.yaml).

Corpus 1 is the one the cleaning rules were developed beside; corpus 2 (a trial, a rail accident, an election,
with one English and one Spanish article) was written afterwards and never tuned on: its floors are the figures
measured on it, failures included."""

import json

import pytest
import yaml

from conftest import EXAMPLE_FOLDERS
from recoupe.eval.cleaning import evaluate
from recoupe.pipeline import build_dossier
from recoupe.export.jsonout import validate

# measured on corpus 2 (13 articles); the 5 failures: the Spanish byline ("Por ..."), date line, share line
# and caption of a09 (the caption is dropped with the furniture), and a10's outlet read as "Fil d'Ardanie"
# from "la rédaction du Fil d'Ardanie" (the article fused into "du" is lost)
CORPUS2_CLEANING = {"furniture_removed": 0.9746, "must_keep_kept": 1.0, "kept_once_kept": 0.9333,
                    "outlet_accuracy": 0.9231, "derived_from_accuracy": 1.0, "published_accuracy": 1.0,
                    "published_inferred_accuracy": 1.0, "title_accuracy": 1.0, "language_accuracy": 1.0}


def _answers(folder):
    return yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))


def test_cleaning_and_metadata_match_the_answer_key_of_corpus_1():
    result = evaluate(EXAMPLE_FOLDERS["corpus1"])
    assert result["failures"] == []
    assert result["articles"] == 13


def test_cleaning_and_metadata_on_corpus_2_hold_the_measured_figures():
    result = evaluate(EXAMPLE_FOLDERS["corpus2"])
    assert result["articles"] == 13
    for name, floor in CORPUS2_CLEANING.items():
        assert result[name] >= floor, (name, result[name], result["failures"])
    assert len(result["failures"]) <= 5, result["failures"]


def test_example_corpus_runs_end_to_end_and_never_mixes_two_events(example_corpus):
    _, folder, store, report = example_corpus
    answers = _answers(folder)
    assert report.added == len(answers["articles"]) and not report.rejects
    titles = {a["title"]: a["story"] for a in answers["articles"]}
    for story in store.stories():
        events = {titles[a.title] for a in store.articles(list(story.articles))}
        assert len(events) == 1, story.title  # a story never mixes two of the key's events


def test_example_dossier_validates_and_records_the_republications(example_corpus):
    _, folder, store, _ = example_corpus
    answers = _answers(folder)
    d = build_dossier(store)
    validate(d)
    json.dumps(d)
    by_title = {a["title"]: a for a in d["articles"]}
    key_titles = {a["id"]: a["title"] for a in answers["articles"]}
    assert answers["duplicates"]
    for dup in answers["duplicates"]:
        assert by_title[key_titles[dup["article"]]]["derived_from"] == dup["derived_from"]


@pytest.mark.parametrize("name", sorted(EXAMPLE_FOLDERS))
def test_eval_cleaning_command_reads_either_example_folder(name):
    from typer.testing import CliRunner

    from recoupe.cli import app

    result = CliRunner().invoke(app, ["eval", "cleaning", str(EXAMPLE_FOLDERS[name]), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == 13
