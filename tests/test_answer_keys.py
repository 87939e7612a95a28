"""The answer keys of the example corpora hold together: every string they quote is in the article it names,
every id they cite exists, every article sits in one story. (No pipeline here: a wrong key would make the
mechanism tests that read it pass or fail for the wrong reason.)"""

import json
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import EXAMPLE_FOLDERS

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def article_text(corpus, a: dict) -> str:
    """The text the key's strings are taken from (see the key's header): decoded file, JSON field, RSS item."""
    raw = (corpus / a["file"]).read_bytes().decode(a.get("encoding", "utf-8"))
    if a["format"] in ("txt", "html"):
        return raw
    if a["format"] == "json":
        return json.loads(raw)[a["field"]]
    if a["format"] == "jsonl":
        return json.loads(raw.splitlines()[a["item"]])[a["field"]]
    items = ET.fromstring(raw.encode("utf-8")).iter("item")
    return list(items)[a["item"]].find(CONTENT).text


@pytest.fixture(scope="module", params=sorted(EXAMPLE_FOLDERS), ids=str)
def key(request):
    folder = EXAMPLE_FOLDERS[request.param]
    answers = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    texts = {a["id"]: article_text(folder / "corpus", a) for a in answers["articles"]}
    files = {a["id"]: (folder / "corpus" / a["file"]).read_bytes().decode(a.get("encoding", "utf-8"))
             for a in answers["articles"]}
    return answers, texts, files


def test_every_string_of_an_article_is_in_its_text(key):
    answers, texts, files = key
    missing = []
    for a in answers["articles"]:
        text = texts[a["id"]]
        strings = [("title", a["title"], files[a["id"]])]
        strings += [("furniture", f["text"], text) for f in a.get("furniture", [])]
        strings += [("near_duplicate_of", f["near_duplicate_of"], text) for f in a.get("furniture", [])
                    if f.get("near_duplicate_of")]
        strings += [("must_keep", s, text) for s in a.get("must_keep", [])]
        for q in a.get("quotes", []):
            strings += [("quote", part, text) for part in q.get("parts") or [q["text"]]]
            strings += [("speaker_mention", q["speaker_mention"], text), ("cue", q["cue"], text)]
            if q.get("fragment"):
                strings.append(("fragment", q["fragment"], q["text"]))
        missing += [f"{a['id']} {what}: {s[:60]!r}" for what, s, where in strings if str(s) not in where]
    assert missing == []


def test_stories_partition_the_articles_and_every_cited_id_exists(key):
    answers, _, _ = key
    story_of = {a["id"]: a["story"] for a in answers["articles"]}
    listed = [i for s in answers["stories"].values() for i in s["articles"]]
    assert sorted(listed) == sorted(story_of)
    for sid, s in answers["stories"].items():
        assert all(story_of[i] == sid for i in s["articles"]), sid
    cited = []
    for item in answers.get("timeline", []) + answers.get("facts", []):
        cited += [(item["story"], i) for i in item["articles"] + item.get("expected_in", [])]
    for c in answers.get("conflicts", []):
        cited += [(c["story"], i) for cl in c["claims"] for i in cl["articles"]]
    assert [(s, i) for s, i in cited if story_of.get(i) != s] == []
    for d in answers.get("duplicates", []):
        assert d["article"] in story_of and (d["copy_of"] is None or d["copy_of"] in story_of)


def test_entity_spellings_occur_in_the_corpus_and_distinct_pairs_name_entities(key):
    answers, texts, _ = key
    everything = "\n".join(texts.values())
    absent = [(e["name"], s) for e in answers["entities"] for s in e.get("aliases", []) + e.get("roles", [])
              if s not in everything]
    assert absent == []
    names = {e["name"] for e in answers["entities"]}
    assert all(p["a"] in names and p["b"] in names for p in answers.get("distinct", []))


def test_independent_sources_count_the_outlets_given(key):
    answers, _, _ = key
    known = {o["name"] for o in answers["outlets"]} | {e["name"] for e in answers["entities"]}
    for f in answers["facts"]:
        assert f["independent_sources"] == len(f["outlets"]), f["id"]
        assert set(f["outlets"]) <= known, f["id"]
